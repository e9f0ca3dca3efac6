"""A whole database copied into another, engine to engine (`warroom
migrate-store`): every incident as `warroom export`/`import` carries it
(the same rows, ids kept: the target is empty), and the metric panes set
for every incident. All or nothing, in one transaction on the target."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.store import incident_dump
from tui.store.database import StoreError

if TYPE_CHECKING:
    from tui.store.database import Connection
    from tui.store.store import Store

# Rows kept for no one incident, copied as they are.
_SHARED_TABLES = ("pane_overrides",)


def copy_store(source: Store, target: Store) -> list[str]:
    """Copy every incident of `source` into `target`, oldest first so that
    the incidents list the same; returns their ids. Refuses a target that
    holds anything: a copy never merges."""
    with target.db.reading() as conn:
        for table in ("incidents", *_SHARED_TABLES):
            if conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
                raise StoreError("the target already holds incidents or panes; "
                                 "migrate-store copies only into an empty store")
    with source.db.reading() as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM incidents ORDER BY rowid")]
        documents = [incident_dump.dump_incident(conn, incident_id) for incident_id in ids]
        shared = {table: _rows(conn, table) for table in _SHARED_TABLES}
    with target.db.transaction() as conn:
        for document in documents:
            incident_dump.load_incident(conn, document)
        for table, rows in shared.items():
            for row in rows:
                names = list(row)
                conn.execute(f"INSERT INTO {table} ({', '.join(names)}) "
                             f"VALUES ({', '.join('?' * len(names))})", list(row.values()))
    return ids


def _rows(conn: Connection, table: str) -> list[dict[str, Any]]:
    cursor = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
