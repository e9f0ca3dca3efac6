"""The war room's notes: Enter queues the typed text (the box empties at
once), one saver stores the queue in the order typed, and the timeline
shows what is still on its way and what failed, until it is stored."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from textual.timer import Timer
from textual.widgets import Input

from tui import actions
from tui.actions import describe_write_error
from tui.model.note_queue import NoteQueue, pending_lines
from tui.screens.warroom_parts import WarroomParts
from tui.ui.workers import SILENT, work
from tui.widgets.timeline_pane import TimelinePane


class NoteWork(WarroomParts):
    """Mixed into WarroomScreen."""

    if TYPE_CHECKING:  # the war room's
        _note_drafts: dict[str, str]

    def _init_notes(self) -> None:
        self.notes = NoteQueue()
        self._note_retry: Timer | None = None

    # Named, not @on: Textual collects @on handlers only from message pumps,
    # and this mixin is not one.
    def on_timeline_pane_note_submitted(self, message: TimelinePane.NoteSubmitted) -> None:
        if message.text:
            self.notes.add(self.incident.id, message.text)
        # Any Enter also sends notes that failed to be saved once more.
        if self.notes.start():
            self._save_notes()
        self.show_pending_notes()

    def note_drafts(self) -> dict[str, str]:
        """The half-typed notes by incident, the one in the note box included."""
        drafts = dict(self._note_drafts)
        for note in self.query("#note-input").results(Input):
            if note.value:
                drafts[self.incident.id] = note.value
        return drafts

    def carry_note_drafts(self, drafts: dict[str, str]) -> None:
        """Before mounting: notes half-typed on another screen, each given
        back when its incident is opened here."""
        self._note_drafts.update(drafts)

    def show_pending_notes(self) -> None:
        lines = pending_lines(self.notes.pending(), self.incident.id)
        for timeline in self.query(TimelinePane).results(TimelinePane):
            timeline.show_pending(lines)

    @work(thread=True, group="notes", exit_on_error=False, failure=SILENT)
    def _save_notes(self) -> None:
        """The one saver: each note in the order typed, each exactly once. A
        note leaves the queue only when its commit has returned; a failed one
        stays, shown with the reason, and holds the notes after it."""
        store, author = self.context.store, self.context.author
        while (note := self.notes.take()) is not None:
            try:
                actions.add_note(store, note.incident_id, note.text, author)
            except Exception as error:
                problem = describe_write_error(error)
                self.notes.failed(note.key, problem)
                self.app.call_from_thread(self._note_failed, problem)
                return
            self.notes.saved(note.key)
            self.app.call_from_thread(self.show_pending_notes)
            # Stored all the same if the re-read fails: the timeline catches up
            # on the next refresh, and the note is never offered again as unsaved.
            with suppress(Exception):
                self._publish(note.incident_id, "Note saved")

    def _note_failed(self, problem: str) -> None:
        self.show_pending_notes()
        self.toast_once.notify(self, f"Not saved: {problem}. What you typed is kept under "
                               "the timeline and tried again by itself; Enter tries now.")
        # A lock released or a disk freed while nobody is typing must not
        # leave the notes waiting for a key.
        if self._note_retry is not None:
            self._note_retry.stop()
        self._note_retry = self.set_timer(  # type: ignore[attr-defined]
            self.notes.retry_delay(), self._retry_held_notes)

    def _retry_held_notes(self) -> None:
        if self.notes.held and self.notes.start():
            self._save_notes()
            self.show_pending_notes()
