"""Presentation mode as the room sees it on the projector (demo frozen at
14:20 UTC: 18 minutes in, the next update due in 6m 30s)."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Digits, Footer, Input, Static

from tests.ui.helpers import settle, war_room
from tui.ui.context import WarroomContext
from tui.widgets.presentation_bar import PresentationBar, clock_digits

MakeContext = Callable[..., WarroomContext]


async def test_f5_shows_the_clocks_large_and_hides_the_editing(
        make_context: MakeContext) -> None:
    async with war_room(make_context()) as pilot:
        screen = pilot.app.screen
        bar = screen.query_one(PresentationBar)
        assert not bar.display and screen.query_one(Footer).display
        await pilot.press("f5")
        await settle(pilot)
        assert bar.display
        assert screen.query_one("#present-elapsed", Digits).value == "18:00"
        assert screen.query_one("#present-next", Digits).value == "6:30"
        assert "P1\nCRITICAL" in str(screen.query_one("#present-severity", Static).render())
        assert "INVESTIGATING" in str(screen.query_one("#present-status", Static).render())
        # No editing chrome: no footer, no note box.
        assert not screen.query_one(Footer).display
        assert not screen.query_one("#note-input", Input).display
        await pilot.press("f5")
        await settle(pilot)
        assert not bar.display and screen.query_one(Footer).display


async def test_a_small_terminal_keeps_the_clocks(make_context: MakeContext) -> None:
    async with war_room(make_context(), size=(80, 24)) as pilot:
        await pilot.press("f5")
        await settle(pilot)
        screen = pilot.app.screen
        elapsed = screen.query_one("#present-elapsed", Digits)
        assert elapsed.region.width > 0 and elapsed.region.right <= 80
        assert not screen.query_one("#workbench").display


def test_clock_digits() -> None:
    from datetime import timedelta

    assert clock_digits(timedelta(minutes=18)) == "18:00"
    assert clock_digits(timedelta(hours=1, minutes=7, seconds=3)) == "1:07:03"
    assert clock_digits(timedelta(minutes=-2, seconds=-5)) == "-2:05"
