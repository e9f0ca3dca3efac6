"""`Z`: the status-update reminder snoozed for a typed span, with a reason
that goes on the timeline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.screen import Screen

from tui import actions
from tui.ui.context import WarroomContext
from tui.ui.workers import run_part


class UpdateSnooze:
    def __init__(self, host: Screen[None], context: WarroomContext,
                 publish: Callable[[str, str], None]) -> None:
        self.host = host
        self.context = context
        # From a worker: the committed record re-read and handed to the UI.
        self._publish = publish

    def ask(self, incident_id: str) -> None:
        from tui.model.incident import parse_snooze
        from tui.screens.reason_prompt import ReasonPrompt

        def problem(answer: str) -> str | None:
            try:
                parse_snooze(answer)
            except ValueError as error:
                return str(error)
            return None

        def snoozed(answer: str | None) -> None:
            if answer:
                span, reason = parse_snooze(answer)
                run_part(self.host, self._snooze_update, incident_id,
                         self.context.clock.now() + span, reason, group="store", thread=True)

        self.host.app.push_screen(ReasonPrompt(
            title="Snooze the update reminder",
            question="For how long, and why? The reason goes on the timeline.",
            placeholder="10m waiting for the vendor's ETA", check=problem), snoozed)

    def _snooze_update(self, incident_id: str, until: datetime, reason: str) -> None:
        actions.snooze_update(self.context.store, incident_id, until, reason, self.context.author)
        self._publish(incident_id, "Update reminder snoozed")
