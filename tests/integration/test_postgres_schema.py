"""The numbered migrations on a real PostgreSQL: the same tables and columns
as SQLite gets, applied once by two consoles, a database of another program
or of a newer Warroom refused, and the search index kept in step."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.integration import postgres_server
from tui.store.database import StoreError, open_database
from tui.store.dialect import Dialect
from tui.store.location import PostgresLocation
from tui.store.migrations import LATEST_VERSION, migration
from tui.store.postgres_database import SCHEMA_TABLE, connect, open_postgres, resync_identity


@pytest.fixture
def database(postgres: postgres_server.PostgresServer, request: pytest.FixtureRequest
             ) -> Iterator[PostgresLocation]:
    """An empty database of the test's own, with the password given apart."""
    name = "t_" + request.node.name.lower().replace("[", "_").replace("]", "")[:50]
    server = postgres_server.fresh_database(postgres, name)
    yield PostgresLocation(server.url(), password=server.password)


def _sqlite_shape(path: Path) -> dict[str, list[tuple[str, bool, bool]]]:
    """Each ordinary table: its columns as (name, not null, in the primary key)."""
    conn = sqlite3.connect(path)
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'incident_search%'")]
    # SQLite allows NULL in a TEXT PRIMARY KEY column, PostgreSQL never: "not
    # null" is read as PostgreSQL means it.
    shape = {table: [(name, bool(notnull) or bool(pk), bool(pk)) for _, name, _, notnull, _, pk
                     in conn.execute(f"PRAGMA table_info({table})")] for table in tables}
    conn.close()
    return shape


def _postgres_shape(conn: psycopg.Connection) -> dict[str, list[tuple[str, bool, bool]]]:
    keys = {(table, column) for table, column in conn.execute(
        "SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc "
        "JOIN information_schema.key_column_usage kcu USING (constraint_schema, "
        "constraint_name) WHERE tc.constraint_type = 'PRIMARY KEY' "
        "AND tc.table_schema = current_schema()")}
    shape: dict[str, list[tuple[str, bool, bool]]] = {}
    for table, column, nullable in conn.execute(
            "SELECT table_name, column_name, is_nullable FROM information_schema.columns "
            "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"):
        shape.setdefault(table, []).append(
            (column, nullable == "NO", (table, column) in keys))
    return shape


def test_both_engines_get_the_same_tables_and_columns(database: PostgresLocation,
                                                      tmp_path: Path) -> None:
    open_database(tmp_path / "w.db").close()
    sqlite = _sqlite_shape(tmp_path / "w.db")
    with open_postgres(database) as conn:
        postgres = _postgres_shape(conn)
        assert conn.execute(f"SELECT application, version FROM {SCHEMA_TABLE}").fetchall() \
            == [("warroom", LATEST_VERSION)]
    # `changes`: the counter each write bumps (the store's data_version).
    assert postgres.pop(SCHEMA_TABLE) == [("application", True, False),
                                          ("version", True, False), ("changes", True, False)]
    search = [column for column, _, _ in postgres.pop("incident_search")]
    # SQLite's unsaid rowid, where a table has one, is a column on PostgreSQL.
    implicit = {table for table, columns in postgres.items()
                if ("rowid", True, False) in columns}
    assert implicit == {"incidents", "milestones", "metric_panes", "metric_fetches",
                        "pane_overrides", "pod_states", "playbook_attachments", "comms_drafts",
                        "review_notes", "response_log", "slo_measurements"}
    postgres = {table: [column for column in columns if column[0] != "rowid"]
                for table, columns in postgres.items()}
    assert postgres == sqlite
    # FTS5's columns, plus the entry key and the tsvector.
    sqlite_search = [row[1] for row in sqlite3.connect(tmp_path / "w.db").execute(
        "PRAGMA table_info(incident_search)")]
    assert set(sqlite_search) < set(search)


def test_opening_again_and_twice_at_once_migrates_once(database: PostgresLocation) -> None:
    import threading

    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            open_postgres(database).close()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=open_one) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    with open_postgres(database) as conn:
        assert conn.execute(f"SELECT count(*) FROM {SCHEMA_TABLE}").fetchone() == (1,)


def test_a_database_of_another_program_is_left_alone(database: PostgresLocation) -> None:
    with connect(database) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(StoreError, match=r"is not a Warroom database .*'customers'.*left as "
                                         "it is"):
        open_postgres(database)
    with connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM information_schema.tables "
                            "WHERE table_schema = current_schema()").fetchone() == (1,)


def test_a_newer_warroom_s_database_is_refused(database: PostgresLocation) -> None:
    open_postgres(database).close()
    with connect(database) as conn:
        conn.execute(f"UPDATE {SCHEMA_TABLE} SET version = {LATEST_VERSION + 1}")
    with pytest.raises(StoreError, match=f"newer Warroom \\(schema {LATEST_VERSION + 1}"):
        open_postgres(database)


