"""`q` keeps what was typed (issue 23 "nothing typed is lost", issue 24
item 6): notes still queued get a last save, and what would still be lost
is named before the app closes; y or Enter quits, n or Escape goes back
(demo frozen at 14:20 UTC; real SQLite file, locked by a real process)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static

from tests.integration.test_note_saving import SHORT_BUSY_MS, LockHolder
from tests.ui.helpers import wait_for, war_room
from tui.screens.quit_confirm import ConfirmScreen
from tui.ui.context import WarroomContext

MakeContext = Callable[..., WarroomContext]


def question(pilot: object) -> str:
    screen = pilot.app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ConfirmScreen)
    return str(screen.query_one("#confirm-question", Static).render())


async def test_quit_with_nothing_typed_quits_at_once(make_context: MakeContext) -> None:
    async with war_room(make_context()) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert pilot.app.return_code == 0


async def test_a_note_typed_but_not_entered_is_named_before_quitting(
        make_context: MakeContext) -> None:
    async with war_room(make_context()) as pilot:
        await pilot.press("n", *"half a thought", "escape", "q")
        await pilot.pause()
        assert question(pilot) == "a note typed but not entered — quit anyway? y/n"
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.return_code is None
        assert pilot.app.screen.query_one("#note-input").value == "half a thought"
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert pilot.app.return_code == 0


async def test_notes_not_saved_get_a_last_save_then_are_named(
        make_context: MakeContext, tmp_path: Path) -> None:
    context = make_context(db=tmp_path / "locked.db")
    context.store.conn.execute(f"PRAGMA busy_timeout = {SHORT_BUSY_MS}")
    async with war_room(context) as pilot:
        holder = LockHolder(tmp_path / "locked.db")
        try:
            await pilot.press("n", *"first", "enter", *"second", "enter", "escape")
            screen = pilot.app.screen
            await wait_for(pilot, lambda: screen.note_saving.queue.held)
            await pilot.press("q")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen), 8)
            # The last save failed too: the lock is still held.
            assert question(pilot) == "2 notes not saved yet — quit anyway? y/n"
            await pilot.press("n")
            await pilot.pause()
            assert pilot.app.return_code is None
            # Still in the queue, on screen: nothing was dropped by asking.
            assert [note.text for note in screen.note_saving.queue.pending()] == ["first", "second"]
            # Once the lock is gone, q saves them and quits without asking.
            holder.release()
            await pilot.press("q")
            await wait_for(pilot, lambda: pilot.app.return_code == 0, 8)
        finally:
            if holder.process.poll() is None:
                holder.release()
