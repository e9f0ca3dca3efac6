"""An incident as one JSON document, and back: every row the database
keeps for it (record, milestones, timeline with deleted entries, checklists,
follow-ups, metric and pod snapshots), so that `warroom import` on another
machine gives the same incident, for review there.

Rows keep their ids where the receiving database has them free (a fresh
file: always), so that "Follow-up #3" still means the same item; where
taken, new ids are given and references between rows follow them. Their
uids (migration 15) are kept everywhere: what a later import of the same
incident matches rows on (tui/store/incident_merge.py). A local copy's dump
carries what the copy held when pulled (`local_copy`), for that merge."""

from __future__ import annotations

import json
import sqlite3
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from tui.store.migrations import LATEST_VERSION

if TYPE_CHECKING:
    from tui.store.database import Connection

FORMAT = "warroom-incident"
VERSION = 1

# Each table kept with an incident, and its own id column (None: no id).
_TABLES: tuple[tuple[str, str | None], ...] = (
    ("milestones", None),
    ("timeline", "id"),
    ("metric_panes", None),
    ("metric_fetches", None),
    ("metric_series", "id"),
    ("pod_states", None),
    ("playbook_attachments", None),
    ("checklist_marks", "id"),
    ("action_items", "id"),
    ("comms_drafts", None),
    ("review_notes", None),
    ("response_log", None),
    ("slo_measurements", None),
)
# Tables that exports from an older schema do not have.
_SINCE_SCHEMA = {"comms_drafts": 8, "review_notes": 9, "response_log": 10,
                 "slo_measurements": 10}


class DumpError(Exception):
    """A file that is not an incident dump we can load; says why."""


def rows_of(conn: Connection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def dump_incident(conn: Connection, incident_id: str) -> dict[str, Any]:
    incidents = rows_of(conn, "SELECT * FROM incidents WHERE id = ?", [incident_id])
    if not incidents:
        raise KeyError(f"no incident {incident_id}")
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION,
                                "schema": LATEST_VERSION, "incident": incidents[0]}
    for table, key in _TABLES:
        order = f" ORDER BY {key}" if key else " ORDER BY rowid"
        document[table] = rows_of(conn, f"SELECT * FROM {table} WHERE incident_id = ?{order}",
                                [incident_id])
    copies = rows_of(conn, "SELECT origin, pulled_at, pushed_at, base FROM local_copies "
                     "WHERE incident_id = ?", [incident_id])
    if copies:
        copy = copies[0]
        document["local_copy"] = dict(copy, base=_base(copy["base"]))
    for attachment in document["playbook_attachments"]:
        attachment["content"] = _without_local_path(attachment["content"])
    for series in document["metric_series"]:
        series["points"] = [list(point) for point in conn.execute(
            "SELECT t, v FROM metric_points WHERE series_id = ? ORDER BY t", [series["id"]])]
    return document