def test_a_table_dropped_by_hand_is_named(database: PostgresLocation) -> None:
    open_postgres(database).close()
    with connect(database) as conn:
        conn.execute("DROP TABLE review_notes")
    with pytest.raises(StoreError, match="has no table 'review_notes'"):
        open_postgres(database)


def test_the_search_index_follows_incidents_and_entries(database: PostgresLocation) -> None:
    with open_postgres(database) as conn:
        conn.execute("INSERT INTO incidents (id, title, severity, status, created_at, "
                     "updated_at) VALUES ('INC-1', 'Checkout down', 'P1', 'investigating', "
                     "'t', 't')")
        entry = conn.execute("INSERT INTO timeline (incident_id, at, kind, text, created_at) "
                             "VALUES ('INC-1', 't', 'note', 'db pool exhausted', 't') "
                             "RETURNING id").fetchone()[0]

        def found(word: str) -> list[tuple[str, int]]:
            return conn.execute(
                "SELECT incident_id, entry_id FROM incident_search WHERE document @@ "
                "to_tsquery('simple', %s) ORDER BY entry_id", (word,)).fetchall()

        assert found("checkout") == [("INC-1", 0)]
        assert found("pool") == [("INC-1", entry)]
        conn.execute("UPDATE incidents SET title = 'Payments down' WHERE id = 'INC-1'")
        assert found("checkout") == [] and found("payments") == [("INC-1", 0)]
        conn.execute("UPDATE timeline SET deleted_at = 't' WHERE id = %s", (entry,))
        assert found("pool") == []
        conn.execute("UPDATE timeline SET deleted_at = NULL WHERE id = %s", (entry,))
        assert found("pool") == [("INC-1", entry)]
        conn.execute("DELETE FROM incidents WHERE id = 'INC-1'")
        assert conn.execute("SELECT count(*) FROM incident_search").fetchone() == (0,)


def test_ids_written_by_hand_are_not_handed_out_again(database: PostgresLocation) -> None:
    with open_postgres(database) as conn:
        conn.execute("INSERT INTO incidents (id, title, severity, status, created_at, "
                     "updated_at) VALUES ('INC-1', 'x', 'P1', 'investigating', 't', 't')")
        conn.execute("INSERT INTO timeline (id, incident_id, at, kind, text, created_at) "
                     "VALUES (7, 'INC-1', 't', 'note', 'imported', 't')")
        resync_identity(conn, "timeline")
        new = conn.execute("INSERT INTO timeline (incident_id, at, kind, text, created_at) "
                           "VALUES ('INC-1', 't', 'note', 'typed', 't') RETURNING id")
        assert new.fetchone() == (8,)
        with pytest.raises(ValueError, match="not a Warroom table"):
            resync_identity(conn, "timeline; DROP TABLE incidents")


def test_the_server_does_not_run_as_root(postgres: postgres_server.PostgresServer) -> None:
    """PostgreSQL refuses root; CI runs as root, so the fixture drops to a user."""
    pid = int((postgres.folder / "data" / "postmaster.pid").read_text().split()[0])
    status = Path(f"/proc/{pid}/status").read_text()
    real_uid = int(next(line for line in status.splitlines()
                        if line.startswith("Uid:")).split()[1])
    assert real_uid != 0


def test_an_older_database_is_upgraded_and_its_rows_indexed(database: PostgresLocation
                                                            ) -> None:
    """A database left at schema 10 by an older Warroom, incidents and all:
    opening it runs 11 and 12, and migration 11 indexes what was there."""
    with connect(database) as conn, conn.transaction():
        for version in range(10):
            for statement in migration(version, Dialect.POSTGRES):
                conn.execute(statement)
        conn.execute(f"CREATE TABLE {SCHEMA_TABLE} (application TEXT NOT NULL, "
                     "version INTEGER NOT NULL)")
        conn.execute(f"INSERT INTO {SCHEMA_TABLE} VALUES ('warroom', 10)")
        conn.execute("INSERT INTO incidents (id, title, severity, status, created_at, "
                     "updated_at) VALUES ('INC-9', 'Redis failover', 'P2', 'resolved', 't', "
                     "'t')")
        conn.execute("INSERT INTO timeline (incident_id, at, kind, text, created_at, "
                     "deleted_at) VALUES ('INC-9', 't', 'note', 'sentinel flapped', 't', "
                     "NULL), ('INC-9', 't', 'note', 'hidden words', 't', 't')")
    with open_postgres(database) as conn:
        assert conn.execute(f"SELECT version FROM {SCHEMA_TABLE}").fetchone() == (
            LATEST_VERSION,)
        rows = conn.execute("SELECT incident_id, title, timeline FROM incident_search "
                            "ORDER BY entry_id").fetchall()
        assert rows == [("INC-9", "Redis failover", None), ("INC-9", None, "sentinel flapped")]
