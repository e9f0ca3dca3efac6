"""What the war room and the review both do with the incident record: hand
a committed change to the UI thread, star entries, open another incident,
export it, and say which playbook or template files could not be read."""

from __future__ import annotations

from pathlib import Path

from tui import actions
from tui.exports import write_export
from tui.model.incident import Incident
from tui.screens.messages import RecordChanged
from tui.screens.warroom_parts import WarroomParts
from tui.widgets.timeline_pane import TimelinePane
from tui.workers import work


class RecordWork(WarroomParts):
    """Mixed into WarroomScreen and ReviewScreen, which each say what opening
    another incident means (`_open_incident`)."""

    def _publish(self, incident_id: str, saved: str) -> None:
        """From a worker: re-read the committed record and hand it to the UI thread."""
        self.post_message(RecordChanged(self.context.store.record(incident_id), saved))

    def _report_file_problems(self) -> None:
        """Playbook and template files that could not be read, one toast each."""
        for title, problems in (("Playbook not loaded", self.context.playbook_problems),
                                ("Template not loaded", self.context.template_problems),
                                ("Contacts not loaded", self.context.roster_problems)):
            for problem in problems:
                self.notify(problem, title=title, severity="error", timeout=12, markup=False)

    def on_timeline_pane_star_requested(self, message: TimelinePane.StarRequested) -> None:
        self._star_entry(message.entry.id, not message.entry.starred)

    @work(thread=True, group="store", exit_on_error=False)
    def _star_entry(self, entry_id: int, starred: bool) -> None:
        actions.star_entry(self.context.store, entry_id, starred)
        self._publish(self.incident.id, "Starred" if starred else "Star removed")

    def action_pick_incident(self) -> None:
        from tui.screens.incident_picker import IncidentPicker

        store = self.context.store

        def opened(incident_id: str | None) -> None:
            if incident_id is None or incident_id == self.incident.id:
                return
            if self.context.demo_exit is not None:
                # Any other incident is a real one: it asks, as declaring does.
                self.open_leaving_demo(self.context.demo_exit, incident_id)
            else:
                self._open_incident(incident_id)

        def look_alikes(incident: Incident) -> list[Incident]:
            return store.incidents.look_alikes(incident.title, incident.services,
                                               incident.scenarios,
                                     leave_out=incident.id, limit=3)

        self.app.push_screen(IncidentPicker(lambda text, which: store.incidents.find(
            text, which=which), current_id=self.incident.id, now=self.context.clock.now(),
            look_alikes=look_alikes), opened)

    def action_export_postmortem(self) -> None:
        self._export(self.incident.id, Path.cwd(), "md")

    def action_export_json(self) -> None:
        self._export(self.incident.id, Path.cwd(), "json")

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, incident_id: str, folder: Path, form: str) -> None:
        message = write_export(self.context.store, incident_id, folder, form,
                               self.context.severity_levels)
        self.app.call_from_thread(self.notify, message, timeout=6, markup=False)
