"""The timeline follows its newest entry as `tail -f` and k9s logs do, unless
the user has moved up: then it stays put and a line says how many new
entries wait below; G or End goes there and follows again. On the demo war
room (clock frozen at 14:20 UTC) and a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from tests.ui.helpers import settle, war_room
from tui.model.timeline import EntryKind
from tui.store import Store, open_database
from tui.ui.context import WarroomContext
from tui.widgets.checklist_grid import ChecklistGrid
from tui.widgets.timeline_grid import TimelineGrid

MakeContext = Callable[..., WarroomContext]


def grid(pilot: Pilot) -> TimelineGrid:
    return pilot.app.screen.query_one(TimelineGrid)


def in_view(pilot: Pilot) -> list[str]:
    """The entries on the rows the user can see, as shown."""
    timeline = grid(pilot)
    top = round(timeline.scroll_offset.y)
    rows = range(top, min(timeline.row_count, top + timeline.size.height - 1))
    return [timeline.row_text(index)[3] for index in rows]


def new_below(pilot: Pilot) -> str:
    """The "N new below" line, or "" when it is not shown."""
    line = pilot.app.screen.query_one("#timeline-new-below", Static)
    return str(line.render()) if line.display else ""


async def tick_items(pilot: Pilot, count: int) -> None:
    """Tick `count` checklist items on tab 2, one after the other."""
    await pilot.press("2")
    await pilot.pause()
    checklist = pilot.app.screen.query_one(ChecklistGrid)
    ticked = 0
    for index, row in enumerate(checklist.rows):
        if ticked == count:
            break
        if row.status is not None:
            checklist.move_cursor(index)
            await pilot.press("space")
            await settle(pilot)
            ticked += 1


def second_writer(context: WarroomContext, tmp_path: Path) -> Store:
    """Another Warroom on the same file: a second laptop in the room."""
    return Store(open_database(tmp_path / "warroom.db"), context.clock)


async def test_a_note_after_four_ticks_is_in_view(make_context: MakeContext) -> None:
    """The issue's steps: four ticks fill the rows, then the note must not
    land below them."""
    context = make_context()
    async with war_room(context) as pilot:
        await tick_items(pilot, 4)
        await pilot.press("n", *"pool exhausted", "enter")
        await settle(pilot)
        assert context.store.timeline.entries(context.incident.id)[-1].text == "pool exhausted"
        assert in_view(pilot)[-1] == "pool exhausted"
        assert new_below(pilot) == ""


async def test_entries_from_a_second_writer_are_followed(
        make_context: MakeContext, tmp_path: Path) -> None:
    context = make_context()
    other = second_writer(context, tmp_path)
    try:
        async with war_room(context, size=(100, 30)) as pilot:
            for number in range(1, 9):
                other.timeline.add(context.incident.id, f"from the other laptop {number}",
                                EntryKind.NOTE, author="Dana Okafor")
            await pilot.press("r")
            await settle(pilot)
            assert in_view(pilot)[-1] == "from the other laptop 8"
            assert new_below(pilot) == ""
    finally:
        other.close()


async def test_moved_up_it_stays_put_and_says_what_is_below(
        make_context: MakeContext, tmp_path: Path) -> None:
    context = make_context()
    other = second_writer(context, tmp_path)
    try:
        async with war_room(context, size=(100, 30)) as pilot:
            await pilot.press("1")
            grid(pilot).focus()
            await pilot.press("up", "up", "up")
            await pilot.pause()
            reading, view = grid(pilot).current, in_view(pilot)
            for number in (1, 2):
                other.timeline.add(context.incident.id, f"meanwhile {number}", EntryKind.NOTE,
                                author="Dana Okafor")
            await pilot.press("r")
            await settle(pilot)
            # Where the user was reading, the same rows on screen (less the
            # bottom one, which the line below takes).
            assert grid(pilot).current == reading
            assert in_view(pilot) == view[:len(in_view(pilot))] and len(in_view(pilot)) >= 3
            assert new_below(pilot) == "↓ 2 new below, G to jump"

            await pilot.press("G")
            await pilot.pause()
            assert in_view(pilot)[-1] == "meanwhile 2"
            assert grid(pilot).current is not None and grid(pilot).current.text == "meanwhile 2"
            assert new_below(pilot) == ""

            # At the newest again, it follows again.
            other.timeline.add(context.incident.id, "meanwhile 3", EntryKind.NOTE,
                            author="Dana Okafor")
            await pilot.press("r")
            await settle(pilot)
            assert in_view(pilot)[-1] == "meanwhile 3" and new_below(pilot) == ""
    finally:
        other.close()


async def test_end_jumps_to_the_newest_too(make_context: MakeContext, tmp_path: Path) -> None:
    context = make_context()
    other = second_writer(context, tmp_path)
    try:
        async with war_room(context, size=(80, 24)) as pilot:
            await pilot.press("1")
            grid(pilot).focus()
            await pilot.press("home")
            other.timeline.add(context.incident.id, "while reading the start", EntryKind.NOTE,
                            author="Dana Okafor")
            await pilot.press("r")
            await settle(pilot)
            assert "while reading the start" not in in_view(pilot)
            assert new_below(pilot) == "↓ 1 new below, G to jump"
            await pilot.press("end")
            await pilot.pause()
            assert in_view(pilot)[-1] == "while reading the start"
            assert new_below(pilot) == ""
    finally:
        other.close()


async def test_g_shows_the_newest_after_the_wheel_moved_the_view(
        make_context: MakeContext) -> None:
    """The cursor already on the newest entry, the view scrolled away from
    it: G brings it back into view (it used to do nothing)."""
    async with war_room(make_context(), size=(100, 30)) as pilot:
        await pilot.press("1")
        grid(pilot).focus()
        grid(pilot).scroll_to(y=0, animate=False, immediate=True)
        await pilot.pause()
        newest = grid(pilot).row_text(grid(pilot).row_count - 1)[3]
        assert newest not in in_view(pilot)
        await pilot.press("G")
        await pilot.pause()
        assert in_view(pilot)[-1] == newest
