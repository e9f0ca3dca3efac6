"""The war room's notes: Enter queues the typed text (the box empties at
once), one saver stores the queue in the order typed, and the timeline
shows what is still on its way and what failed, until it is stored. A
quit gives the queue a last save and names whatever would still be lost."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING

from textual.timer import Timer
from textual.widgets import Input

from tui import actions
from tui.actions import describe_write_error
from tui.model.note_queue import NoteQueue, pending_lines
from tui.model.unsaved import unsaved_summary
from tui.screens.messages import NotesChanged
from tui.ui.workers import SILENT, run_part
from tui.widgets.timeline_pane import TimelinePane

if TYPE_CHECKING:
    from tui.screens.incident_screen import IncidentScreen
    from tui.ui.context import WarroomContext

# A quit waits this long for the last save: a locked database must not
# keep the user from leaving (they are asked instead).
LAST_SAVE_SECONDS = 3.0


class NoteSaving:
    def __init__(self, host: IncidentScreen, publish: Callable[[str, str], None],
                 queue: NoteQueue | None = None) -> None:
        self.host = host
        # From a worker: the committed record re-read and handed to the UI.
        self._publish = publish
        # Given by the demo's war room when the real one replaces it.
        self.queue = queue if queue is not None else NoteQueue()
        # What was typed in the note box of each incident switched away from.
        self.drafts: dict[str, str] = {}
        self._retry: Timer | None = None

    def submitted(self, text: str) -> None:
        if text:
            self.queue.add(self.host.incident.id, text)
        # Any Enter also sends notes that failed to be saved once more.
        self.start()
        self.show_pending()

    def start(self) -> bool:
        """The saver, unless it runs already or nothing waits."""
        if not self.queue.start():
            return False
        run_part(self.host, self._save_notes, self.queue, self.host.context, group="notes",
                 failure=SILENT, thread=True)
        return True

    def all_drafts(self) -> dict[str, str]:
        """The half-typed notes by incident, the one in the note box included."""
        drafts = dict(self.drafts)
        for note in self.host.query("#note-input").results(Input):
            if note.value:
                drafts[self.host.incident.id] = note.value
        return drafts

    def switch(self, left: str, opened: str) -> None:
        """Another incident opened: the note box keeps each one's draft."""
        for note in self.host.query("#note-input").results(Input):
            self.drafts[left] = note.value
            note.value = self.drafts.pop(opened, "")

    def show_pending(self) -> None:
        lines = pending_lines(self.queue.pending(), self.host.incident.id)
        for timeline in self.host.query(TimelinePane).results(TimelinePane):
            timeline.show_pending(lines)

    def _save_notes(self, queue: NoteQueue, context: WarroomContext) -> None:
        """The one saver: each note in the order typed, each exactly once. A
        note leaves the queue only when its commit has returned; a failed one
        stays, shown with the reason, and holds the notes after it."""
        store, author = context.store, context.author
        while (note := queue.take()) is not None:
            try:
                actions.add_note(store, note.incident_id, note.text, author, uid=note.uid)
            except Exception as error:
                problem, away = describe_write_error(error), actions.store_unreachable(error)
                queue.failed(note.key, problem, unreachable=away)
                self.host.post_message(NotesChanged(problem, unreachable=away))
                return
            queue.saved(note.key)
            self.host.post_message(NotesChanged())
            # Stored all the same if the re-read fails: the timeline catches up
            # on the next refresh, and the note is never offered again as unsaved.
            with suppress(Exception):
                self._publish(note.incident_id, "Note saved")

    def changed(self, message: NotesChanged) -> None:
        """On the UI thread, from the saver."""
        if message.problem:
            self._note_failed(message.problem, message.unreachable)
        else:
            self.show_pending()

    def _note_failed(self, problem: str, unreachable: bool) -> None:
        self.show_pending()
        self.host.toast_once.notify(
            self.host, "Not saved: the store is unreachable. What you typed is kept under "
            "the timeline and saved by itself on reconnect." if unreachable else
            f"Not saved: {problem}. What you typed is kept under "
            "the timeline and tried again by itself; Enter tries now.")
        # A lock released or a disk freed while nobody is typing must not
        # leave the notes waiting for a key.
        if self._retry is not None:
            self._retry.stop()
        self._retry = self.host.set_timer(self.queue.retry_delay(), self._retry_held_notes)

    def _retry_held_notes(self) -> None:
        if self.queue.held and self.start():
            self.show_pending()

    async def unsaved_before_quit(self) -> str:
        """One last save of the notes queued, then what would still be lost."""
        self.start()
        # Watch the queue, not the saver: a worker just started is still
        # pending, and Worker.wait refuses a pending worker at once.
        deadline = time.monotonic() + LAST_SAVE_SECONDS
        while self.queue.pending() and not self.queue.held and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        self.show_pending()
        boxes = self.host.query("#note-input").results(Input)
        typed = any(box.value.strip() for box in boxes)
        return unsaved_summary(notes=len(self.queue.pending()), note_typed=typed)
