"""Quitting the war room without losing what was typed: notes still in the
queue get a last save attempt, and whatever would still be lost (notes not
saved, a note typed but not entered) is named before the app closes. A part
of WarroomScreen, kept apart so that each file has one job."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from textual.widgets import Input

from tui.model.note_queue import NoteQueue
from tui.model.unsaved import unsaved_summary
from tui.screens.warroom_parts import WarroomParts

# A quit waits this long for the last save: a locked database must not
# keep the user from leaving (they are asked instead).
LAST_SAVE_SECONDS = 3.0


class QuitWork(WarroomParts):
    """Mixed into WarroomScreen."""

    if TYPE_CHECKING:  # NoteWork's
        notes: NoteQueue

        def _save_notes(self) -> object: ...
        def show_pending_notes(self) -> None: ...

    async def unsaved_before_quit(self) -> str:
        """One last save of the notes queued, then what would still be lost."""
        if self.notes.start():
            self._save_notes()
        # Watch the queue, not the saver: a worker just started is still
        # pending, and Worker.wait refuses a pending worker at once.
        deadline = time.monotonic() + LAST_SAVE_SECONDS
        while self.notes.pending() and not self.notes.held and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        self.show_pending_notes()
        boxes = self.query("#note-input").results(Input)  # type: ignore[attr-defined]
        typed = any(box.value.strip() for box in boxes)
        return unsaved_summary(notes=len(self.notes.pending()), note_typed=typed)
