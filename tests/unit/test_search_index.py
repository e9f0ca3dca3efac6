"""Seen before? The full-text index over incidents (migration 11), as the
`o` picker and the declare form's look-alikes query it, on real SQLite files."""

from __future__ import annotations

import sqlite3
import time
from datetime import timedelta
from pathlib import Path

import pytest

from tests.factories import T0, make_incident, seed_search_corpus
from tui.model.clock import FrozenClock
from tui.model.incident import Milestone, Status
from tui.model.timeline import EntryKind
from tui.store import Store, open_database
from tui.store.migrations import LATEST_VERSION, MIGRATIONS
from tui.store.search_index import SearchIndex, match_all_prefixes, match_any, terms

HOSTILE = ['"', '""', '"checkout', "*", "checkout*", "NEAR(", "NEAR(checkout payments",
           "-", "-checkout", ":", "title:checkout", "services:", "AND", "OR NOT",
           "^checkout", "(", ")", "{title}", "+", "checkout OR", "ünïcödé",
           "Zoë", "数据库", "💥", "\x00", "a" * 500, "ch-eck:out\"*", "'; DROP TABLE x"]

# Every store behaviour here is checked on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.both_engines


def _incident(store: Store, id: str, title: str, services: tuple[str, ...] = (),
              days_ago: float = 3, **changes: object) -> None:
    start = T0 - timedelta(days=days_ago)
    fields: dict[str, object] = {
        "status": Status.RESOLVED,
        "milestones": {Milestone.STARTED: start, Milestone.DECLARED: start,
                       Milestone.RESOLVED: start + timedelta(minutes=42)}, **changes}
    store.incidents.create(make_incident(id=id, title=title, services=services, **fields))


def test_the_migration_indexes_incidents_made_before_it(tmp_path: Path,
                                                        clock: FrozenClock) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for version in range(LATEST_VERSION - 1):
        for statement in MIGRATIONS[version]:
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION - 1}")
    conn.execute("INSERT INTO incidents (id, title, severity, status, services, created_at, "
                 "updated_at) VALUES ('INC-OLD', 'Checkout 5xx', 'P1', 'resolved', "
                 "'[\"checkout\"]', '2026-03-11T14:00:00Z', '2026-03-11T14:00:00Z')")
    conn.execute("INSERT INTO milestones VALUES ('INC-OLD', 'started', '2026-03-11T14:00:00Z')")
    conn.execute("INSERT INTO timeline (incident_id, at, kind, text, created_at) VALUES "
                 "('INC-OLD', '2026-03-11T14:05:00Z', 'note', 'connection pool exhausted', "
                 "'2026-03-11T14:05:00Z')")
    conn.close()
    store = Store(open_database(path), clock)
    try:
        assert [i.id for i in store.incidents.find("pool exhaust")] == ["INC-OLD"]
        assert [i.id for i in store.incidents.look_alikes("checkout errors")] == ["INC-OLD"]
    finally:
        store.close()


def test_the_index_follows_every_change(store: Store) -> None:
    _incident(store, "INC-1", "Checkout down", ("checkout",))
    entry = store.timeline.add("INC-1", "redis eviction storm", EntryKind.NOTE)
    assert [i.id for i in store.incidents.find("evict")] == ["INC-1"]
    store.timeline.delete(entry.id)
    assert store.incidents.find("evict") == []
    store.timeline.restore(entry.id)
    store.timeline.edit(entry.id, text="kafka lag")
    assert store.incidents.find("evict") == []
    assert [i.id for i in store.incidents.find("kafka")] == ["INC-1"]
    store.incidents.set_details("INC-1", title="Search slow", description="", impact="",
                      services=("search",))
    assert store.incidents.find("checkout down") == []
    assert [i.id for i in store.incidents.find("search slow")] == ["INC-1"]


def test_sharing_service_and_title_words_ranks_above_sharing_a_common_word(
        store: Store) -> None:
    for n in range(12):  # "errors" is in many titles: a common word
        _incident(store, f"INC-N{n:02d}", f"Billing errors {n}", (f"svc{n}",), days_ago=n)
    _incident(store, "INC-COMMON", "Search errors", ("search",), days_ago=1)
    _incident(store, "INC-ALIKE", "Checkout 5xx errors", ("checkout", "payments"), days_ago=9)
    found = [i.id for i in store.incidents.look_alikes("Checkout 5xx errors", ("checkout",))]
    assert found[0] == "INC-ALIKE"
    assert len(found) == 5


def test_look_alikes_leave_out_demo_incidents_and_the_one_edited(store: Store) -> None:
    _incident(store, "INC-DEMO", "Checkout down", ("checkout",), is_demo=True)
    _incident(store, "INC-ME", "Checkout down", ("checkout",))
    _incident(store, "INC-PAST", "Checkout slow", ("checkout",))
    assert [i.id for i in store.incidents.look_alikes("Checkout down", leave_out="INC-ME")] == [
        "INC-PAST"]


