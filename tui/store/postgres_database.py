"""Opening a PostgreSQL store: connect through psycopg 3 (imported here,
only when a postgresql:// location is used), refuse a database that holds
another program's tables, and apply the numbered migrations
(tui/store/migrations.py, PostgreSQL dialect) as SQLite's file gets them.

The schema version lives in a one-row table, `warroom_schema`, naming the
application as SQLite's `PRAGMA application_id` does. Each step runs in
one transaction (PostgreSQL's DDL is transactional: a step half applied
is never seen) under an advisory lock, so two consoles starting together
migrate once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.store import postgres_errors
from tui.store.database import StoreError
from tui.store.dialect import Dialect
from tui.store.location import PostgresLocation
from tui.store.migrations import LATEST_VERSION, TABLES, migration

if TYPE_CHECKING:
    import psycopg

APPLICATION = "warroom"
SCHEMA_TABLE = "warroom_schema"
# The advisory lock that serialises migrations: any number every Warroom
# agrees on ("WRRM", as SQLite's application id).
MIGRATION_LOCK = int.from_bytes(b"WRRM", "big")
CONNECT_TIMEOUT_S = 10
# A session opened again mid-incident: a worker waits on it holding the
# store's lock, which the note saver and the refresh queue behind.
RECONNECT_TIMEOUT_S = 3


def connect(location: PostgresLocation, *, timeout: int = CONNECT_TIMEOUT_S
            ) -> psycopg.Connection[tuple[object, ...]]:
    """A connection in autocommit mode (transactions are explicit, as with
    SQLite), whose statements give up after LOCK_TIMEOUT_MS behind another
    session's lock. Failures are StoreErrors in words."""
    import psycopg

    try:
        conn = psycopg.connect(**location.connect_arguments(), autocommit=True,
                               connect_timeout=timeout,
                               fallback_application_name=APPLICATION)
    except psycopg.Error as error:
        raise StoreError(postgres_errors.on_connect(location, error)) from None
    try:
        conn.execute(f"SET lock_timeout = {postgres_errors.LOCK_TIMEOUT_MS}")
    except psycopg.Error as error:
        conn.close()
        raise StoreError(postgres_errors.on_connect(location, error)) from None
    return conn


def open_postgres(location: PostgresLocation) -> psycopg.Connection[tuple[object, ...]]:
    """Connect to and migrate the database at `location`."""
    import psycopg

    conn = connect(location)
    try:
        migrate(conn, location)
        check_tables(conn, location)
    except psycopg.Error as error:
        conn.close()
        raise StoreError(postgres_errors.on_connect(location, error)) from None
    except StoreError:
        conn.close()
        raise
    return conn


def migrate(conn: psycopg.Connection[tuple[object, ...]], location: PostgresLocation) -> None:
    while True:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            # Read inside the lock: another Warroom may have migrated meanwhile.
            version = schema_version(conn, location)
            if version == LATEST_VERSION:
                _add_change_counter(conn)
                return
            if version < 0:
                _create_schema_table(conn)
                version = 0
            for statement in migration(version, Dialect.POSTGRES):
                conn.execute(statement)  # our own SQL, no input
            conn.execute(f"UPDATE {SCHEMA_TABLE} SET version = %s", (version + 1,))


def schema_version(conn: psycopg.Connection[tuple[object, ...]],
                   location: PostgresLocation) -> int:
    """The schema version, or -1 for an empty database (nothing there yet);
    a database of another program, or of a newer Warroom, is refused."""
    tables = _tables(conn)
    where = location.display()
    if SCHEMA_TABLE not in tables:
        if tables:
            raise StoreError(
                f"{where} is not a Warroom database (it holds other tables, such as "
                f"{sorted(tables)[0]!r}); it was left as it is: pass --db with another "
                "database")
        return -1
    rows = conn.execute(f"SELECT application, version FROM {SCHEMA_TABLE}").fetchall()
    if len(rows) != 1 or rows[0][0] != APPLICATION or not isinstance(rows[0][1], int):
        raise StoreError(f"{where}: its {SCHEMA_TABLE} table is not one Warroom wrote; it was "
                         "left as it is: pass --db with another database")
    version = rows[0][1]
    if not 0 <= version <= LATEST_VERSION:
        raise StoreError(
            f"{where} was written by a newer Warroom (schema {version}, this one knows up "
            f"to {LATEST_VERSION}); upgrade Warroom or pass --db with another database")
    return version


def _add_change_counter(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """The counter each write transaction bumps (the store's `data_version`:
    another console's commit is seen by reading one number). Added to a
    schema table made before it existed."""
    present = conn.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = %s AND column_name = 'changes'", (SCHEMA_TABLE,)).fetchone()
    if present is None:
        conn.execute(f"ALTER TABLE {SCHEMA_TABLE} "
                     "ADD COLUMN changes BIGINT NOT NULL DEFAULT 0")


def _create_schema_table(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    conn.execute(f"CREATE TABLE {SCHEMA_TABLE} (application TEXT NOT NULL, "
                 "version INTEGER NOT NULL)")
    conn.execute(f"INSERT INTO {SCHEMA_TABLE} VALUES (%s, 0)", (APPLICATION,))


def _tables(conn: psycopg.Connection[tuple[object, ...]]) -> set[str]:
    """The tables of the schema Warroom's statements create theirs in."""
    rows = conn.execute("SELECT table_name FROM information_schema.tables "
                        "WHERE table_schema = current_schema()").fetchall()
    return {str(row[0]) for row in rows}


def check_tables(conn: psycopg.Connection[tuple[object, ...]],
                 location: PostgresLocation) -> None:
    """A table dropped by hand, named here rather than failing later."""
    present = _tables(conn)
    for table in TABLES:
        if table not in present:
            raise StoreError(f"{location.display()} has no table {table!r}: it was changed "
                             "outside Warroom; pass --db with another database")


def resync_identity(conn: psycopg.Connection[tuple[object, ...]], table: str) -> None:
    """After rows were written with ids of their own (an import keeps an
    entry's id when free), move `table`'s id sequence past them: SQLite
    numbers from the largest id, PostgreSQL's identity would hand the same
    ids out again. `table` is one of TABLES, never user input."""
    if table not in TABLES:
        raise ValueError(f"not a Warroom table: {table!r}")
    conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                 f"coalesce(max(id), 0) + 1, false) FROM {table}")
