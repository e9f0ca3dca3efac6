"""The use cases (tui/actions): each is one transaction on a real SQLite
file, so that a failure half-way leaves nothing half-written."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from tui import actions
from tui.model.clock import FrozenClock
from tui.model.incident import IncidentDraft, Milestone, Roles, Status
from tui.model.timeline import EntryKind
from tui.store import Store, open_database

# Every store behaviour here is checked on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.both_engines


def _declared(store: Store) -> str:
    return actions.declare(store, IncidentDraft("Checkout down", "P2"), "ana").id


def _fail_on(store: Store, table: str, column: str) -> None:
    """From now on, a change to `column` fails in SQLite itself, as a full
    disk or a lost file would, after whatever the transaction did before."""
    store.conn.execute(
        f"CREATE TEMP TRIGGER fail_{column} BEFORE UPDATE OF {column} ON {table} "
        "BEGIN SELECT RAISE(ABORT, 'disk gone'); END")


def _on_file(path: Path, clock: FrozenClock) -> tuple[list[str], dict[Milestone, object], str]:
    """What another program reading the file finds: the timeline, the
    milestones and the status."""
    reader = Store(open_database(path), clock)
    try:
        incident = reader.incidents.required("INC-20260314-1420")
        return ([e.text for e in reader.timeline.entries(incident.id)],
                dict(incident.milestones), incident.status.value)
    finally:
        reader.close()


def test_a_lifecycle_change_that_fails_half_way_leaves_nothing_half_written(
        tmp_path: Path, clock: FrozenClock) -> None:
    path = tmp_path / "w.db"
    store = Store(open_database(path), clock)
    incident_id = _declared(store)
    assert incident_id == "INC-20260314-1420"
    before = _on_file(path, clock)
    _fail_on(store, "incidents", "status")  # the milestones land, then the status fails
    identified = clock.now() - timedelta(minutes=5)
    with pytest.raises(sqlite3.IntegrityError, match="disk gone"):
        actions.change_lifecycle(store, incident_id, Status.RESOLVED,
                                 {Milestone.IDENTIFIED: identified}, "ana",
                                 was=Status.INVESTIGATING)
    assert _on_file(path, clock) == before
    assert not store.conn.in_transaction
    store.close()


def test_a_lifecycle_change_saves_its_milestones_and_status_together(store: Store) -> None:
    incident_id = _declared(store)
    typed = store.clock.now() - timedelta(minutes=3)
    before, after = actions.change_lifecycle(store, incident_id, Status.RESOLVED,
                                             {Milestone.RESOLVED: typed}, "ana",
                                             was=Status.INVESTIGATING)
    assert before.status is Status.INVESTIGATING and after.status is Status.RESOLVED
    # The typed time wins over the one the status change would stamp.
    assert after.milestones[Milestone.RESOLVED] == typed
    texts = [e.text for e in store.timeline.entries(incident_id)]
    assert texts[-1] == "Status Investigating → Resolved"


def test_an_edit_of_the_record_lands_whole_or_not_at_all(tmp_path: Path,
                                                         clock: FrozenClock) -> None:
    path = tmp_path / "w.db"
    store = Store(open_database(path), clock)
    incident_id = _declared(store)
    before = _on_file(path, clock)
    _fail_on(store, "incidents", "roles")  # details and severity first, then roles fail
    draft = IncidentDraft("Checkout and cart down", "P1", impact="no orders",
                          roles=Roles(incident_commander="bo"), severity_reason="cart too")
    with pytest.raises(sqlite3.IntegrityError):
        actions.update_record(store, incident_id, draft, "ana")
    assert _on_file(path, clock) == before
    store.close()


@pytest.mark.sqlite_only("a TEMP TRIGGER makes SQLite fail the write")
def test_an_edited_entry_and_its_star_are_saved_together(store: Store) -> None:
    incident_id = _declared(store)
    entry = actions.add_entry(store, incident_id, "rolled back", EntryKind.ACTION, author="ana")
    edited = actions.edit_entry(store, entry.id, text="rolled back v2", starred=True)
    assert (edited.text, edited.starred) == ("rolled back v2", True)
    store.conn.execute("CREATE TEMP TRIGGER no_star BEFORE UPDATE OF starred ON timeline "
                       "BEGIN SELECT RAISE(ABORT, 'disk gone'); END")
    with pytest.raises(sqlite3.IntegrityError):
        actions.edit_entry(store, entry.id, text="lost", starred=False)
    assert store.timeline.entry(entry.id) == edited


def test_nested_transactions_are_one(store: Store) -> None:
    incident_id = _declared(store)
    count = len(store.timeline.entries(incident_id))
    with pytest.raises(RuntimeError), store.db.transaction():
        actions.add_note(store, incident_id, "first")
        actions.add_note(store, incident_id, "second")
        raise RuntimeError("then the user's machine")
    assert len(store.timeline.entries(incident_id)) == count
    with store.db.transaction():
        actions.add_note(store, incident_id, "first")
        actions.add_note(store, incident_id, "second")
    assert [e.text for e in store.timeline.entries(incident_id)][-2:] == ["first", "second"]


def test_write_errors_are_described_in_words_by_the_actions_layer() -> None:
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13  # type: ignore[attr-defined]
    assert actions.describe_write_error(full).startswith("the disk is full")


def test_a_store_on_another_clock_shares_the_open_transaction(store: Store) -> None:
    incident_id = _declared(store)
    count = len(store.timeline.entries(incident_id))
    later = store.on_clock(FrozenClock(store.clock.now() + timedelta(hours=1)))
    with pytest.raises(RuntimeError), store.db.transaction():
        actions.add_note(later, incident_id, "written through the other clock")
        raise RuntimeError("and then undone with the rest")
    assert len(store.timeline.entries(incident_id)) == count


def test_a_note_saved_again_under_its_uid_is_stored_once(store: Store) -> None:
    """The server cut while a note's commit was in flight: the commit may
    have landed though the console saw an error, and the note queue saves
    it again. Under the uid chosen when Enter was pressed, the second save
    finds the first and stores no twin; another note, another uid, lands."""
    incident_id = _declared(store)
    first = actions.add_note(store, incident_id, "rolled back 4.2", "ana", uid="a1" * 16)
    again = actions.add_note(store, incident_id, "rolled back 4.2", "ana", uid="a1" * 16)
    other = actions.add_note(store, incident_id, "rolled back 4.2", "ana", uid="b2" * 16)
    texts = [entry.text for entry in store.timeline.entries(incident_id)]
    assert texts.count("rolled back 4.2") == 2
    assert again.id == first.id and again.text == first.text and again.author == "ana"
    assert other.id != first.id