def test_the_picker_ranks_by_relevance_and_filters_by_status(store: Store) -> None:
    _incident(store, "INC-Z-PASSING", "Login slow", ("auth",), days_ago=1)
    store.timeline.add("INC-Z-PASSING", "checkout mentioned once in passing", EntryKind.NOTE)
    _incident(store, "INC-A-FAILING", "Checkout failing", ("checkout",), days_ago=20)
    _incident(store, "INC-OPEN", "Checkout flaky", ("checkout",), days_ago=0,
              status=Status.INVESTIGATING)
    assert [i.id for i in store.incidents.find("checkout", which="resolved")] == [
        "INC-A-FAILING", "INC-Z-PASSING"]
    assert [i.id for i in store.incidents.find("chec", which="open")] == ["INC-OPEN"]


def test_ids_people_and_accented_names_are_found(store: Store) -> None:
    _incident(store, "INC-20260311-1400", "Checkout down", ("checkout",))
    store.incidents.set_details("INC-20260311-1400", title="Checkout down", description="",
                      impact="EU customers", services=("checkout",))
    assert [i.id for i in store.incidents.find("20260311")] == ["INC-20260311-1400"]
    assert [i.id for i in store.incidents.find("priya")] == ["INC-20260311-1400"]
    store.timeline.add("INC-20260311-1400", "paged Zoë", EntryKind.NOTE)
    assert [i.id for i in store.incidents.find("zoe")] == ["INC-20260311-1400"]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_reach_fts5_syntax(store: Store, query: str) -> None:
    _incident(store, "INC-1", "Checkout down", ("checkout",))
    # Nothing raises; words in them still find what they name.
    found = store.incidents.find(query)
    alike = store.incidents.look_alikes(query, (query,), (query,))
    if terms(query) == ["checkout"]:  # the picker wants every word typed
        assert [i.id for i in found] == ["INC-1"]
    if "checkout" in query.lower():  # look-alikes, any of them
        assert [i.id for i in alike] == ["INC-1"]
    match = match_all_prefixes(query)
    assert match is None or match.any.count('"') == 2 * len(terms(query))


@pytest.mark.sqlite_only("loads and reads FTS5 through raw SQLite statements")
def test_five_thousand_incidents_are_searched_by_relevance(store: Store) -> None:
    """Over 5,000 incidents (their speed: bench/search.py), the picker finds
    both words, and look-alikes rank the incidents sharing the services."""
    seed_search_corpus(store, 5000)
    found = store.incidents.find("redis dns")
    assert found and all({"redis", "dns"} <= set(i.title.split()) for i in found)
    alike = store.incidents.look_alikes("checkout errors", ("checkout", "redis"))
    assert alike and all("checkout" in i.title for i in alike)
    ranked = [id for id, _ in SearchIndex(store.conn).ranked_ids(
        match_any(["checkout", "errors"]))]
    # Both words before one: "checkout checkout errors 0" outranks "cart … errors".
    assert ranked[0] == "INC-00000" and "INC-00002" not in ranked[:8]


def test_words_of_the_record_and_of_the_timeline_are_found_together(store: Store) -> None:
    _incident(store, "INC-1", "Checkout down", ("checkout",))
    store.timeline.add("INC-1", "kafka consumer lag")
    _incident(store, "INC-2", "Kafka rebalancing", ("orders",))
    assert [i.id for i in store.incidents.find("checkout kafk")] == ["INC-1"]


def test_a_long_timeline_is_indexed_entry_by_entry(store: Store) -> None:
    from tui.model.timeline import TimelineEntry

    entries = [TimelineEntry(0, "INC-1", T0, EntryKind.NOTE, f"pod checkout-{k} OOMKilled")
               for k in range(3000)]
    started = time.perf_counter()
    store.incidents.create(make_incident(), entries)
    seconds = time.perf_counter() - started
    print(f"3,000 entries indexed in {seconds:.2f} s")
    assert seconds < 5  # one document per incident, re-indexed at each entry, took 15 s
    assert [i.id for i in store.incidents.find("oomkill")] == ["INC-1"]


def _index_is_sound(store: Store) -> None:
    # FTS5's own check: every row of the index matches what it was given.
    store.conn.execute("INSERT INTO incident_search(incident_search) VALUES ('integrity-check')")


@pytest.mark.sqlite_only("FTS5's integrity-check")
def test_an_imported_incident_is_found_and_the_index_stays_sound(
        store: Store, tmp_path: Path, clock: FrozenClock) -> None:
    _incident(store, "INC-1", "Checkout down", ("checkout",))
    entry = store.timeline.add("INC-1", "rolled back the canary", EntryKind.ACTION)
    store.timeline.edit(entry.id, text="rolled back the canary deploy")
    store.incidents.set_status("INC-1", Status.CLOSED)
    _index_is_sound(store)
    document = store.export_incident("INC-1")
    other = Store(open_database(tmp_path / "other.db"), clock)
    try:
        other.import_incident(document)
        assert [i.id for i in other.incidents.find("canary deploy")] == ["INC-1"]
        assert [i.id for i in other.incidents.look_alikes("checkout 5xx")] == ["INC-1"]
        _index_is_sound(other)
    finally:
        other.close()


def test_a_read_only_database_is_searched(store: Store) -> None:
    _incident(store, "INC-1", "Checkout down", ("checkout",))
    # As `warroom review` opens a file it may not write (root may write any
    # file, so the pragma is set here rather than the file made read-only).
    store.conn.execute("PRAGMA query_only = ON")
    assert store.read_only
    assert [i.id for i in store.incidents.find("check")] == ["INC-1"]
    assert [i.id for i in store.incidents.look_alikes("checkout")] == ["INC-1"]
