"""Attached playbooks and the log of checklist marks, as SQL.

A playbook is stored whole when attached (JSON): the tracker and a later
review show what the team was asked to do, even after the file changed or
was deleted. Each function works in the caller's transaction (see
tui/store/checklists.py)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from tui.model.checklist import Attachment, Mark, MarkState
from tui.model.playbook import ChecklistItem, Conditions, Playbook, Section
from tui.model.timefmt import to_iso
from tui.store.row_reading import readable, stored_time, text

if TYPE_CHECKING:
    from tui.store.database import Connection


def playbook_to_json(book: Playbook) -> str:
    when = book.when
    return json.dumps({
        "id": book.id, "title": book.title, "description": book.description,
        "source": book.source,
        "when": {"severities": when.severities, "scenarios": when.scenarios,
                 "services": when.services, "statuses": when.statuses},
        "sections": [{"title": section.title, "items": [
            {"key": item.key, "text": item.text, "hint": item.hint, "command": item.command,
             "promql": item.promql,
             "due_seconds": item.due.total_seconds() if item.due is not None else None}
            for item in section.items]} for section in book.sections],
    }, ensure_ascii=False)


def playbook_from_json(text: str) -> Playbook:
    raw: dict[str, Any] = json.loads(text)
    sections = tuple(
        Section(section["title"], tuple(
            ChecklistItem(key=item["key"], text=item["text"], hint=item["hint"],
                          command=item["command"], promql=item["promql"],
                          due=(timedelta(seconds=item["due_seconds"])
                               if item["due_seconds"] is not None else None))
            for item in section["items"]))
        for section in raw["sections"])
    when = Conditions(**{key: tuple(value) for key, value in raw["when"].items()})
    return Playbook(id=raw["id"], title=raw["title"], sections=sections, when=when,
                    description=raw["description"], source=raw["source"])


def attach(conn: Connection, incident_id: str, book: Playbook, at: datetime,
           author: str) -> bool:
    """Attach, or re-attach with the playbook as it is now. False when it
    is attached already."""
    row = conn.execute("SELECT detached_at FROM playbook_attachments WHERE incident_id = ? "
                       "AND playbook_id = ?", [incident_id, book.id]).fetchone()
    if row is not None and row[0] is None:
        return False
    conn.execute(
        """INSERT INTO playbook_attachments
           (incident_id, playbook_id, content, position, attached_at, attached_by)
           VALUES (?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1
                             FROM playbook_attachments WHERE incident_id = ?), ?, ?)
           ON CONFLICT (incident_id, playbook_id) DO UPDATE SET
               content = excluded.content, attached_at = excluded.attached_at,
               attached_by = excluded.attached_by, detached_at = NULL, detached_by = ''""",
        [incident_id, book.id, playbook_to_json(book), incident_id, to_iso(at), author])
    return True


def detach(conn: Connection, incident_id: str, playbook_id: str, at: datetime,
           author: str) -> bool:
    """Detach; the marks stay, and come back if it is attached again."""
    return conn.execute(
        "UPDATE playbook_attachments SET detached_at = ?, detached_by = ? "
        "WHERE incident_id = ? AND playbook_id = ? AND detached_at IS NULL",
        [to_iso(at), author, incident_id, playbook_id]).rowcount > 0


def attachments(conn: Connection, incident_id: str) -> list[Attachment]:
    rows = conn.execute(
        "SELECT content, attached_at, attached_by FROM playbook_attachments "
        "WHERE incident_id = ? AND detached_at IS NULL ORDER BY position",
        [incident_id]).fetchall()
    # A playbook that cannot be read (no sections, not JSON…) is left
    # off the tracker rather than stopping it.
    return list(readable(rows, lambda row: Attachment(
        playbook_from_json(row[0]), stored_time(row[1]), text(row[2], 500))))


def add_mark(conn: Connection, incident_id: str, mark: Mark, entry_id: int) -> int:
    """The mark's place in the log (its id)."""
    cursor = conn.execute(
        """INSERT INTO checklist_marks
           (incident_id, playbook_id, item_key, state, reason, author, at, entry_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        [incident_id, mark.playbook_id, mark.item_key, mark.state.value, mark.reason,
         mark.author, to_iso(mark.at), entry_id])
    return int(cursor.lastrowid or 0)


_MARK = "SELECT playbook_id, item_key, state, at, author, reason, id FROM checklist_marks "


def marks(conn: Connection, incident_id: str) -> list[Mark]:
    rows = conn.execute(_MARK + "WHERE incident_id = ? ORDER BY id", [incident_id]).fetchall()
    return list(readable(rows, _mark))


def latest_mark(conn: Connection, incident_id: str, playbook_id: str, item_key: str
                ) -> Mark | None:
    """The item's state-deciding mark: the last written."""
    rows = conn.execute(_MARK + "WHERE incident_id = ? AND playbook_id = ? AND item_key = ? "
                        "ORDER BY id DESC LIMIT 1", [incident_id, playbook_id, item_key]
                        ).fetchall()
    found = list(readable(rows, _mark))
    return found[0] if found else None


def _mark(row: tuple[Any, ...]) -> Mark:
    return Mark(text(row[0]), text(row[1]), MarkState(row[2]), stored_time(row[3]),
                text(row[4]), text(row[5]), id=int(row[6]))
