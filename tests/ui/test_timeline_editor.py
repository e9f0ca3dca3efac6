"""The timeline editor as the scribe uses it, on the demo incident (clock
frozen at 14:20 UTC) and a real SQLite file: add at a typed time, edit,
delete and undo, star, UTC or local time, and bad input that loses nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta, timezone
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from tests.conftest import MakeApp
from tests.ui.helpers import settle
from tui import actions
from tui.model.timeline import EntryKind
from tui.screens.entry_editor import EntryEditor
from tui.screens.warroom import WarroomScreen
from tui.store import Store, open_database
from tui.ui.context import WarroomContext
from tui.widgets.timeline_pane import TimelinePane

MakeContext = Callable[..., WarroomContext]


def rows(pane: TimelinePane) -> list[tuple[str, str]]:
    grid = pane.grid
    return [(grid.row_text(i)[0], grid.row_text(i)[3]) for i in range(grid.row_count)]


async def open_timeline(pilot: Pilot) -> TimelinePane:
    await settle(pilot)
    pane = pilot.app.screen.query_one(TimelinePane)
    pane.grid.focus()
    await pilot.pause()
    return pane


async def type_time(pilot: Pilot, text: str) -> None:
    await pilot.click("#entry-time")
    await pilot.press("home", "shift+end", *text)


def problem(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#entry-problem", Static).render())


async def test_i_adds_an_entry_at_a_typed_time_in_its_true_place(
        make_context: MakeContext, make_app: MakeApp) -> None:
    context = make_context()
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        pane = await open_timeline(pilot)
        await pilot.press("i")
        assert isinstance(app.screen, EntryEditor)
        assert app.screen.query_one("#entry-time", Input).value == "now"
        assert app.screen.query_one("#entry-text", TextArea).has_focus  # cursor in the text
        await pilot.press(*"Failover to replica db-2 [red]now[/red]")
        await type_time(pilot, "14:09")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, EntryEditor)
        times = [time for time, _ in rows(pane)]
        assert times == sorted(times)  # true chronological order
        index = times.index("14:09:00Z")
        assert rows(pane)[index][1] == "Failover to replica db-2 [red]now[/red]"
        stored = [e for e in context.store.timeline.entries(context.incident.id)
                  if e.text.startswith("Failover")]
        assert [(e.kind, e.author) for e in stored] == [(EntryKind.NOTE, "tester")]


async def test_a_bad_time_is_an_inline_error_and_nothing_typed_is_lost(
        make_context: MakeContext, make_app: MakeApp) -> None:
    context = make_context()
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_timeline(pilot)
        count = len(context.store.timeline.entries(context.incident.id))
        await pilot.press("i", *"DB pool exhausted")
        await type_time(pilot, "half past two")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EntryEditor)
        assert "'half past two' is not a time" in problem(pilot)
        assert app.screen.query_one("#entry-time", Input).value == "half past two"
        assert app.screen.query_one("#entry-text", TextArea).text == "DB pool exhausted"
        # A time in the future is saved only when asked twice.
        await type_time(pilot, "14:50")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "14:50:00Z is 30 min in the future" in problem(pilot)
        assert isinstance(app.screen, EntryEditor)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, EntryEditor)
        assert len(context.store.timeline.entries(context.incident.id)) == count + 1


async def test_edit_delete_undo_and_star(make_context: MakeContext, make_app: MakeApp) -> None:
    context = make_context()
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        pane = await open_timeline(pilot)
        await pilot.press(*["up"] * 12)
        first = pane.selected
        assert first is not None
        await pilot.press("enter")  # Enter edits, as e does
        editor = app.screen
        assert isinstance(editor, EntryEditor)
        assert editor.query_one("#entry-text", TextArea).text == first.text
        await pilot.press("ctrl+a", "shift+end", *"Job migrated the schema (v2.14.0)",
                          "ctrl+s")
        await settle(pilot)
        assert rows(pane)[0] == ("13:57:00Z", "Job migrated the schema (v2.14.0)")

        await pilot.press("s")
        await settle(pilot)
        assert rows(pane)[0][1].startswith("★ ")
        assert context.store.timeline.entries(context.incident.id)[0].starred

        before = rows(pane)
        await pilot.press("d")
        await settle(pilot)
        assert rows(pane) == before[1:]
        await pilot.press("u")
        await settle(pilot)
        assert rows(pane) == before


async def test_z_shows_local_times_and_typed_times_follow(
        make_context: MakeContext, make_app: MakeApp) -> None:
    context = make_context()
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        pane = await open_timeline(pilot)
        pane.local_zone = timezone(timedelta(hours=1), "CET")
        await pilot.press("z")
        assert pane.grid.zone_label == "CET"
        assert rows(pane)[0][0] == "14:57:00"  # 13:57Z
        await pilot.press("i", *"Typed in local time")
        await type_time(pilot, "15:12")
        await pilot.press("ctrl+s")
        await settle(pilot)
        stored = next(e for e in context.store.timeline.entries(context.incident.id)
                      if e.text == "Typed in local time")
        assert stored.at.strftime("%H:%M") == "14:12"  # read in CET, stored in UTC


async def test_a_megabyte_paste_is_kept_whole(make_context: MakeContext, make_app: MakeApp) -> None:
    context = make_context()
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        pane = await open_timeline(pilot)
        await pilot.press("i")
        pasted = "GC pause 1200ms \x1b[31m" * 70_000  # about a megabyte of log
        app.screen.query_one("#entry-text", TextArea).text = pasted
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WarroomScreen)
        stored = [e for e in context.store.timeline.entries(context.incident.id)
                  if e.text == pasted]
        assert len(stored) == 1
        last = rows(pane)[-1][1]
        assert last.endswith(f"… ({len(pasted):,} characters)") and "\\x1b[31m" in last


async def test_an_entry_changed_elsewhere_meanwhile_is_refused_keeping_what_was_typed(
        make_context: MakeContext, make_app: MakeApp, tmp_path: Path) -> None:
    """Two consoles on one file: dana saves the entry while the editor is
    open here; the save here shows dana's text and keeps ours, and ctrl+s
    again saves ours over it."""
    context = make_context(db=tmp_path / "room.db")
    dana = Store(open_database(tmp_path / "room.db"), context.clock)
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        pane = await open_timeline(pilot)
        await pilot.press(*["up"] * 12, "enter")
        entry = pane.selected
        assert entry is not None and isinstance(app.screen, EntryEditor)
        actions.edit_entry(dana, entry.id, text="Schema job ran at 13:57", base=entry,
                           author="dana")
        app.screen.query_one("#entry-text", TextArea).load_text("Job migrated the schema")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EntryEditor)
        assert app.screen.query_one("#entry-text", TextArea).text == "Job migrated the schema"
        assert problem(pilot) == ("⚠ Changed by dana at 14:20Z: “Schema job ran at 13:57” — "
                                  "ctrl+s again saves yours over it, Esc keeps theirs")
        stored = dana.timeline.entry(entry.id)
        assert stored is not None and stored.text == "Schema job ran at 13:57"  # not ours

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, EntryEditor)
        assert rows(pane)[0] == ("13:57:00Z", "Job migrated the schema")
    dana.close()
