"""Which incident a write statement touches, read from its SQL and its
parameters: the payload of the change notice a PostgreSQL commit sends
(tui/store/change_feed.py), so that a console on another incident need not
look. A statement that names no incident (a timeline entry edited by its
id, the metric panes) gives None: its notice says "something changed"."""

from __future__ import annotations

import re
from collections.abc import Sequence

_TABLE = re.compile(r"^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM)\s+(\w+)",
                    re.IGNORECASE)
# Tables whose writes change no incident's record (who is in the room):
# no change counted, no notice sent, no console woken to re-read.
QUIET_TABLES = frozenset({"presence"})
_INSERT = re.compile(r"\(([^()]*)\)\s*VALUES\s*\(([^()]*)\)", re.IGNORECASE)


def quiet_write(sql: str) -> bool:
    match = _TABLE.match(sql)
    return match is not None and match.group(1).lower() in QUIET_TABLES


def touched_incident(sql: str, params: Sequence[object]) -> str | None:
    """The incident id `sql` writes under, when its parameters say it."""
    match = _TABLE.match(sql)
    if match is None:
        return None
    column = "id" if match.group(1).lower() == "incidents" else "incident_id"
    index = _param_index(sql, column)
    if index is None or index >= len(params):
        return None
    value = params[index]
    return value if isinstance(value, str) else None


def _param_index(sql: str, column: str) -> int | None:
    """The position among the `?`s of the value `column` is given."""
    if sql.lstrip()[:6].upper() == "INSERT":
        insert = _INSERT.search(sql)
        if insert is None:
            return None
        names = [name.strip().lower() for name in insert.group(1).split(",")]
        values = [value.strip() for value in insert.group(2).split(",")]
        if column not in names or len(names) != len(values):
            return None
        at = names.index(column)
        return values[:at].count("?") if values[at] == "?" else None
    where = re.search(rf"\bWHERE\b[\s\S]*?\b{column}\s*=\s*\?", sql, re.IGNORECASE)
    if where is None:
        return None
    return sql[:where.end()].count("?") - 1
