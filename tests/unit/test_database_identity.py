"""Only Warroom databases are ever changed: another program's SQLite file is
refused with one line and left byte-for-byte as it was; an empty file is
made a Warroom database; one made before the application id still opens."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from tests.unit.test_cli import assert_one_clear_line, warroom
from tui.model.clock import FrozenClock
from tui.model.timeline import EntryKind
from tui.store import Store, StoreError, open_database
from tui.store.database import APPLICATION_ID
from tui.store.migrations import LATEST_VERSION, MIGRATIONS


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def application_id(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA application_id").fetchone()[0])
    finally:
        conn.close()


def foreign(path: Path, *, user_version: int = 0, app_id: int = 0) -> str:
    """A photo catalogue's database, as another program leaves it."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, file TEXT)")
    conn.execute("INSERT INTO photos (file) VALUES ('beach.jpg')")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.execute(f"PRAGMA application_id = {app_id}")
    conn.commit()
    conn.close()
    return digest(path)


@pytest.mark.parametrize(("user_version", "app_id"), [(0, 0), (3, 0), (0, 0x46534C21)])
def test_another_programs_database_is_refused_and_left_as_it_was(
        tmp_path: Path, user_version: int, app_id: int) -> None:
    path = tmp_path / "photos.db"
    before = foreign(path, user_version=user_version, app_id=app_id)
    with pytest.raises(StoreError, match="not a Warroom database"):
        open_database(path)
    assert digest(path) == before
    assert not (tmp_path / "photos.db-wal").exists()
    # As a user meets it: one line, no traceback, the file unchanged.
    assert_one_clear_line(warroom("incidents", "--db", str(path)), str(path),
                          "not a Warroom database")
    assert digest(path) == before


def test_a_file_with_a_warroom_looking_version_but_other_tables_is_refused(
        tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE incidents (id TEXT)")  # a name anyone may use
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="not a Warroom database"):
        open_database(path)
    assert digest(path) == before


def test_a_new_and_an_empty_file_become_warroom_databases(tmp_path: Path) -> None:
    new, empty, blank = tmp_path / "new.db", tmp_path / "empty.db", tmp_path / "blank.db"
    empty.write_bytes(b"")
    conn = sqlite3.connect(blank)
    conn.execute("PRAGMA user_version = 0")
    conn.execute("VACUUM")  # a SQLite file with no tables at all
    conn.close()
    for path in (new, empty, blank):
        open_database(path).close()
        assert application_id(path) == APPLICATION_ID


def test_a_warroom_database_from_before_the_application_id_opens_and_gets_it(
        tmp_path: Path, clock: FrozenClock) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    # The schema as Warroom left it five migrations in, before the id existed.
    for version in range(5):
        for statement in MIGRATIONS[version]:
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 5")
    conn.execute("INSERT INTO incidents (id, title, severity, status, created_at, updated_at)"
                 " VALUES ('INC-1', 'Checkout down', 'P1', 'investigating', "
                 "'2026-03-14T14:00:00Z', '2026-03-14T14:00:00Z')")
    conn.close()
    assert application_id(path) == 0
    store = Store(open_database(path), clock)
    store.timeline.add("INC-1", "still here", EntryKind.NOTE)
    assert [entry.text for entry in store.timeline.entries("INC-1")] == ["still here"]
    store.close()
    assert application_id(path) == APPLICATION_ID
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    conn.close()


def test_a_negative_schema_version_is_refused_like_a_newer_one(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = -1")
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="schema -1"):
        open_database(path)
    assert digest(path) == before
    assert_one_clear_line(warroom("incidents", "--db", str(path)), str(path), "schema -1")
    assert digest(path) == before
