"""The demo incident's history, stored as a war room open from the start of
the recording to its end would have stored it: so that `warroom review`
shows the whole demo story (the deploy, the pool running dry, the rollback,
the recovery) on a machine that never replayed it."""

from __future__ import annotations

from tui.model.incident import Milestone
from tui.sources.demo import DemoSource, Recording
from tui.store import Store


def archive_recording(store: Store, recording: Recording, incident_id: str) -> None:
    source = DemoSource(recording)
    span = int((recording.end - recording.start).total_seconds())
    for spec in recording.panes:
        store.archives.save_metric_snapshot(incident_id, spec, source.pane(spec, recording.end,
                                                                           span))
    incident = store.incidents.get(incident_id)
    if incident is not None:
        end = incident.milestones.get(Milestone.RESOLVED) or recording.end
        for slo in recording.slos:
            store.archives.save_slo_events(incident_id, slo.spec, source.measure_slo(
                slo.spec, incident.started_at, end, recording.end))
    recorder = store.archives.pod_recorder(incident_id)
    for moment in sorted({event.at for event in recording.pod_events}):
        recorder.record(source.pods(moment))
