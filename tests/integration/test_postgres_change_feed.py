"""Changes pushed between consoles on PostgreSQL (LISTEN/NOTIFY): a commit
by one connection, or one process, wakes the other's feed in under a
second, for its own incident only; a listener whose connection is cut opens
it again by itself; a war room on screen shows another console's note
long before its next poll."""

from __future__ import annotations

import asyncio
import threading
import time

import psycopg
import pytest

from tests.conftest import MakeApp, open_store, postgres_location
from tests.factories import make_incident
from tests.integration.store_writer import acknowledged, writer
from tests.ui.helpers import wait_for
from tui.cli.launch import build_demo_context
from tui.model.clock import FrozenClock
from tui.model.timeline import EntryKind
from tui.store.change_feed import ChangeFeed
from tui.store.location import PostgresLocation
from tui.store.postgres_connection import PostgresConnection
from tui.store.store import Store
from tui.widgets.timeline_pane import TimelinePane


@pytest.fixture
def location(request: pytest.FixtureRequest) -> PostgresLocation:
    return postgres_location(request)


def watching(store: Store, incident_id: str) -> threading.Event:
    woken = threading.Event()
    feed = store.watch(lambda: incident_id, woken.set)
    assert feed is not None and feed.listening.wait(5)
    return woken


def feeds(store: Store) -> list[ChangeFeed]:
    assert isinstance(store.conn, PostgresConnection)
    return store.conn.feeds


def test_a_commit_wakes_the_other_console_within_a_second(location: PostgresLocation,
                                                          clock: FrozenClock) -> None:
    mine, other = open_store(location, clock), open_store(location, clock)
    try:
        mine.incidents.create(make_incident())
        mine.incidents.create(make_incident(id="INC-2"))
        woken = watching(mine, "INC-1")
        other.timeline.add("INC-2", "another incident's note")
        assert not woken.wait(0.5)  # not this console's incident
        started = time.monotonic()
        other.timeline.add("INC-1", "from the other laptop", EntryKind.FINDING)
        assert woken.wait(1.0)
        assert time.monotonic() - started < 1.0
        woken.clear()
        mine.timeline.add("INC-2", "my own write on another incident")
        assert not woken.wait(0.3)
    finally:
        mine.close()
        other.close()


def test_a_write_naming_no_incident_wakes_everyone(location: PostgresLocation,
                                                   clock: FrozenClock) -> None:
    mine, other = open_store(location, clock), open_store(location, clock)
    try:
        mine.incidents.create(make_incident())
        entry = mine.timeline.add("INC-1", "to be starred")
        woken = watching(mine, "INC-1")
        other.timeline.set_starred(entry.id, True)  # by the entry's id only
        assert woken.wait(1.0)
    finally:
        mine.close()
        other.close()


def test_another_process_wakes_the_feed(location: PostgresLocation, clock: FrozenClock) -> None:
    mine = open_store(location, clock)
    try:
        mine.incidents.create(make_incident())
        woken = watching(mine, "INC-1")
        acknowledged(writer(location.url, 1, "scribe", password=location.password or ""),
                     timeout=60)
        assert woken.wait(1.0)
    finally:
        mine.close()


def test_a_cut_listener_reconnects_by_itself(location: PostgresLocation,
                                             clock: FrozenClock) -> None:
    mine, other = open_store(location, clock), open_store(location, clock)
    try:
        mine.incidents.create(make_incident())
        woken = watching(mine, "INC-1")
        feed = feeds(mine)[-1]
        with psycopg.connect(**location.connect_arguments(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE application_name = 'warroom-listen'")
        deadline = time.monotonic() + 5
        while feed.listening.is_set() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert feed.listening.wait(5)
        assert woken.wait(1.0)  # once back: look for what was missed
        woken.clear()
        other.timeline.add("INC-1", "after the cut")
        assert woken.wait(1.0)
    finally:
        mine.close()
        other.close()


async def test_a_war_room_shows_a_pushed_note_before_its_poll(
        make_app: MakeApp, location: PostgresLocation) -> None:
    context = build_demo_context(location)
    context.refresh_seconds = 60  # a poll would not come during the test
    app = make_app(context)
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            table = app.screen.query_one(TimelinePane).grid
            listening = feeds(context.store)
            await wait_for(pilot, lambda: bool(listening) and listening[0].listening.is_set(),
                           seconds=10)
            before = table.row_count
            other = open_store(location, context.clock)
            started = time.monotonic()
            other.timeline.add(context.incident.id, "pushed, not polled", EntryKind.FINDING,
                               author="Dana")
            other.close()
            await wait_for(pilot, lambda: table.row_count == before + 1, seconds=5)
            assert time.monotonic() - started < 1.5
    finally:
        context.store.close()


async def test_a_burst_of_pushed_notes_is_read_a_few_times_not_once_each(
        make_app: MakeApp, location: PostgresLocation) -> None:
    """Ten consoles typing at once push a change per note. The war room
    reads the whole record again for a change; one per notice fell behind
    a burst (bench/team.py: 53 ms a read at 1,000 entries). Every note
    shows, from one read under way and at most one after it. The store is
    real; its record() is counted and made as slow as a big incident's
    (0.2 s), the notes coming 20 ms apart."""
    context = build_demo_context(location)
    context.refresh_seconds = 60  # a poll would not come during the test
    store = context.store
    reads = []
    real_record = store.record

    def counted(incident_id: str) -> object:
        reads.append(incident_id)
        time.sleep(0.2)
        return real_record(incident_id)

    app = make_app(context)
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            table = app.screen.query_one(TimelinePane).grid
            listening = feeds(store)
            await wait_for(pilot, lambda: bool(listening) and listening[0].listening.is_set(),
                           seconds=10)
            await pilot.app.workers.wait_for_complete()
            before = table.row_count
            store.record = counted  # type: ignore[method-assign]
            other = open_store(location, context.clock)
            for n in range(20):
                other.timeline.add(context.incident.id, f"burst {n}", author="Dana")
                await asyncio.sleep(0.02)
            other.close()
            await wait_for(pilot, lambda: table.row_count == before + 20, seconds=10)
            await pilot.pause(0.3)
            assert 1 <= len(reads) <= 5, len(reads)  # 20 before: one read a notice
    finally:
        store.close()
