"""PostgreSQL's failures in words, against the real server: unreachable,
credentials refused, no such database, read-only, a lock held too long.
No line shows the password or spans two lines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.integration import postgres_server
from tui.store import postgres_errors
from tui.store.database import StoreError
from tui.store.location import PostgresLocation, parse_location
from tui.store.postgres_database import connect, open_postgres

WRONG = "not-the-pg-password"


def _refusal(location: PostgresLocation) -> str:
    with pytest.raises(StoreError) as caught:
        open_postgres(location)
    message = str(caught.value)
    assert "\n" not in message
    for secret in (postgres_server.PASSWORD, WRONG):
        assert secret not in message
    return message


@pytest.fixture
def database(postgres: postgres_server.PostgresServer, request: pytest.FixtureRequest
             ) -> Iterator[postgres_server.PostgresServer]:
    yield postgres_server.fresh_database(postgres, f"e_{request.node.name.lower()[:50]}")


def test_a_wrong_password_is_named_as_refused_credentials(
        postgres: postgres_server.PostgresServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARROOM_TEST_PG_PASSWORD", WRONG)
    location = parse_location(postgres.url(), password_env="WARROOM_TEST_PG_PASSWORD")
    assert isinstance(location, PostgresLocation)
    message = _refusal(location)
    assert message.startswith(f"PostgreSQL refused the credentials for {postgres.url()} "
                              '(password authentication failed for user "warroom")')
    assert "PGPASSWORD" in message


def test_no_password_at_all_is_refused_credentials_too(
        postgres: postgres_server.PostgresServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent/pgpass")
    message = _refusal(PostgresLocation(postgres.url()))
    assert message.startswith("PostgreSQL refused the credentials")
    assert "no password supplied" in message


def test_the_password_from_libpq_s_own_environment_is_used(
        database: postgres_server.PostgresServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSWORD", database.password)
    open_postgres(PostgresLocation(database.url())).close()


def test_a_stopped_server_is_unreachable(postgres: postgres_server.PostgresServer) -> None:
    # A port where the server is not (any more): what a stopped server leaves.
    location = PostgresLocation(f"postgresql://warroom@127.0.0.1:{postgres_server.free_port()}"
                                "/warroom", password=postgres.password)
    message = _refusal(location)
    assert message.startswith("cannot reach the PostgreSQL server of postgresql://warroom@"
                              "127.0.0.1:")
    assert "(Connection refused)" in message


def test_an_unknown_host_is_unreachable() -> None:
    message = _refusal(PostgresLocation("postgresql://warroom@no-such-host.invalid/warroom",
                                        password=WRONG))
    assert message.startswith("cannot reach the PostgreSQL server of "
                              "postgresql://warroom@no-such-host.invalid/warroom")


def test_a_missing_database_is_named(postgres: postgres_server.PostgresServer) -> None:
    message = _refusal(PostgresLocation(postgres.url(database="nosuchdb"),
                                        password=postgres.password))
    assert message == (f'{postgres.url(database="nosuchdb")}: database "nosuchdb" does not '
                       "exist; create it (createdb) or pass --db with another database")


def test_a_read_only_database_is_named(database: postgres_server.PostgresServer) -> None:
    read_only = PostgresLocation(
        database.url() + "?options=-c%20default_transaction_read_only%3Don",
        password=database.password)
    message = _refusal(read_only)
    assert message.startswith(f"{read_only.display()} is read-only (cannot execute CREATE "
                              "TABLE in a read-only transaction): a replica")
    # Once migrated elsewhere, a read-only database opens; a write is refused in words.
    open_postgres(PostgresLocation(database.url(), password=database.password)).close()
    with open_postgres(read_only) as conn, pytest.raises(psycopg.Error) as caught:
        conn.execute("INSERT INTO pane_overrides VALUES ('p', NULL, 0, 't', '')")
    assert postgres_errors.on_write(read_only, caught.value) == (
        "the database has become read-only (a replica, or read-only by default)")


def test_a_lock_held_too_long_is_named(database: postgres_server.PostgresServer,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres_errors, "LOCK_TIMEOUT_MS", 200)
    location = PostgresLocation(database.url(), password=database.password)
    open_postgres(location).close()
    with connect(location) as holder, holder.transaction():
        holder.execute("LOCK TABLE pane_overrides")
        with connect(location) as writer, pytest.raises(psycopg.Error) as caught:
            writer.execute("INSERT INTO pane_overrides VALUES ('p', NULL, 0, 't', '')")
    assert postgres_errors.trouble(caught.value) is postgres_errors.Trouble.LOCKED
    assert postgres_errors.on_write(location, caught.value) == (
        "the database is locked by another session (waited 0.2 s)")


def test_a_password_the_driver_repeats_is_scrubbed() -> None:
    location = PostgresLocation("postgresql://warroom@db/warroom", password="hunter2")
    error = psycopg.OperationalError(
        'connection failed: connection to server at "db", port 5432 failed: '
        "FATAL:  bad password hunter2\x1b[2J\n\tmore")
    message = postgres_errors.on_connect(location, error)
    assert message == ("cannot open postgresql://warroom@db/warroom: bad password "
                       "***\\x1b[2J")


def test_a_missing_socket_folder_is_unreachable(tmp_path: Path) -> None:
    location = PostgresLocation(f"postgresql:///warroom?host={tmp_path}/no-such-folder",
                                password=WRONG)
    assert _refusal(location).startswith("cannot reach the PostgreSQL server of ")


def test_a_session_cut_by_the_server_is_named(database: postgres_server.PostgresServer
                                              ) -> None:
    location = PostgresLocation(database.url(), password=database.password)
    with connect(location) as victim, connect(location) as admin:
        pid = victim.info.backend_pid
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(psycopg.Error) as caught:
            victim.execute("SELECT 1")
    assert postgres_errors.trouble(caught.value) is postgres_errors.Trouble.UNREACHABLE
    assert postgres_errors.on_write(location, caught.value).startswith(
        "the PostgreSQL server went away (")
