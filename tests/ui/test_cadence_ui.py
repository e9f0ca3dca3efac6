"""The update cadence as the comms lead meets it in the war room: the
header counts down, U logs the composed update as sent and restarts the
count, Z snoozes the reminder with a reason (demo, frozen at 14:20 UTC; the
P1 demo incident owes its next update at 14:26:30)."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Static

from tests.ui.helpers import settle, war_room
from tui.context import WarroomContext
from tui.model.timeline import EntryKind
from tui.screens.reason_prompt import ReasonPrompt
from tui.widgets.incident_header import IncidentHeader

MakeContext = Callable[..., WarroomContext]


def header(pilot: object) -> str:
    return str(pilot.app.screen.query_one(IncidentHeader).render())  # type: ignore[attr-defined]


async def test_snooze_then_send_moves_the_next_update(make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        assert "next update in 6m 30s (14:26:30Z)" in header(pilot)
        await pilot.press("Z")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReasonPrompt)
        await pilot.press(*"later", "enter")
        await pilot.pause()
        # No length: said in place, the prompt stays with what was typed.
        problem = str(pilot.app.screen.query_one("#reason-problem", Static).render())
        assert "how long and why" in problem
        await pilot.press("ctrl+a", "ctrl+k", *"20m exec bridge [b]running[/b]", "enter")
        await settle(pilot)
        assert "next update in 20m 00s (14:40:00Z) snoozed: exec bridge [b]running[/b]" in \
            header(pilot)
        last = context.store.entries(context.incident.id)[-1]
        assert last.text == "Update reminder snoozed until 14:40:00Z: exec bridge [b]running[/b]"

        await pilot.press("U")
        await settle(pilot)
        sent = context.store.entries(context.incident.id)[-1]
        assert sent.kind is EntryKind.COMMUNICATION and sent.author == "tester"
        # The full composed update is what the timeline keeps, under its name.
        assert sent.text.startswith("Internal status update sent:\n**[P1] Checkout failing")
        assert "next update in 15m 00s (14:35:00Z)" in header(pilot)
        assert "snoozed" not in header(pilot)
