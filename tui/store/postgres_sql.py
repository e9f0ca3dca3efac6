"""The repositories' statements, written for SQLite, as PostgreSQL runs them.

tui/store/dialect.py translates the schema and the parameters; this module
adds what only the statements the store runs at work need: `INSERT OR
REPLACE` as an upsert on the key that numbers the row anew (as SQLite's
delete and insert do: its `rowid`, a column on PostgreSQL, see
migrations._with_rowid), `json_each` as `json_array_elements_text`, and
SQLite's planner hints dropped. Each
statement is translated once and remembered: the store runs the same few
dozen statements again and again.

A statement that inserts into a table numbered by an identity gets
`RETURNING id`, so that the cursor's `lastrowid` is what sqlite3's would be."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tui.store.dialect import query_to_postgres
from tui.store.migrations import MIGRATIONS

_INSERT_OR_REPLACE = re.compile(
    r"^\s*INSERT\s+OR\s+REPLACE\s+INTO\s+(\w+)\s*\(([^)]*)\)", re.IGNORECASE)
_INSERT_INTO = re.compile(r"^\s*INSERT\s+(?:OR\s+IGNORE\s+)?INTO\s+(\w+)\s*(\(([^)]*)\))?",
                          re.IGNORECASE)
_JSON_EACH = re.compile(r"\bjson_each\(\?\)", re.IGNORECASE)
_INDEXED_BY = re.compile(r"\bINDEXED\s+BY\s+\w+", re.IGNORECASE)
_RETURNING = re.compile(r"\bRETURNING\b", re.IGNORECASE)
_LITERAL = re.compile(r"""('(?:[^']|'')*'|"(?:[^"]|"")*")""")


def _table_keys() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Each table's primary key, and the tables numbered by an identity
    (an `INTEGER PRIMARY KEY` id), read from the migrations themselves."""
    keys: dict[str, tuple[str, ...]] = {}
    numbered: set[str] = set()
    for step in MIGRATIONS:
        for statement in step:
            created = re.match(r"\s*CREATE TABLE (\w+) \((.*)\)", statement, re.DOTALL)
            if not created:
                continue
            table, body = created.groups()
            composite = re.search(r"PRIMARY KEY \(([^)]*)\)", body)
            single = re.search(r"(\w+) \w+ PRIMARY KEY", body)
            if composite:
                keys[table] = tuple(name.strip() for name in composite.group(1).split(","))
            elif single:
                keys[table] = (single.group(1),)
            if re.search(r"\bid INTEGER PRIMARY KEY\b", body):
                numbered.add(table)
    return keys, frozenset(numbered)


KEYS, NUMBERED = _table_keys()


@dataclass(frozen=True)
class Statement:
    sql: str
    # The identity-numbered table it inserts into (lastrowid is read back).
    returns_id: bool = False
    # The table it inserts ids of its own into (its sequence is moved past them).
    explicit_id_table: str | None = None
    writes: bool = False


@lru_cache(maxsize=512)
def translate(sql: str) -> Statement:
    """`sql` (sqlite3's form, `?` parameters) as psycopg runs it."""
    sql = _upsert(sql) if _INSERT_OR_REPLACE.match(sql) else sql
    parts = _LITERAL.split(sql)
    for index in range(0, len(parts), 2):
        part = _INDEXED_BY.sub("", parts[index])
        parts[index] = _JSON_EACH.sub("json_array_elements_text(?::json)", part)
    sql = "".join(parts)
    head = sql.lstrip()[:6].upper()
    writes = head in ("INSERT", "UPDATE", "DELETE")
    inserted = _INSERT_INTO.match(sql)
    returns_id = False
    explicit: str | None = None
    if inserted and inserted.group(1) in NUMBERED:
        columns = [name.strip() for name in (inserted.group(3) or "").split(",")]
        if "id" in columns:
            explicit = inserted.group(1)
        if not _RETURNING.search(sql):
            sql = f"{sql.rstrip().rstrip(';')} RETURNING id"
            returns_id = True
    return Statement(query_to_postgres(sql), returns_id, explicit, writes)


def _upsert(sql: str) -> str:
    """SQLite's `INSERT OR REPLACE` (delete the row holding the key, insert
    the new one) as an upsert on the table's primary key."""
    match = _INSERT_OR_REPLACE.match(sql)
    assert match is not None
    table, columns = match.group(1), [name.strip() for name in match.group(2).split(",")]
    key = KEYS.get(table)
    if not key:
        raise ValueError(f"INSERT OR REPLACE into {table}, which has no primary key")
    rest = [name for name in columns if name not in key]
    head = re.sub(r"^\s*INSERT\s+OR\s+REPLACE\s+INTO", "INSERT INTO", sql, count=1,
                  flags=re.IGNORECASE)
    # The row is numbered anew, last, as SQLite's replacement is.
    action = "DO UPDATE SET " + ", ".join(
        [*(f"{name} = excluded.{name}" for name in rest), "rowid = DEFAULT"])
    return f"{head.rstrip().rstrip(';')} ON CONFLICT ({', '.join(key)}) {action}"
