"""Leaving the demo for a real incident: `D` while the demo plays asks
first, then declares on the time of day and opens the real war room (the
config's Prometheus and cluster, or none) in place of the demo's. A real
incident never gets the recording's clock, DEMO badge, charts or SLO."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from tui import actions
from tui.model.incident import Incident, IncidentDraft
from tui.model.safe_text import printable
from tui.screens.failures import OPEN_FAILED
from tui.sources import describe_error
from tui.ui.workers import run_part

if TYPE_CHECKING:
    from tui.screens.warroom import WarroomScreen
    from tui.ui.context import DemoExit, WarroomContext

# The mode the real war room runs in once the demo is left.
REAL_MODE = "incident"

LEAVE_QUESTION = ("This is the demo. A real incident leaves it: the time of day, no DEMO "
                  "badge, none of the recording's charts, pods or SLO. Leave the demo and "
                  "declare? y/n")
OPEN_QUESTION = ("This is the demo. {incident} is a real incident: it opens on the time of "
                 "day, with no DEMO badge and none of the recording's charts, pods or SLO. "
                 "Leave the demo and open it? y/n")


class DemoExitPart:
    def __init__(self, host: WarroomScreen, exit_to: DemoExit) -> None:
        self.host = host
        self.exit_to = exit_to

    def declare_leaving_demo(self) -> None:
        from tui.screens.quit_confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._declare_real(self.exit_to)

        self.host.app.push_screen(ConfirmScreen(LEAVE_QUESTION), answered)

    def open_leaving_demo(self, incident_id: str) -> None:
        """In the demo any other incident is a real one: it asks, as declaring does."""
        from tui.screens.quit_confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._open(self.exit_to, incident_id)

        question = OPEN_QUESTION.format(incident=printable(incident_id))
        self.host.app.push_screen(ConfirmScreen(question), answered)

    def _declare_real(self, exit_to: DemoExit, draft: IncidentDraft | None = None,
                      problem: str = "") -> None:
        from tui.screens.incident_form import IncidentForm

        zone, zone_label = self.host.zone()

        def saved(result: IncidentDraft | None) -> None:
            if result is not None:
                run_part(self.host, self._save_real, exit_to, result, group="incident",
                         failure=OPEN_FAILED)

        self.host.app.push_screen(IncidentForm(
            levels=self.host.context.severity_levels, now=exit_to.store.clock.now(), zone=zone,
            zone_label=zone_label, draft=draft, problem=problem,
            look_alikes=exit_to.store.incidents.look_alikes,
            open_incident=lambda incident_id: self._open(exit_to, incident_id)), saved)

    def _open(self, exit_to: DemoExit, incident_id: str) -> None:
        run_part(self.host, self._open_real, exit_to, incident_id, group="incident",
                 failure=OPEN_FAILED)

    async def _save_real(self, exit_to: DemoExit, draft: IncidentDraft) -> None:
        try:
            incident = await asyncio.to_thread(actions.declare, exit_to.store, draft,
                                               self.host.context.author)
        except Exception as error:
            # Back into the form with everything typed, and why it failed.
            self._declare_real(exit_to, draft, f"✖ not saved: {describe_error(error)}")
            return
        await self._enter(exit_to, incident, f"Left the demo: declared {incident.id}",
                          declared=True)

    async def _open_real(self, exit_to: DemoExit, incident_id: str) -> None:
        incident = await asyncio.to_thread(exit_to.store.incidents.get, incident_id)
        if incident is not None:
            await self._enter(exit_to, incident, f"Left the demo: opened {incident_id}")

    async def _enter(self, exit_to: DemoExit, incident: Incident, said: str,
                     declared: bool = False) -> None:
        """The real war room in place of the demo's: switched by the app, as
        this worker's screen is removed by the switch."""
        context = await asyncio.to_thread(exit_to.open, incident)
        self.host.app.call_later(self._switch_screen, context, said, declared)

    async def _switch_screen(self, context: WarroomContext, said: str, declared: bool) -> None:
        """The real war room as a mode of its own, then the demo's mode
        removed: its screen (and any dialog over it) unmounted, its replay
        and refresh stopped."""
        from tui.screens.warroom import WarroomScreen

        app = self.host.app
        left = app.current_mode
        # Notes typed in the demo and still on their way (a save waiting on
        # the lock) go with the user: the demo's screen is removed below.
        notes = self.host.note_saving
        screen = WarroomScreen(context, notes=notes.queue)
        # And the half-typed notes: each comes back when its incident is opened.
        screen.note_saving.drafts.update(notes.all_drafts())
        app.add_mode(REAL_MODE, lambda: screen)
        await app.switch_mode(REAL_MODE)
        await app.remove_mode(left)
        app.sub_title = printable(context.incident.title)
        screen.note_saving.start()
        app.notify(said, timeout=4)
        if declared:
            # As any declaration: the playbooks that apply are proposed.
            screen.call_after_refresh(run_part, screen, screen.checklist.offer_playbooks, None,
                                      context.incident, group="incident", thread=True,
                                      failure=OPEN_FAILED)
