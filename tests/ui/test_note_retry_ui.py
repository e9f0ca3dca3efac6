"""A note that could not be saved is tried again by itself (issue 23,
"nothing typed is lost"): once another program lets go of the write lock,
the note lands with nobody pressing a key. Real SQLite file, locked by a
real second process."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.integration.test_note_saving import SHORT_BUSY_MS, LockHolder, our_notes
from tests.ui.helpers import wait_for, war_room
from tui.model.note_queue import NoteQueue
from tui.ui.context import WarroomContext

MakeContext = Callable[..., WarroomContext]


def pending_text(pilot: object) -> str:
    screen = pilot.app.screen  # type: ignore[attr-defined]
    return " ".join(str(line.render()) for line in screen.query("#note-pending")
                    if line.display)


async def test_a_note_held_by_a_lock_lands_by_itself_once_the_lock_goes(
        make_context: MakeContext, tmp_path: Path) -> None:
    context = make_context(db=tmp_path / "locked.db")
    context.author = "tester"
    context.store.conn.execute(f"PRAGMA busy_timeout = {SHORT_BUSY_MS}")
    async with war_room(context) as pilot:
        holder = LockHolder(tmp_path / "locked.db")
        try:
            await pilot.press("n", *"typed while locked", "enter", "escape")
            screen = pilot.app.screen
            await wait_for(pilot, lambda: screen.note_saving.queue.held)
            assert "not saved: typed while locked" in pending_text(pilot)
            assert "tried again by itself" in pending_text(pilot)
            holder.release()
            # No key pressed from here on: the first retry comes after 2 s.
            await wait_for(pilot, lambda: pending_text(pilot) == "")
        finally:
            if holder.process.poll() is None:
                holder.release()
    assert our_notes(context) == ["typed while locked"]


def test_retries_back_off_to_every_half_minute_and_start_over_after_a_save() -> None:
    queue = NoteQueue()
    note = queue.add("INC-1", "hello")
    delays = []
    for _ in range(7):
        assert queue.start() or queue.take() is not None
        queue.failed(note.key, "locked")
        delays.append(queue.retry_delay())
    assert delays == [2, 4, 8, 16, 30, 30, 30]
    queue.start()
    queue.saved(note.key)
    second = queue.add("INC-1", "again")
    queue.start()
    queue.failed(second.key, "locked")
    assert queue.retry_delay() == 2
