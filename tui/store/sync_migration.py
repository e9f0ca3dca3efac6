"""Migration 15's statements: a stable identity (`uid`) for every timeline
entry, checklist tick and follow-up, the same in every copy of an incident
(the shared store and a laptop's local copy), which `warroom sync` and an
import into an incident already there match rows on; and the table a local
copy keeps where it came from and what it held when pulled. Append only, as
every migration: a released statement is never edited.

A uid is random (16 bytes, hex), never derived from the row: two people
typing the same words at the same second wrote two notes."""

from __future__ import annotations

# The tables whose rows are pushed one by one, each under its uid.
UID_TABLES = ("timeline", "checklist_marks", "action_items")

_SQLITE_UID = "lower(hex(randomblob(16)))"
# gen_random_uuid() needs PostgreSQL 13; md5 of a random number and the
# clock is as unique for this purpose on any version.
_POSTGRES_UID = "md5(random()::text || clock_timestamp()::text)"

_LOCAL_COPIES = """CREATE TABLE local_copies (
            incident_id TEXT PRIMARY KEY REFERENCES incidents(id) ON DELETE CASCADE,
            origin TEXT NOT NULL,
            pulled_at TEXT NOT NULL,
            pushed_at TEXT,
            base TEXT NOT NULL DEFAULT '{}'
        )"""


def _sqlite(table: str) -> tuple[str, ...]:
    # SQLite adds no column with a default that is not a constant: every
    # writer's new row gets its uid from a trigger instead, unless it brings
    # its own (an import, a push).
    return (
        f"ALTER TABLE {table} ADD COLUMN uid TEXT",
        f"UPDATE {table} SET uid = {_SQLITE_UID}",
        f"CREATE UNIQUE INDEX {table}_by_uid ON {table}(incident_id, uid)",
        f"""CREATE TRIGGER {table}_uid AFTER INSERT ON {table} WHEN new.uid IS NULL BEGIN
            UPDATE {table} SET uid = {_SQLITE_UID} WHERE id = new.id;
        END""",
    )


def _postgres(table: str) -> tuple[str, ...]:
    # A volatile default is evaluated for each row already there, too.
    return (
        f"ALTER TABLE {table} ADD COLUMN uid TEXT DEFAULT {_POSTGRES_UID}",
        f"CREATE UNIQUE INDEX {table}_by_uid ON {table}(incident_id, uid)",
    )


SQLITE_UIDS = (*(statement for table in UID_TABLES for statement in _sqlite(table)),
               _LOCAL_COPIES)
POSTGRES_UIDS = (*(statement for table in UID_TABLES for statement in _postgres(table)),
                 _LOCAL_COPIES)
