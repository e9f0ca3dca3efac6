"""`warroom sync` against a real PostgreSQL (the `postgres` fixture,
password authentication on), the real command in processes of its own: an
incident pulled onto a laptop's SQLite file, written on there, pushed back
once; the password in none of the copy, its dump, the command lines or
what the commands print. Rows there before migration 15 get their uid."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from tests.conftest import PEAK, open_store, postgres_location
from tests.integration.test_postgres_commands import warroom
from tui.model.clock import FrozenClock
from tui.model.incident import IncidentDraft
from tui.store.location import PostgresLocation

# No default file nor config of the user's is read or made (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("own_home")


def test_a_laptop_pulls_works_offline_and_pushes_back_once(
        request: pytest.FixtureRequest, tmp_path: Path, clock: FrozenClock) -> None:
    location = postgres_location(request)
    password = location.password or ""
    assert password
    shared = open_store(location, clock)
    incident = shared.incidents.declare(IncidentDraft("Checkout down", "P1"), "ana")
    shared.timeline.add(incident.id, "pool exhausted on db-2", author="ana")
    shared.close()
    local = tmp_path / "laptop.db"

    pulled = warroom("sync", "--pull", incident.id, "--from", location.url, "--to", str(local),
                     password=password)
    assert pulled.returncode == 0, pulled.stderr
    laptop = open_store(local, FrozenClock(PEAK + timedelta(minutes=30)))
    laptop.timeline.add(incident.id, "failover by hand, offline", author="bo",
                        at=PEAK + timedelta(minutes=9))
    laptop.close()
    dump = tmp_path / "laptop.json"
    exported = warroom("export", incident.id, "--format", "json", "--db", str(local),
                       "-o", str(dump))
    assert exported.returncode == 0, exported.stderr

    pushed = warroom("sync", "--push", str(local), "--to", location.url, password=password)
    assert pushed.returncode == 0, pushed.stderr
    assert "1 note pushed; 2 already there" in pushed.stderr
    again = warroom("sync", "--push", str(local), "--to", location.url, password=password)
    assert "nothing new to push" in again.stderr
    imported = warroom("import", str(dump), "--db", location.url, password=password)
    assert "nothing new to add" in imported.stderr, imported.stderr

    shared = open_store(location, clock)
    entries = shared.timeline.entries(incident.id)
    shared.close()
    offline = [e for e in entries if e.text == "failover by hand, offline"]
    assert [(e.author, e.at) for e in offline] == [("bo", PEAK + timedelta(minutes=9))]
    assert len(entries) == 3
    # Nowhere a password could be read back from.
    for text in (local.read_bytes().decode("latin-1"), dump.read_text(),
                 pulled.stdout + pulled.stderr, pushed.stdout + pushed.stderr,
                 " ".join(str(arg) for arg in pulled.args)):
        assert password not in text
    assert json.loads(dump.read_text())["local_copy"]["origin"] == location.display()


def test_rows_from_before_the_uids_get_one_each(request: pytest.FixtureRequest,
                                                tmp_path: Path, clock: FrozenClock) -> None:
    """Migration 15's backfill, on both engines: every row already there is
    given a uid of its own, and new rows get theirs from the store."""
    location = postgres_location(request)
    for where in (tmp_path / "old.db", location):
        store = open_store(where, clock)
        incident = store.incidents.declare(IncidentDraft("Checkout down", "P1"), "ana")
        for text in ("one", "two", "two"):
            store.timeline.add(incident.id, text, author="ana")
        store.close()
        _forget_uids(where)
        store = open_store(where, clock)  # migrates 14 -> 15 again
        store.timeline.add(incident.id, "three", author="ana")
        document = store.export_incident(incident.id)
        store.close()
        uids = [row["uid"] for row in document["timeline"]]
        assert len(uids) == 5 and all(uids) and len(set(uids)) == 5


def _forget_uids(where: Path | PostgresLocation) -> None:
    """The database as it was at schema 14, its rows kept."""
    from tui.store.sync_migration import UID_TABLES

    drops = [f"DROP INDEX {table}_by_uid" for table in UID_TABLES] + [
        f"ALTER TABLE {table} DROP COLUMN uid" for table in UID_TABLES] + [
        "DROP TABLE local_copies"]
    if isinstance(where, Path):
        conn = sqlite3.connect(where, isolation_level=None)
        for statement in [f"DROP TRIGGER {table}_uid" for table in UID_TABLES] + drops:
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 14")
        conn.close()
        return
    with psycopg.connect(where.url, password=where.password, autocommit=True) as pg:
        for statement in drops:
            pg.execute(statement)  # type: ignore[arg-type]
        pg.execute("UPDATE warroom_schema SET version = 14")
