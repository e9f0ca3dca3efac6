"""The record a local copy of an incident keeps (migration 15's
`local_copies`): the store it was pulled from, as it may be shown (never a
password), when, and what it held then (its `base`, see
tui/store/incident_merge.py), replaced at each push by what was pushed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.model.local_copy import LocalCopy
from tui.model.safe_text import printable
from tui.model.timefmt import readable_time
from tui.store.incident_merge import FIELDS, KEYS, digest

if TYPE_CHECKING:
    from tui.store.database import Connection


def record_pull(conn: Connection, document: dict[str, Any], origin: str, at: str) -> None:
    """The incident `document` holds, just loaded, marked as pulled from `origin`."""
    conn.execute("INSERT INTO local_copies (incident_id, origin, pulled_at, base) "
                 "VALUES (?, ?, ?, ?)",
                 [document["incident"]["id"], origin, at, json.dumps(base_of(document))])


def record_push(conn: Connection, document: dict[str, Any], at: str) -> None:
    """What was pushed becomes the base: a later push adds only what is
    written after it (and an edit made while it ran is still seen as one)."""
    conn.execute("UPDATE local_copies SET pushed_at = ?, base = ? WHERE incident_id = ?",
                 [at, json.dumps(base_of(document)), document["incident"]["id"]])


def all_pushed(conn: Connection, incident_id: str) -> bool:
    """Whether the copy holds nothing written since its pull or last push
    (its rows are its base); False for an incident it is no copy of."""
    from tui.store.incident_dump import dump_incident

    row = conn.execute("SELECT base FROM local_copies WHERE incident_id = ?",
                       [incident_id]).fetchone()
    if row is None:
        return False
    try:
        stored = json.loads(row[0])
    except (ValueError, TypeError, RecursionError):
        return False
    return bool(stored == base_of(dump_incident(conn, incident_id)))


def base_of(document: dict[str, Any]) -> dict[str, dict[str, list[Any]]]:
    """Each editable row of the dumped incident (the record itself too),
    by what names it in every copy (incident_merge.KEYS)."""
    base: dict[str, dict[str, list[Any]]] = {}
    for table in FIELDS:
        rows = [document["incident"]] if table == "incidents" else document.get(table, [])
        base[table] = {str(row[KEYS[table]]): digest(table, row) for row in rows
                       if row.get(KEYS[table]) is not None}
    return base


def local_copies(conn: Connection, incident_id: str | None = None) -> list[LocalCopy]:
    """The incidents this database holds as local copies (all, or the one named)."""
    where, params = ("WHERE incident_id = ?", [incident_id]) if incident_id else ("", [])
    return [LocalCopy(str(row[0]), printable(str(row[1])), readable_time(row[2]),
                      readable_time(row[3]))
            for row in conn.execute("SELECT incident_id, origin, pulled_at, pushed_at "
                                    f"FROM local_copies {where} ORDER BY incident_id",
                                    params).fetchall()]


def copied_incident(path: Path) -> str | None:
    """The incident the SQLite file at `path` is a local copy of, read
    without opening the store (the start-up decides on it before building
    anything); None when not one, or on any doubt (the store says why)."""
    from tui.store.database import connect_read_only

    try:
        if not path.expanduser().is_file():
            return None
        conn = connect_read_only(path.expanduser())
        try:
            row = conn.execute("SELECT incident_id FROM local_copies "
                               "ORDER BY pulled_at DESC LIMIT 1").fetchone()
        finally:
            conn.close()
    except (sqlite3.Error, OSError):
        return None
    return str(row[0]) if row else None
