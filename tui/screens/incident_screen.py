"""What the war room and the review share: the incident record and its
properties, a committed change handed to the UI thread and shown, the one
handler of worker failures (each declared with its worker), narrow-width
handling, starring, opening another incident, exports, and the toasts for
playbook or template files that could not be read."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Literal

from textual import events
from textual.geometry import Size
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tui import actions
from tui.files.exports import write_export
from tui.model.incident import Incident
from tui.model.playbook import placeholder_values
from tui.model.record import IncidentRecord
from tui.model.safe_text import printable
from tui.model.timeline import TimelineEntry
from tui.screens.composer_part import ComposerPart
from tui.screens.follow_ups_part import FollowUps
from tui.screens.messages import RecordChanged
from tui.ui.context import WarroomContext
from tui.ui.toast_once import ToastOnce
from tui.ui.workers import Failure, failure_of, work
from tui.widgets.action_items_pane import ActionItemsPane
from tui.widgets.composer_pane import ComposerPane
from tui.widgets.timeline_pane import TimelinePane

NARROW_WIDTH = 120


class IncidentScreen(Screen[None]):
    """Each screen says what opening another incident means (`_open_incident`),
    how it shows a record (`_show_record`) and what an undeclared worker
    failure says (`DEFAULT_FAILURE`)."""

    DEFAULT_FAILURE = Failure("Not saved: {error}", timeout=10)

    def __init__(self, context: WarroomContext) -> None:
        super().__init__()
        self.context = context
        self.record = IncidentRecord(context.incident, context.entries)
        # One toast for a trouble that repeats (a full disk fails every write).
        self.toast_once = ToastOnce()
        self.follow_ups = FollowUps(self, self._publish)
        self.composer = ComposerPart(self, self._publish)

    @property
    def incident(self) -> Incident:
        return self.record.incident

    @property
    def entries(self) -> list[TimelineEntry]:
        return self.record.entries

    def values(self) -> dict[str, str]:
        """What `<service>`, `<namespace>`… stand for in this incident."""
        return placeholder_values(self.incident, self.context.namespace)

    # -- hooks each screen fills in ------------------------------------------------------

    def _show_record(self) -> None:
        raise NotImplementedError

    def _open_incident(self, incident_id: str) -> object:
        # `object`: the review's is a worker (which it returns), the war
        # room's a plain call; the caller waits for neither.
        raise NotImplementedError

    def fit_width(self, size: Size) -> None:
        """The screen's layout for the terminal's size: narrow below 120 columns."""
        self.set_class(size.width < NARROW_WIDTH, "-narrow")

    def on_resize(self, event: events.Resize) -> None:
        self.fit_width(event.size)

    # -- the record ------------------------------------------------------------------------

    def _publish(self, incident_id: str, saved: str, *,
                 severity: Literal["information", "warning"] = "information",
                 timeout: float = 3) -> None:
        """From a worker: re-read the committed record and hand it to the UI thread."""
        self.post_message(RecordChanged(self.context.store.record(incident_id), saved,
                                        severity=severity, timeout=timeout))

    def on_record_changed(self, message: RecordChanged) -> None:
        incident_id = message.record.incident.id
        if incident_id != self.incident.id:
            # Written for the incident switched away from: it is saved there.
            if message.saved:
                self.notify(f"{message.saved} ({printable(incident_id)})", timeout=3,
                            markup=False)
            return
        self.record = message.record
        self._show_record()
        if message.saved:
            self.notify(message.saved, severity=message.severity, timeout=message.timeout,
                        markup=False)

    def take_record(self, record: IncidentRecord) -> None:
        """Read elsewhere (a live refresh): shown if it is still this screen's incident."""
        if record.incident.id == self.incident.id:
            self.record = record
            self._show_record()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            failure = failure_of(event.worker) or self.DEFAULT_FAILURE
            failure.report(self, event.worker.error)

    def _report_file_problems(self) -> None:
        """Playbook and template files that could not be read, one toast each."""
        for title, problems in (("Playbook not loaded", self.context.playbook_problems),
                                ("Template not loaded", self.context.template_problems),
                                ("Contacts not loaded", self.context.roster_problems)):
            for problem in problems:
                self.notify(problem, title=title, severity="error", timeout=12, markup=False)

    # -- keys both screens have ------------------------------------------------------------

    def on_timeline_pane_star_requested(self, message: TimelinePane.StarRequested) -> None:
        self._star_entry(self.incident.id, message.entry.id, not message.entry.starred)

    @work(thread=True, group="store", exit_on_error=False)
    def _star_entry(self, incident_id: str, entry_id: int, starred: bool) -> None:
        actions.star_entry(self.context.store, entry_id, starred, self.context.author)
        self._publish(incident_id, "Starred" if starred else "Star removed")

    def on_timeline_pane_follow_up_requested(self, message: TimelinePane.FollowUpRequested
                                             ) -> None:
        self.follow_ups.from_entry(message.entry)

    def on_action_items_pane_edit_requested(self, message: ActionItemsPane.EditRequested
                                            ) -> None:
        self.follow_ups.edit(message.item, message.draft)

    def on_action_items_pane_save_requested(self, message: ActionItemsPane.SaveRequested
                                            ) -> None:
        self.follow_ups.save(self.incident.id, message.item, message.draft)

    def on_composer_pane_chosen(self, message: ComposerPane.Chosen) -> None:
        self.composer.chosen(message.template_id)

    def on_composer_pane_edit_requested(self, message: ComposerPane.EditRequested) -> None:
        self.composer.edit(message.template_id)

    def action_pick_incident(self) -> None:
        from tui.screens.incident_picker import IncidentPicker

        store = self.context.store

        def opened(incident_id: str | None) -> None:
            if incident_id is not None and incident_id != self.incident.id:
                self.open_picked(incident_id)

        def look_alikes(incident: Incident) -> list[Incident]:
            return store.incidents.look_alikes(incident.title, incident.services,
                                               incident.scenarios, leave_out=incident.id,
                                               limit=3)

        self.app.push_screen(IncidentPicker(lambda text, which: store.incidents.find(
            text, which=which), current_id=self.incident.id, now=self.context.clock.now(),
            look_alikes=look_alikes), opened)

    def open_picked(self, incident_id: str) -> None:
        """The incident chosen in `o`'s picker (the demo asks first)."""
        self._open_incident(incident_id)

    def action_export_postmortem(self) -> None:
        self._export(self.incident.id, Path.cwd(), "md")

    def action_export_json(self) -> None:
        self._export(self.incident.id, Path.cwd(), "json")

    @work(group="export", exit_on_error=False, failure=Failure("Export not written: {error}"))
    async def _export(self, incident_id: str, folder: Path, form: str) -> None:
        message = await asyncio.to_thread(write_export, self.context.store, incident_id,
                                          folder, form, self.context.severity_levels)
        self.notify(message, timeout=6, markup=False)
