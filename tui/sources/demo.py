"""Replays the recorded incident in `sample_data/demo` as if it were live.

The recording holds real API shapes (Prometheus `query_range` responses, a
Kubernetes pod list then watch events), parsed by the same functions as the
live sources, so the demo yields exactly the snapshot types they do."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import UTC, datetime
from typing import Any

from tui.model.alerts import Alert, newest_first
from tui.model.health import HealthResult
from tui.model.metrics import MetricSnapshot, PaneSpec, Series
from tui.model.pod_detail import PodDetail
from tui.model.pods import PodRow, PodSnapshot
from tui.model.rollouts import RolloutHistory, revisions_newest_first
from tui.model.slo import SloEvents, SloSpec
from tui.sources import SourceError
from tui.sources.demo_catalog import DemoCatalog
from tui.sources.demo_recording import (
    FORMAT,
    DemoAlertRule,
    DemoHealthCheck,
    DemoSlo,
    PodEvent,
    Recording,
    load_recording,
)
from tui.sources.kubernetes_parse import pod_detail, pod_row, revision

# What importers have always found here; the recording and the catalog
# have their own modules.
__all__ = ["FORMAT", "DemoAlertRule", "DemoCatalog", "DemoHealthCheck", "DemoSlo",
           "DemoSource", "PodEvent", "Recording", "load_recording"]

class DemoSource:
    """Answers "what would Prometheus and the pod watch show at time t"."""

    def __init__(self, recording: Recording) -> None:
        self.recording = recording
        self._recorded = {spec.id: spec for spec in recording.panes}
        self._pods: dict[str, dict[str, Any]] = {}
        self._applied = 0  # pod events applied so far
        self._synced = False
        self._now: datetime | None = None

    def pane(self, spec: PaneSpec, now: datetime, window_seconds: int) -> MetricSnapshot:
        start, end = now.timestamp() - window_seconds, now.timestamp()
        sliced = []
        for series in self.recording.series.get(spec.id, ()):
            lo = bisect_left(series.timestamps, start)
            hi = bisect_right(series.timestamps, end)
            sliced.append(Series(series.name, series.labels, series.timestamps[lo:hi],
                                 series.values[lo:hi]))
        return MetricSnapshot(spec.id, tuple(sliced), now, window_seconds)

    # The same calls as the live sources make, answered from the recording.

    async def fetch_pane(self, spec: PaneSpec, now: datetime, window_seconds: int,
                         points: int) -> MetricSnapshot:
        recorded = self._recorded.get(spec.id)
        if recorded is None or recorded.queries != spec.queries:
            raise SourceError("the demo recording has no data for this query")
        return self.pane(spec, now, window_seconds)

    async def slo_events(self, spec: SloSpec, start: datetime, end: datetime,
                         now: datetime) -> SloEvents:
        return self.measure_slo(spec, start, end, now)

    def measure_slo(self, spec: SloSpec, start: datetime, end: datetime,
                    now: datetime) -> SloEvents:
        demo = next((slo for slo in self.recording.slos if slo.spec.id == spec.id), None)
        if demo is None:
            raise SourceError(f"the demo recording has no traffic for the SLO {spec.id!r}")
        a, b = start.timestamp(), end.timestamp()
        rate = demo.requests_per_second
        total = rate * max(0.0, b - a)
        bad = rate * self.recording.bad_share_integral(demo.pane, demo.series, a, b)
        # Steady traffic: the SLO's window holds its length in events at that rate.
        return SloEvents(spec.id, start, end, total - bad, total, rate * spec.window_seconds,
                         now, "demo")

    async def aclose(self) -> None:
        """Nothing to release: the recording is in memory."""

    async def alerts(self, now: datetime) -> tuple[Alert, ...]:
        at = now.timestamp()
        found = []
        for rule in self.recording.alert_rules:
            since = self.recording.above_since(rule.pane, rule.series, rule.above, at)
            if since is None:
                continue
            state = "firing" if at - since >= rule.for_seconds else "pending"
            found.append(Alert(rule.name, rule.severity, state, datetime.fromtimestamp(since, UTC),
                               rule.summary, (("alertname", rule.name),
                                              ("severity", rule.severity))))
        return newest_first(found)

    async def health(self, now: datetime) -> tuple[HealthResult, ...]:
        at = now.timestamp()
        results = []
        for check in self.recording.health:
            ratio = self.recording.value_at(check.pane, check.series, at)
            latency = self.recording.value_at(check.latency_pane, check.latency_series, at)
            down = ratio is not None and ratio > check.down_above
            results.append(HealthResult(
                check.name, not down, now, 503 if down else 200,
                None if latency is None else latency * check.latency_scale,
                "expected 200" if down else "",
            ))
        return tuple(results)

    def pods(self, now: datetime) -> PodSnapshot:
        """Apply the watch events up to `now`, like a watch cache would."""
        events = self.recording.pod_events
        if self._applied and events[self._applied - 1].at > now:
            # Asked for an earlier moment: replay from the list again.
            self._pods, self._applied, self._synced = {}, 0, False
        self._now = now
        while self._applied < len(events) and events[self._applied].at <= now:
            event = events[self._applied]
            self._apply(event)
            self._applied += 1
        rows = tuple(pod_row(pod, self.recording.cluster) for pod in self._pods.values())
        return PodSnapshot(rows=rows, as_of=now, synced=self._synced,
                           clusters=(self.recording.cluster,))

    def detail(self, row: PodRow) -> PodDetail:
        """The pod as last replayed, with the Events recorded about it so far."""
        pod = self._pods.get(f"{row.namespace}/{row.name}")
        if pod is None:
            raise SourceError(f"pod {row.namespace}/{row.name} is gone")
        now = self._now
        events = [event.object for event in self.recording.kube_events
                  if (now is None or event.at <= now)
                  and (event.object.get("involvedObject") or {}).get("name") == row.name]
        return pod_detail(pod, _aggregated(events), self.recording.cluster)

    def rollouts(self, now: datetime) -> RolloutHistory:
        """Each ReplicaSet as it stood at `now`."""
        latest: dict[str, dict[str, Any]] = {}
        for change in self.recording.replicasets:
            if change.at <= now:
                latest[self._key(change.object)] = change.object
        found = (revision(item, self.recording.cluster) for item in latest.values())
        return RolloutHistory(revisions_newest_first(r for r in found if r is not None))

    def close(self) -> None:
        """Nothing runs in the background: the replay is driven by pods()."""

    def _apply(self, event: PodEvent) -> None:
        if event.type == "LIST":
            self._pods = {self._key(item): item for item in event.object.get("items", ())}
            self._synced = True
        elif event.type == "DELETED":
            self._pods.pop(self._key(event.object), None)
        else:
            self._pods[self._key(event.object)] = event.object

    @staticmethod
    def _key(pod: dict[str, Any]) -> str:
        metadata = pod.get("metadata", {})
        return f"{metadata.get('namespace')}/{metadata.get('name')}"


def _aggregated(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Repeats of one reason and message folded into one Event with a count,
    as the API server's event correlator does."""
    folded: dict[tuple[str, str], dict[str, Any]] = {}
    for event in events:
        key = (str(event.get("reason")), str(event.get("message")))
        seen = folded.get(key)
        if seen is None:
            folded[key] = {**event, "count": 1}
        else:
            seen["count"] += 1
            seen["lastTimestamp"] = event.get("lastTimestamp")
    return list(folded.values())
