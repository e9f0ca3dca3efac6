"""Snapshots of the war-room screen as users see it, at the peak of the demo
incident (clock frozen at 14:20 UTC). Review the SVGs before accepting them."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tests.ui.helpers import settle
from tui.app import WarroomApp
from tui.context import WarroomContext


def test_warroom_160x48(snap_compare: Callable[..., bool],
                        make_context: Callable[..., WarroomContext]) -> None:
    """Header: DEMO, P1 CRITICAL, INVESTIGATING, elapsed 18m 00s, next update
    in 6m 30s. Pods worst first (CrashLoopBackOff red), both metric panes with a
    red border and CRITICAL, the timeline tab with the seeded entries."""
    assert snap_compare(WarroomApp(make_context()), terminal_size=(160, 48), run_before=settle)


def test_warroom_100x30(snap_compare: Callable[..., bool],
                        make_context: Callable[..., WarroomContext]) -> None:
    """Narrow: pods lead with NAME, READY, STATUS, RESTARTS; charts shorter;
    the workbench keeps a few timeline rows and a one-line note box."""
    assert snap_compare(WarroomApp(make_context()), terminal_size=(100, 30), run_before=settle)


def test_warroom_composer_tab(snap_compare: Callable[..., bool],
                              make_context: Callable[..., WarroomContext]) -> None:
    """The composer tab shows the internal update filled from the incident,
    with "[P1]" shown literally."""

    async def open_composer(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("3")
        await pilot.pause()

    assert snap_compare(WarroomApp(make_context()), terminal_size=(160, 48),
                        run_before=open_composer)
