"""The timeline aggregate: entries of an incident, added, edited, starred,
hidden and restored. Other aggregates log their changes through `log`,
inside their own transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tui.model.conflicts import EntryConflict, merge_entry
from tui.model.timefmt import readable_time, to_iso
from tui.model.timeline import EntryKind, TimelineEntry, chronological
from tui.store.database import Database
from tui.store.incident_rows import entry_from_row
from tui.store.row_reading import text


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
             kind: EntryKind | None = None, starred: bool | None = None,
             version: int | None = None, author: str = "") -> TimelineEntry:
        """Change an entry's text, time, kind or star in place. With the
        `version` it was read at, refused (EntryConflict, nothing written)
        when someone changed or deleted it since; an entry seen deleted and
        saved over is brought back, the text saved in it."""
        changes: dict[str, Any] = {}
        if text is not None:
            changes["text"] = text
        if at is not None:
            changes["at"] = to_iso(at)
        if kind is not None:
            changes["kind"] = kind.value
        if starred is not None:
            changes["starred"] = int(starred)
        if version is not None:
            changes["deleted_at"] = None
        with self._db.transaction() as conn:
            if changes and not self._change(conn, entry_id, changes, author, version):
                raise self._refusal(conn, entry_id)
            edited = self.entry(entry_id)
        if edited is None:
            raise KeyError(entry_id)
        return edited

    def merged(self, entry_id: int, base: TimelineEntry, typed: dict[str, Any]
               ) -> tuple[dict[str, Any], int]:
        """The editor's `typed` fields, opened on `base`, as they may be
        saved on the entry as stored now, and the version to save them on:
        when someone changed only fields not typed in, the typed ones on
        their version (their change stands); else `base`'s, which `edit`
        refuses when it moved. In the caller's write transaction."""
        with self._db.transaction() as conn:
            row = conn.execute("SELECT deleted_at FROM timeline WHERE id = ?",
                               [entry_id]).fetchone()
            current = self.entry(entry_id)
            if current is None or row is None or row[0] is not None \
                    or current.version == base.version:
                return typed, base.version
            mine, clashing = merge_entry(base, typed, current)
            return (typed, base.version) if clashing else (mine, current.version)

    def set_starred(self, entry_id: int, starred: bool, author: str = "") -> None:
        with self._db.transaction() as conn:
            self._change(conn, entry_id, {"starred": int(starred)}, author)

    def delete(self, entry_id: int, author: str = "") -> None:
        """Hide an entry; `restore` undoes it (nothing is erased)."""
        with self._db.transaction() as conn:
            self._change(conn, entry_id, {"deleted_at": self._db.now_iso()}, author)

    def restore(self, entry_id: int, author: str = "") -> None:
        with self._db.transaction() as conn:
            self._change(conn, entry_id, {"deleted_at": None}, author)

    def _change(self, conn: Any, entry_id: int, changes: dict[str, Any], author: str,
                version: int | None = None) -> bool:
        """Every change bumps the version and says who made it and when;
        with `version`, only if the row is still at it. Whether it was."""
        assignments = "".join(f"{name} = ?, " for name in changes)
        sql = (f"UPDATE timeline SET {assignments}version = version + 1, changed_by = ?, "
               "changed_at = ? WHERE id = ?")
        params = [*changes.values(), author, self._db.now_iso(), entry_id]
        if version is not None:
            sql += " AND version = ?"
            params.append(version)
        return bool(conn.execute(sql, params).rowcount)

    def _refusal(self, conn: Any, entry_id: int) -> Exception:
        row = conn.execute("SELECT changed_by, changed_at, deleted_at FROM timeline "
                           "WHERE id = ?", [entry_id]).fetchone()
        current = self.entry(entry_id)
        if row is None or current is None:
            return KeyError(entry_id)
        return EntryConflict(current, text(row[0], 500), readable_time(row[1]),
                             deleted=row[2] is not None)


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
