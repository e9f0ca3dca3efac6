"""Use cases on the timeline: a note, an entry added or edited (with its
star), starred, deleted and restored. Each is one transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tui.model.timeline import EntryKind, TimelineEntry
from tui.store import Store


def add_note(store: Store, incident_id: str, text: str, author: str = "", *,
             uid: str = "") -> TimelineEntry:
    """A note typed in the war room. Under a `uid` already stored (a retry
    of a save whose commit landed unanswered), the stored entry, not a twin."""
    return store.timeline.add(incident_id, text, author=author, uid=uid)


def add_entry(store: Store, incident_id: str, text: str, kind: EntryKind = EntryKind.NOTE, *,
              at: datetime | None = None, author: str = "", starred: bool = False
              ) -> TimelineEntry:
    """An entry of any kind (an alert, a pinned metric, one from the editor)."""
    return store.timeline.add(incident_id, text, kind, at=at, author=author, starred=starred)


def edit_entry(store: Store, entry_id: int, *, text: str | None = None,
               at: datetime | None = None, kind: EntryKind | None = None,
               starred: bool | None = None, base: TimelineEntry | None = None,
               author: str = "") -> TimelineEntry:
    """The entry editor's changes, the star with the rest. `base` is the
    entry as the editor opened on it: what someone else changed since
    stands where nothing was typed, and EntryConflict refuses the save
    (nothing written) when they changed a field typed in, or deleted it."""
    typed: dict[str, Any] = {name: value for name, value in
                             (("text", text), ("at", at), ("kind", kind), ("starred", starred))
                             if value is not None}
    with store.db.transaction():
        version = None
        if base is not None:
            typed, version = store.timeline.merged(entry_id, base, typed)
        return store.timeline.edit(entry_id, **typed, version=version, author=author)


def star_entry(store: Store, entry_id: int, starred: bool, author: str = ""
               ) -> TimelineEntry | None:
    with store.db.transaction():
        store.timeline.set_starred(entry_id, starred, author)
        return store.timeline.entry(entry_id)


def delete_entry(store: Store, entry_id: int, author: str = "") -> TimelineEntry | None:
    """Hide an entry; `restore_entry` undoes it (nothing is erased). The
    entry as stored now (None: there is no such entry, and nothing changed)."""
    with store.db.transaction():
        store.timeline.delete(entry_id, author)
        return store.timeline.entry(entry_id)


def restore_entry(store: Store, entry_id: int, author: str = "") -> TimelineEntry | None:
    with store.db.transaction():
        store.timeline.restore(entry_id, author)
        return store.timeline.entry(entry_id)
