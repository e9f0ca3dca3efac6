"""Follow-up action items, as SQL, in the caller's transaction (see follow_ups.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from tui.model.action_item import ActionDraft, ActionItem, ActionStatus, ActionType, Priority
from tui.model.timefmt import to_iso
from tui.store.row_reading import readable, stored_time, text

if TYPE_CHECKING:
    from tui.store.database import Connection

_COLUMNS = ("id, incident_id, description, owner, due, priority, type, status, source, "
            "created_at, created_by")


def insert(conn: Connection, incident_id: str, draft: ActionDraft, at: datetime,
           author: str) -> int:
    cursor = conn.execute(
        """INSERT INTO action_items (incident_id, description, owner, due, priority, type,
           status, source, created_at, created_by, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [incident_id, draft.description, draft.owner, _due(draft.due), draft.priority.value,
         draft.type.value, draft.status.value, draft.source, to_iso(at), author, to_iso(at)])
    return int(cursor.lastrowid or 0)


def update(conn: Connection, item_id: int, draft: ActionDraft, at: datetime) -> None:
    conn.execute(
        """UPDATE action_items SET description = ?, owner = ?, due = ?, priority = ?,
           type = ?, status = ?, updated_at = ? WHERE id = ?""",
        [draft.description, draft.owner, _due(draft.due), draft.priority.value,
         draft.type.value, draft.status.value, to_iso(at), item_id])


def one(conn: Connection, item_id: int) -> ActionItem | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM action_items WHERE id = ?",
                       [item_id]).fetchone()
    found = list(readable([row] if row else [], _item))
    return found[0] if found else None


def for_incident(conn: Connection, incident_id: str) -> list[ActionItem]:
    rows = conn.execute(f"SELECT {_COLUMNS} FROM action_items WHERE incident_id = ? "
                        "ORDER BY id", [incident_id]).fetchall()
    return list(readable(rows, _item))


def every(conn: Connection) -> list[ActionItem]:
    rows = conn.execute(f"SELECT {_COLUMNS} FROM action_items ORDER BY id").fetchall()
    return list(readable(rows, _item))


def _due(due: date | None) -> str | None:
    return due.isoformat() if due else None


def _item(row: Any) -> ActionItem:
    (item_id, incident_id, description, owner, due, priority, kind, status, source,
     created_at, created_by) = row
    # Each value checked: a follow-up written outside Warroom is left out
    # (see readable) rather than stopping stats or the review.
    return ActionItem(id=int(item_id), incident_id=text(incident_id),
                      description=text(description), owner=text(owner, 500),
                      due=date.fromisoformat(due) if due else None,
                      priority=Priority(priority), type=ActionType(kind),
                      status=ActionStatus(status), source=source,
                      created_at=stored_time(created_at), created_by=text(created_by, 500))