def _base(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return {}  # a damaged record: the merge sees no base, and keeps the server's


def _without_local_path(content: str) -> str:
    """A stored playbook with its file name only: the folder it was read
    from (/home/alice/runbooks/…) says who and where, and is no use on the
    machine the export goes to."""
    try:
        book = json.loads(content)
    except ValueError:
        return content  # an unreadable row goes out as it is, for a human to look at
    if not isinstance(book, dict) or not isinstance(book.get("source"), str):
        return content
    book["source"] = PurePath(book["source"]).name
    # The same form playbook_to_json writes, so that an unchanged import
    # exports the same text again.
    return json.dumps(book, ensure_ascii=False)


def to_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def parse_dump(text: str, where: str) -> dict[str, Any]:
    """The export in `text`, read as far as its format and version; the
    values are checked by `load_incident`."""
    from tui.store.dump_schema import MAX_DUMP_BYTES

    if len(text) > MAX_DUMP_BYTES:
        raise DumpError(f"{where}: {len(text):,} characters is over the limit of "
                        f"{MAX_DUMP_BYTES:,} for an incident export")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise DumpError(f"{where}: not JSON ({error})") from None
    except RecursionError:
        raise DumpError(f"{where}: nested too deeply to be an incident export") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DumpError(f"{where}: not a Warroom incident export")
    version = document.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise DumpError(f"{where}: export version {version!r} is newer than this Warroom "
                        f"reads ({VERSION}); upgrade Warroom")
    schema = document.get("schema")
    schema = schema if isinstance(schema, int) else LATEST_VERSION
    missing = [name for name in ("incident", *(table for table, _ in _TABLES))
               if name not in document and schema >= _SINCE_SCHEMA.get(name, 0)]
    if missing:
        raise DumpError(f"{where}: incomplete export (no {missing[0]!r})")
    return document


def checked_id(document: dict[str, Any]) -> str:
    """The dump's incident id, once every value passed the declared schema
    (tui/store/dump_schema.py), so that nothing is written that a command
    could not read back; a DumpError names the first field that fails."""
    from tui.store.dump_schema import problems

    found = problems(document)
    if found:
        raise DumpError(f"{found[0]}; nothing was imported")
    incident_id = document["incident"].get("id")
    if not isinstance(incident_id, str) or not incident_id:
        raise DumpError("the export has no incident id")
    return incident_id


def load_incident(conn: Connection, document: dict[str, Any]) -> str:
    """Insert the dumped incident in the caller's transaction; returns its id.
    Refuses an incident id that exists: nothing is overwritten (an import
    into it is a merge: tui/store/incident_merge.py)."""
    incident_id = checked_id(document)
    incident = document["incident"]
    if conn.execute("SELECT 1 FROM incidents WHERE id = ?", [incident_id]).fetchone():
        raise DumpError(f"{incident_id} is already in this database; nothing was imported")
    try:
        _insert(conn, "incidents", _columns(conn, "incidents"), incident)
        entry_ids: dict[int, int] = {}
        for table, key in _TABLES:
            known = _columns(conn, table)
            for row in document.get(table, []):
                row = dict(row, incident_id=incident_id)
                if table == "checklist_marks" and row.get("entry_id") is not None:
                    row["entry_id"] = entry_ids.get(row["entry_id"], row["entry_id"])
                points = row.pop("points", None) if table == "metric_series" else None
                new_id = _insert(conn, table, known, row, key)
                if table == "timeline" and key:
                    entry_ids[row[key]] = new_id
                if points is not None:
                    conn.executemany(
                        "INSERT INTO metric_points (series_id, t, v) VALUES (?, ?, ?)",
                        [(new_id, t, v) for t, v in points])
    except (sqlite3.Error, TypeError, ValueError, AttributeError) as error:
        raise DumpError(f"the export does not fit the database: {error}") from None
    return incident_id


def _columns(conn: Connection, table: str) -> set[str]:
    return {column[1] for column in conn.execute(f"PRAGMA table_info({table})")}


def insert_row(conn: Connection, table: str, row: dict[str, Any], key: str | None = None
               ) -> int:
    """Insert `row` (its columns `table` has), keeping its id when free."""
    try:
        return _insert(conn, table, _columns(conn, table), row, key)
    except (sqlite3.Error, TypeError, ValueError, AttributeError) as error:
        raise DumpError(f"the export does not fit the database: {error}") from None


def _insert(conn: Connection, table: str, known: set[str], row: dict[str, Any],
            key: str | None = None) -> int:
    """Insert `row` (its columns the table has), keeping its id when free;
    returns the id it got."""
    values = {name: value for name, value in row.items() if name in known}
    if key and key in values and conn.execute(
            f"SELECT 1 FROM {table} WHERE {key} = ?", [values[key]]).fetchone():
        values.pop(key)
    names = list(values)
    cursor = conn.execute(
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        [values[name] for name in names])
    return int(cursor.lastrowid or 0)
