"""The timeline aggregate: entries of an incident, added, edited, starred,
hidden and restored. Other aggregates log their changes through `log`,
inside their own transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tui.model.timefmt import to_iso
from tui.model.timeline import EntryKind, TimelineEntry, chronological
from tui.store.database import Database
from tui.store.incident_rows import entry_from_row


class Timeline:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, incident_id: str, text: str, kind: EntryKind = EntryKind.NOTE, *,
            at: datetime | None = None, author: str = "", starred: bool = False,
            uid: str = "") -> TimelineEntry:
        """A new entry; with a `uid` already stored for the incident, that
        entry as it is (the first save's commit landed, its answer did not)."""
        now = self._db.clock.now()
        with self._db.transaction() as conn:
            if uid:
                cursor = conn.execute(
                    "SELECT * FROM timeline WHERE incident_id = ? AND uid = ?", [incident_id, uid])
                stored = cursor.fetchone()
                if stored is not None:
                    names = [column[0] for column in cursor.description]
                    return entry_from_row(dict(zip(names, stored, strict=True)))
            entry_id = insert_entry(conn, incident_id, at or now, kind, text, author, starred,
                                    to_iso(now), uid or None)
        return TimelineEntry(entry_id, incident_id, at or now, kind, text, author, starred)

    def log(self, incident_id: str, kind: EntryKind, text: str, author: str = "", *,
            at: datetime | None = None) -> int:
        """A line about a change, written now (dated `at` when given); the
        id of its entry."""
        return self.add(incident_id, text, kind, at=at, author=author).id

    def entries(self, incident_id: str) -> list[TimelineEntry]:
        rows = self._db.query(
            "SELECT * FROM timeline WHERE incident_id = ? AND deleted_at IS NULL", [incident_id])
        return chronological([entry_from_row(row) for row in rows])

    def entry(self, entry_id: int) -> TimelineEntry | None:
        """One entry, deleted or not (undo needs the deleted ones)."""
        rows = self._db.query("SELECT * FROM timeline WHERE id = ?", [entry_id])
        return entry_from_row(rows[0]) if rows else None

    def edit(self, entry_id: int, *, text: str | None = None, at: datetime | None = None,
             kind: EntryKind | None = None) -> TimelineEntry:
        """Change an entry's text, time or kind in place."""
        changes: dict[str, Any] = {}
        if text is not None:
            changes["text"] = text
        if at is not None:
            changes["at"] = to_iso(at)
        if kind is not None:
            changes["kind"] = kind.value
        with self._db.transaction() as conn:
            if changes:
                assignments = ", ".join(f"{name} = ?" for name in changes)
                updated = conn.execute(f"UPDATE timeline SET {assignments} WHERE id = ?",
                                       [*changes.values(), entry_id]).rowcount
                if not updated:
                    raise KeyError(entry_id)
            edited = self.entry(entry_id)
        if edited is None:
            raise KeyError(entry_id)
        return edited

    def set_starred(self, entry_id: int, starred: bool) -> None:
        with self._db.transaction() as conn:
            conn.execute("UPDATE timeline SET starred = ? WHERE id = ?", [int(starred), entry_id])

    def delete(self, entry_id: int) -> None:
        """Hide an entry; `restore` undoes it (nothing is erased)."""
        with self._db.transaction() as conn:
            conn.execute("UPDATE timeline SET deleted_at = ? WHERE id = ?",
                         [self._db.now_iso(), entry_id])

    def restore(self, entry_id: int) -> None:
        with self._db.transaction() as conn:
            conn.execute("UPDATE timeline SET deleted_at = NULL WHERE id = ?", [entry_id])


def insert_entry(conn: Any, incident_id: str, at: datetime, kind: EntryKind, text: str,
                 author: str, starred: bool, created_at: str, uid: str | None = None) -> int:
    """One row, in the caller's transaction (seeding, import, the demo
    replay). Without a uid the database draws one (migration 15)."""
    if uid is None:
        cursor = conn.execute(
            """INSERT INTO timeline (incident_id, at, kind, text, author, starred, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [incident_id, to_iso(at), kind.value, text, author, int(starred), created_at])
        return int(cursor.lastrowid)
    cursor = conn.execute(
        """INSERT INTO timeline (incident_id, at, kind, text, author, starred, created_at, uid)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        [incident_id, to_iso(at), kind.value, text, author, int(starred), created_at, uid])
    return int(cursor.lastrowid)
