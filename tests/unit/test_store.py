"""The store, on real SQLite files."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import open_store
from tui.model.clock import FrozenClock
from tui.model.incident import Milestone, Status
from tui.model.timeline import EntryKind
from tui.sources.demo import Recording
from tui.store import Store, StoreError, open_database
from tui.store.database import APPLICATION_ID
from tui.store.location import PostgresLocation
from tui.store.migrations import LATEST_VERSION

# Every store behaviour here is checked on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.both_engines


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_migrated_with_wal_and_busy_timeout(tmp_path: Path) -> None:
    db = open_database(tmp_path / "nested" / "dir" / "w.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"incidents", "milestones", "timeline"} <= tables
    db.close()


def test_incident_and_timeline_survive_reopening(
    store_location: Path | PostgresLocation, recording: Recording, clock: FrozenClock
) -> None:
    path = store_location
    store = open_store(path, clock)
    assert store.incidents.create(recording.incident, recording.timeline)
    store.timeline.add("DEMO-1", "Rolled back checkout to v2.13.4", EntryKind.ACTION, author="me")
    store.close()

    reopened = open_store(path, clock)
    incident = reopened.incidents.get("DEMO-1")
    assert incident == recording.incident
    entries = reopened.timeline.entries("DEMO-1")
    assert len(entries) == len(recording.timeline) + 1
    assert (entries[-1].text, entries[-1].kind, entries[-1].author) == \
        ("Rolled back checkout to v2.13.4", EntryKind.ACTION, "me")
    # Seeding the demo again leaves the user's record alone.
    assert not reopened.incidents.create(recording.incident, recording.timeline, if_missing=True)
    assert len(reopened.timeline.entries("DEMO-1")) == len(entries)
    reopened.close()


def test_entries_are_in_true_chronological_order(store: Store, recording: Recording) -> None:
    store.incidents.create(recording.incident)
    late = recording.incident.started_at.replace(minute=30)
    early = recording.incident.started_at.replace(minute=5)
    store.timeline.add("DEMO-1", "entered first, happened later", at=late)
    store.timeline.add("DEMO-1", "entered second, happened earlier", at=early)
    assert [e.text for e in store.timeline.entries("DEMO-1")] == \
        ["entered second, happened earlier", "entered first, happened later"]


def test_status_change_logs_itself_and_marks_its_milestone(
    store: Store, recording: Recording, clock: FrozenClock
) -> None:
    store.incidents.create(recording.incident)
    updated = store.incidents.set_status("DEMO-1", Status.IDENTIFIED, author="Priya")
    assert updated.status is Status.IDENTIFIED
    assert updated.milestones[Milestone.IDENTIFIED] == clock.now()
    entry = store.timeline.entries("DEMO-1")[-1]
    assert (entry.kind, entry.text, entry.author) == \
        (EntryKind.STATUS, "Status Investigating → Identified", "Priya")
    clock.advance(60)
    store.incidents.set_status("DEMO-1", Status.INVESTIGATING)
    store.incidents.set_status("DEMO-1", Status.IDENTIFIED)
    # The first time counts: re-entering a status does not move its milestone.
    assert store.incidents.get("DEMO-1").milestones[Milestone.IDENTIFIED] == updated.milestones[
        Milestone.IDENTIFIED]


@pytest.mark.sqlite_only("a second sqlite3 connection on the file; see test_store_postgres.py")
def test_other_connection_commits_change_data_version(store: Store, tmp_path: Path) -> None:
    before = store.data_version()
    other = sqlite3.connect(tmp_path / "warroom.db")
    other.execute("INSERT INTO incidents (id, title, severity, status, created_at, updated_at) "
                  "VALUES ('X', 'x', 'P3', 'investigating', '', '')")
    other.commit()
    other.close()
    assert store.data_version() != before


def test_failed_transaction_leaves_nothing_half_written(
    store: Store, recording: Recording
) -> None:
    store.incidents.create(recording.incident)
    with pytest.raises(sqlite3.IntegrityError):
        store.incidents.create(recording.incident, recording.timeline)  # duplicate id
    assert store.timeline.entries("DEMO-1") == []


def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    # A newer Warroom writes its application id as this one does.
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match=r"newer Warroom .*upgrade Warroom"):
        open_database(path)
    assert digest(path) == before


def test_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    path.write_text("my notes, definitely not a database\n")
    before = digest(path)
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_database(path)
    assert digest(path) == before


def test_corrupt_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,) for _ in range(200)])
    conn.commit()
    conn.close()
    data = bytearray(path.read_bytes())
    page_size = 4096
    data[page_size: page_size + 64] = b"\xff" * 64  # wreck the header of page 2
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(StoreError, match="damaged"):
        open_database(path)
    assert digest(path) == before


def test_data_dir_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    # A regular file where the directory should be: fails even as root, as CI runs.
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError, match=r"cannot create data directory .*--db"):
        open_database(blocker / "sub" / "w.db")
