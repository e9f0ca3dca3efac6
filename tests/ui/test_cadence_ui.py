"""The update cadence as the comms lead meets it in the war room: the
header counts down, U logs the composed update as sent and restarts the
count, Z snoozes the reminder with a reason (demo, frozen at 14:20 UTC; the
P1 demo incident owes its next update at 14:26:30)."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Static

from tests.ui.helpers import footer_keys as drawn_footer_keys
from tests.ui.helpers import settle, wait_for, war_room
from tui.model.clock import FrozenClock
from tui.model.timeline import EntryKind
from tui.screens.reason_prompt import ReasonPrompt
from tui.ui.context import WarroomContext
from tui.widgets.incident_header import IncidentHeader

MakeContext = Callable[..., WarroomContext]


def header(pilot: object) -> str:
    return str(pilot.app.screen.query_one(IncidentHeader).render())  # type: ignore[attr-defined]


async def test_snooze_then_send_moves_the_next_update(make_context: MakeContext) -> None:
    context = make_context()
    clock = context.clock
    assert isinstance(clock, FrozenClock)
    clock.advance(2 * 60)  # 14:22: the update is nearly due, so Z is offered
    async with war_room(context) as pilot:
        assert "next update in 4m 30s (14:26:30Z) (Z: snooze)" in header(pilot)
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
        assert "next update in 20m 00s (14:42:00Z) snoozed: exec bridge [b]running[/b]" in \
            header(pilot)
        assert "Z: snooze" not in header(pilot)
        last = context.store.timeline.entries(context.incident.id)[-1]
        assert last.text == "Update reminder snoozed until 14:42:00Z: exec bridge [b]running[/b]"

        await pilot.press("U")
        await settle(pilot)
        sent = context.store.timeline.entries(context.incident.id)[-1]
        assert sent.kind is EntryKind.COMMUNICATION and sent.author == "tester"
        # The full composed update is what the timeline keeps, under its name.
        assert sent.text.startswith("Internal status update sent:\n**[P1] Checkout failing")
        assert "next update in 15m 00s (14:37:00Z)" in header(pilot)
        assert "snoozed" not in header(pilot)


def footer_keys(pilot: Pilot) -> list[str]:
    return [placed.spec.description for placed in drawn_footer_keys(pilot)]


async def test_z_is_offered_only_when_an_update_is_due_or_nearly(
        make_context: MakeContext) -> None:
    context = make_context()
    clock = context.clock
    assert isinstance(clock, FrozenClock)
    async with war_room(context) as pilot:
        # 14:20, the update due at 14:26:30: nothing to put off yet.
        assert "Z: snooze" not in header(pilot)
        assert "Snooze update" not in footer_keys(pilot)
        await pilot.press("Z")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ReasonPrompt)
        clock.advance(2 * 60)  # 4m 30s left: offered, in the header and the footer
        await pilot.pause(1.1)
        await settle(pilot)
        assert "next update in 4m 30s (14:26:30Z) (Z: snooze)" in header(pilot)
        # The footer follows a moment later (it recomposes on its own time).
        await wait_for(pilot, lambda: "Snooze update" in footer_keys(pilot))
        clock.advance(5 * 60)  # overdue: still offered
        await pilot.pause(1.1)
        await settle(pilot)
        assert "OVERDUE 30s (due 14:26:30Z) (Z: snooze)" in header(pilot)
        await pilot.press("Z")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReasonPrompt)
