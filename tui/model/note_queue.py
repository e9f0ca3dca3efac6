"""Notes typed but not yet stored, oldest first.

Enter takes the text out of the note box at once and queues it here, so
nothing typed while a save waits on the write lock is cleared by that save
or glued to the next note, and a second Enter has nothing to save twice.
One saver at a time takes notes in the order typed; after a failure the
queue holds (later notes would fail the same way, and must not overtake
the failed one) until the next attempt: the user's Enter, or a retry the
war room schedules itself, sooner after the first failure than after many."""

from __future__ import annotations

import itertools
import secrets
import threading
from dataclasses import dataclass, replace

from tui.model.store_link import KEPT_UNTIL_RECONNECT

RETRY_CEILING_SECONDS = 30


@dataclass(frozen=True)
class PendingNote:
    key: int
    incident_id: str
    text: str
    # The entry's uid, chosen when Enter is pressed: a retry after a commit
    # whose answer was lost (the server cut mid-commit) finds the entry
    # already stored under it instead of storing it twice.
    uid: str = ""
    # Why the last attempt failed; empty while the note waits or is saving.
    problem: str = ""
    # It failed because the store's server is away: saved when it is back.
    unreachable: bool = False


class NoteQueue:
    """Shared by the UI thread (adds, retries, shows) and one saver thread
    (takes, then says saved or failed): every step is under one lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._notes: list[PendingNote] = []
        self._keys = itertools.count(1)
        self._saving = False
        self._held = False
        # Failures in a row, for the retry's backoff; a save resets it.
        self._failures = 0

    def add(self, incident_id: str, text: str) -> PendingNote:
        with self._lock:
            note = PendingNote(next(self._keys), incident_id, text, secrets.token_hex(16))
            self._notes.append(note)
            return note

    def start(self) -> bool:
        """Release a hold and say whether a saver must be started: False when
        one is already running (it will take the new notes) or nothing waits."""
        with self._lock:
            self._held = False
            self._notes = [replace(note, problem="", unreachable=False)
                           for note in self._notes]
            if self._saving or not self._notes:
                return False
            self._saving = True
            return True

    def take(self) -> PendingNote | None:
        """For the saver: the oldest note, left in the queue until it is
        stored. None ends the saver; it is decided under the lock, so a note
        added meanwhile either is taken or starts a new saver."""
        with self._lock:
            if self._held or not self._notes:
                self._saving = False
                return None
            return self._notes[0]

    def saved(self, key: int) -> None:
        with self._lock:
            self._failures = 0
            self._notes = [note for note in self._notes if note.key != key]

    def failed(self, key: int, problem: str, *, unreachable: bool = False) -> None:
        with self._lock:
            self._notes = [replace(note, problem=problem, unreachable=unreachable)
                           if note.key == key else note for note in self._notes]
            self._held = True
            self._saving = False
            self._failures += 1

    def retry_delay(self) -> float:
        """Seconds until the war room tries the held notes again by itself:
        2, 4, 8, 16, then every 30 while the failures go on."""
        with self._lock:
            return float(min(2 ** max(self._failures, 1), RETRY_CEILING_SECONDS))

    def pending(self) -> list[PendingNote]:
        with self._lock:
            return list(self._notes)

    @property
    def held(self) -> bool:
        with self._lock:
            return self._held


def pending_lines(notes: list[PendingNote], incident_id: str) -> list[str]:
    """What the user sees under the timeline while notes are not yet stored."""
    lines, stopped = [], False
    for note in notes:
        where = "" if note.incident_id == incident_id else f" ({note.incident_id})"
        if note.problem and note.unreachable:
            stopped = True
            lines.append(f"✖ not saved{where}: {note.text} — {KEPT_UNTIL_RECONNECT}")
        elif note.problem:
            stopped = True
            lines.append(f"✖ not saved{where}: {note.text} — {note.problem}; "
                         "tried again by itself, Enter tries now")
        elif stopped:
            # Held behind a failed note, so the timeline keeps the typed order.
            lines.append(f"· waiting{where}: {note.text}")
        else:
            lines.append(f"… saving{where}: {note.text}")
    return lines
