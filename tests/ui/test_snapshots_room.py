"""Who is in the room at 80x24, as a laptop over SSH shows it: the demo
war room at its peak (clock frozen at 14:20 UTC) with four other consoles
on the same SQLite file. Review the SVG before accepting it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import MakeApp, open_store
from tests.ui.helpers import settle
from tui.model.clock import SystemClock
from tui.ui.context import WarroomContext

OTHERS = ("Dana Whitfield", "Marguerite Delacroix-Fontaine", "Priya Raman", "Sam O'Neil")


def test_in_the_room_80x24(snap_compare: Callable[..., bool], make_app: MakeApp,
                           make_context: Callable[..., WarroomContext], tmp_path: Path) -> None:
    """The severity, status and title on the first line as without anyone
    in the room; the clocks fill the second line, so the room takes a line
    of the header's third part, under the SLO: "in the room: Dana
    Whitfield, Marguerite Delacroix-Fontaine, Priya Raman +1"."""
    db = tmp_path / "room.db"
    context = make_context(db=db)
    others = [open_store(db, SystemClock()) for _ in OTHERS]
    try:
        for store, name in zip(others, OTHERS, strict=True):
            store.presence.here(context.incident.id, name)
        assert snap_compare(make_app(context), terminal_size=(80, 24), run_before=settle)
    finally:
        for store in others:
            store.close()
