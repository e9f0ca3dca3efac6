"""What the store does on PostgreSQL that SQLite does by itself: another
console's commit seen through the change counter, ids written by an import
moving the sequence, one writer at a time, failures in words. On a real
PostgreSQL server (skipped on a laptop without one, failed in CI)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from tests.conftest import open_store, postgres_location
from tests.factories import make_incident
from tui.model.clock import FrozenClock
from tui.model.timeline import EntryKind
from tui.store import Store
from tui.store.database import describe_write_error
from tui.store.location import PostgresLocation
from tui.store.postgres_connection import PostgresError


@pytest.fixture
def location(request: pytest.FixtureRequest) -> PostgresLocation:
    return postgres_location(request)


def test_another_consoles_commit_changes_data_version_and_ones_own_does_not(
        location: PostgresLocation, clock: FrozenClock) -> None:
    one, other = open_store(location, clock), open_store(location, clock)
    try:
        one.incidents.create(make_incident(id="INC-1"))
        before = one.data_version()
        one.timeline.add("INC-1", "mine", EntryKind.NOTE)
        assert one.data_version() == before
        seen = other.data_version()
        one.timeline.add("INC-1", "mine again", EntryKind.NOTE)
        assert other.data_version() != seen
        other.timeline.add("INC-1", "theirs", EntryKind.NOTE)
        assert one.data_version() != before
    finally:
        one.close()
        other.close()


def test_an_imported_incident_keeps_its_ids_and_new_entries_get_fresh_ones(
        request: pytest.FixtureRequest, location: PostgresLocation,
        clock: FrozenClock) -> None:
    source = open_store(location, clock)
    source.incidents.create(make_incident(id="INC-1"))
    for n in range(5):
        source.timeline.add("INC-1", f"note {n}", EntryKind.NOTE)
    document = source.export_incident("INC-1")
    source.close()
    target_location = PostgresLocation(
        url=location.url.rsplit("/", 1)[0] + "/" + _second(request, location),
        password=location.password)
    target = open_store(target_location, clock)
    try:
        target.import_incident(document)
        ids = [entry.id for entry in target.timeline.entries("INC-1")]
        assert ids == [row["id"] for row in document["timeline"]]
        added = target.timeline.add("INC-1", "after the import", EntryKind.NOTE)
        assert added.id > max(ids)
        assert target.export_incident("INC-1")["timeline"][:-1] == document["timeline"]
    finally:
        target.close()


def _second(request: pytest.FixtureRequest, location: PostgresLocation) -> str:
    from tests.integration.postgres_server import fresh_database

    server = request.getfixturevalue("postgres")
    name = location.url.rsplit("/", 1)[1] + "_b"
    fresh_database(server, name)
    return name


def test_writers_take_turns_as_on_one_file(location: PostgresLocation,
                                          clock: FrozenClock) -> None:
    one, other = open_store(location, clock), open_store(location, clock)
    try:
        one.incidents.create(make_incident(id="INC-1"))
        done: list[float] = []
        with one.db.transaction():
            one.timeline.add("INC-1", "held", EntryKind.NOTE)
            writer = threading.Thread(target=lambda: (
                other.timeline.add("INC-1", "waited", EntryKind.NOTE),
                done.append(time.monotonic())))
            writer.start()
            time.sleep(0.3)
            released = time.monotonic()
            assert not done  # the other console waits for the write lock
        writer.join(10)
        assert done and done[0] >= released
        assert [e.text for e in one.timeline.entries("INC-1")][-2:] == ["held", "waited"]
    finally:
        one.close()
        other.close()


def test_a_snapshot_gives_way_to_a_held_lock_and_leaves_no_transaction(
        location: PostgresLocation, clock: FrozenClock) -> None:
    one, other = open_store(location, clock), open_store(location, clock)
    try:
        one.incidents.create(make_incident(id="INC-1"))
        with one.db.transaction():
            started = time.monotonic()
            with pytest.raises(PostgresError) as raised, other.db.transaction(give_way=True):
                pass
            assert time.monotonic() - started < 2
        assert raised.value.trouble.value == "locked"
        assert describe_write_error(raised.value).startswith("the database is locked")
        assert not other.conn.in_transaction
        other.timeline.add("INC-1", "after the wait", EntryKind.NOTE)
    finally:
        one.close()
        other.close()


def _cut(store: Store, location: PostgresLocation, clock: FrozenClock) -> None:
    """The server ends the store's session, as a restart or a pooler would."""
    killer = open_store(location, clock)
    try:
        pid = store.conn.raw.info.backend_pid  # type: ignore[union-attr]
        assert killer.conn.execute("SELECT pg_terminate_backend(?)", [pid]).fetchone()[0]
    finally:
        killer.close()


def test_a_session_cut_between_writes_is_opened_again_and_a_cut_write_is_refused(
        store_pg: Store, location: PostgresLocation, clock: FrozenClock) -> None:
    store_pg.incidents.create(make_incident(id="INC-1"))
    _cut(store_pg, location, clock)
    store_pg.timeline.add("INC-1", "after the cut", EntryKind.NOTE)  # a new session
    _cut(store_pg, location, clock)
    assert [e.text for e in store_pg.timeline.entries("INC-1")][-1] == "after the cut"
    with pytest.raises(PostgresError) as raised, store_pg.db.transaction():
        store_pg.timeline.add("INC-1", "cut mid-way", EntryKind.NOTE)
        _cut(store_pg, location, clock)
        store_pg.timeline.add("INC-1", "never acknowledged", EntryKind.NOTE)
    assert describe_write_error(raised.value).startswith("the PostgreSQL server went away")
    assert not store_pg.conn.in_transaction
    texts = [e.text for e in store_pg.timeline.entries("INC-1")]
    assert "cut mid-way" not in texts and "never acknowledged" not in texts
    store_pg.timeline.add("INC-1", "and on", EntryKind.NOTE)
    assert [e.text for e in store_pg.timeline.entries("INC-1")][-1] == "and on"


def test_a_refused_write_is_said_in_words_and_leaves_no_transaction(
        store_pg: Store) -> None:
    store_pg.incidents.create(make_incident(id="INC-1"))
    store_pg.conn.execute("PRAGMA query_only = ON")
    assert store_pg.read_only
    with pytest.raises(PostgresError) as raised:
        store_pg.timeline.add("INC-1", "not saved", EntryKind.NOTE)
    assert describe_write_error(raised.value) == (
        "the database has become read-only (a replica, or read-only by default)")
    assert not store_pg.conn.in_transaction


@pytest.fixture
def store_pg(location: PostgresLocation, clock: FrozenClock) -> Iterator[Store]:
    store = open_store(location, clock)
    yield store
    store.close()
