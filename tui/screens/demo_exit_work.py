"""Leaving the demo for a real incident: `D` while the demo plays asks
first, then declares on the time of day and opens the real war room (the
config's Prometheus and cluster, or none) in place of the demo's. A real
incident never gets the recording's clock, DEMO badge, charts or SLO."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui import actions
from tui.model.incident import Incident, IncidentDraft
from tui.model.safe_text import printable
from tui.screens.failures import OPEN_FAILED
from tui.screens.warroom_parts import WarroomParts
from tui.sources import describe_error
from tui.ui.workers import work

if TYPE_CHECKING:
    from tui.model.note_queue import NoteQueue
    from tui.ui.context import DemoExit, WarroomContext

# The mode the real war room runs in once the demo is left.
REAL_MODE = "incident"

LEAVE_QUESTION = ("This is the demo. A real incident leaves it: the time of day, no DEMO "
                  "badge, none of the recording's charts, pods or SLO. Leave the demo and "
                  "declare? y/n")
OPEN_QUESTION = ("This is the demo. {incident} is a real incident: it opens on the time of "
                 "day, with no DEMO badge and none of the recording's charts, pods or SLO. "
                 "Leave the demo and open it? y/n")


class DemoExitWork(WarroomParts):
    """Mixed into WarroomScreen."""

    if TYPE_CHECKING:  # NoteWork's
        notes: NoteQueue

    def declare_leaving_demo(self, exit_to: DemoExit) -> None:
        from tui.screens.quit_confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._declare_real(exit_to)

        self.app.push_screen(ConfirmScreen(LEAVE_QUESTION), answered)

    def open_picked(self, incident_id: str) -> None:
        """In the demo any other incident is a real one: it asks, as declaring does."""
        exit_to = self.context.demo_exit
        if exit_to is None:
            super().open_picked(incident_id)  # type: ignore[misc]
        else:
            self.open_leaving_demo(exit_to, incident_id)

    def open_leaving_demo(self, exit_to: DemoExit, incident_id: str) -> None:
        from tui.screens.quit_confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._open_real(exit_to, incident_id)

        self.app.push_screen(ConfirmScreen(OPEN_QUESTION.format(incident=printable(incident_id))),
                             answered)

    def _declare_real(self, exit_to: DemoExit, draft: IncidentDraft | None = None,
                      problem: str = "") -> None:
        from tui.screens.incident_form import IncidentForm

        zone, zone_label = self._zone()

        def saved(result: IncidentDraft | None) -> None:
            if result is not None:
                self._save_real(exit_to, result)

        self.app.push_screen(IncidentForm(
            levels=self.context.severity_levels, now=exit_to.store.clock.now(), zone=zone,
            zone_label=zone_label, draft=draft, problem=problem,
            look_alikes=exit_to.store.incidents.look_alikes,
            open_incident=lambda incident_id: self._open_real(exit_to, incident_id)), saved)

    @work(thread=True, group="incident", exit_on_error=False, failure=OPEN_FAILED)
    def _save_real(self, exit_to: DemoExit, draft: IncidentDraft) -> None:
        try:
            incident = actions.declare(exit_to.store, draft, self.context.author)
        except Exception as error:
            # Back into the form with everything typed, and why it failed.
            self.app.call_from_thread(self._declare_real, exit_to, draft,
                                      f"✖ not saved: {describe_error(error)}")
            return
        self._enter(exit_to, incident, f"Left the demo: declared {incident.id}", declared=True)

    @work(thread=True, group="incident", exit_on_error=False, failure=OPEN_FAILED)
    def _open_real(self, exit_to: DemoExit, incident_id: str) -> None:
        incident = exit_to.store.incidents.get(incident_id)
        if incident is not None:
            self._enter(exit_to, incident, f"Left the demo: opened {incident_id}")

    def _enter(self, exit_to: DemoExit, incident: Incident, said: str,
               declared: bool = False) -> None:
        """From a worker: the real war room in place of the demo's."""
        context = exit_to.open(incident)
        self.app.call_from_thread(self._switch_screen, context, said, declared)

    async def _switch_screen(self, context: WarroomContext, said: str, declared: bool) -> None:
        """The real war room as a mode of its own, then the demo's mode
        removed: its screen (and any dialog over it) unmounted, its replay
        and refresh stopped."""
        from tui.screens.warroom import WarroomScreen

        app = self.app
        left = app.current_mode
        screen = WarroomScreen(context)
        # Notes typed in the demo and still on their way (a save waiting on
        # the lock) go with the user: the demo's screen is removed below.
        screen.notes = self.notes
        # And the half-typed notes: each comes back when its incident is opened.
        screen.carry_note_drafts(self.note_drafts())
        app.add_mode(REAL_MODE, lambda: screen)
        await app.switch_mode(REAL_MODE)
        await app.remove_mode(left)
        app.sub_title = printable(context.incident.title)
        if screen.notes.start():
            screen._save_notes()
        app.notify(said, timeout=4)
        if declared:
            # As any declaration: the playbooks that apply are proposed.
            screen.call_after_refresh(screen.offer_declared, context.incident)

    @work(thread=True, group="incident", exit_on_error=False, failure=OPEN_FAILED)
    def offer_declared(self, incident: Incident) -> None:
        self.offer_playbooks(None, incident)
