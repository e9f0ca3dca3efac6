"""Two consoles on one database editing the same thing (issue 27, point 3),
on both engines: the second save of a timeline entry, of the incident
record or of a checklist item is refused with the first one's change
(EditConflict, nothing written) rather than silently overwriting it, and
saving again over what was shown then lands."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import open_store
from tests.factories import make_incident
from tui import actions
from tui.files.paths import bundled
from tui.files.playbooks import load_playbook
from tui.model.checklist import MarkState
from tui.model.clock import FrozenClock
from tui.model.conflicts import EntryConflict, MarkConflict, RecordConflict
from tui.model.incident import IncidentDraft, Roles, Status
from tui.model.timeline import TimelineEntry
from tui.store.location import PostgresLocation
from tui.store.store import Store

pytestmark = pytest.mark.both_engines


@pytest.fixture
def other(store: Store, store_location: Path | PostgresLocation, clock: FrozenClock
          ) -> Iterator[Store]:
    """A second console (dana's) on the same database, with INC-1 in it."""
    store.incidents.create(make_incident())
    second = open_store(store_location, clock)
    yield second
    second.close()


def test_an_entry_changed_elsewhere_is_refused_with_theirs_and_saved_over_on_asking(
        store: Store, other: Store, clock: FrozenClock) -> None:
    entry = actions.add_note(store, "INC-1", "db pool at 100%", "ana")
    assert entry.version == 1
    clock.advance(60)
    theirs = actions.edit_entry(other, entry.id, text="db pool at 100% (replica too)",
                                base=entry, author="dana")
    assert theirs.version == 2

    with pytest.raises(EntryConflict) as refused:
        actions.edit_entry(store, entry.id, text="db pool full", base=entry, author="ana")
    conflict = refused.value
    assert (conflict.who, conflict.at, conflict.deleted) == ("dana", clock.now(), False)
    assert conflict.current == theirs and conflict.current.version == 2
    assert store.timeline.entry(entry.id) == theirs  # nothing written

    mine = actions.edit_entry(store, entry.id, text="db pool full", base=conflict.current,
                              author="ana")
    assert (mine.text, mine.version) == ("db pool full", 3)


def test_an_entry_deleted_elsewhere_is_refused_and_saving_over_brings_it_back(
        store: Store, other: Store) -> None:
    entry = actions.add_note(store, "INC-1", "rolled back v2", "ana")
    actions.delete_entry(other, entry.id, "dana")
    with pytest.raises(EntryConflict) as refused:
        actions.edit_entry(store, entry.id, text="rolled back v2.1", base=entry)
    assert (refused.value.who, refused.value.deleted) == ("dana", True)
    assert store.timeline.entries("INC-1") == []  # still deleted, nothing written

    actions.edit_entry(store, entry.id, text="rolled back v2.1", base=refused.value.current)
    assert [e.text for e in store.timeline.entries("INC-1")] == ["rolled back v2.1"]


def test_a_star_added_meanwhile_is_no_conflict_with_a_new_text(store: Store, other: Store
                                                                 ) -> None:
    entry = actions.add_note(store, "INC-1", "paged payments", "ana")
    starred = actions.star_entry(other, entry.id, True, "dana")
    deleted = actions.delete_entry(other, entry.id, "dana")
    restored = actions.restore_entry(other, entry.id, "dana")
    # Each change moves the version.
    assert [e.version for e in (starred, deleted, restored) if e] == [2, 3, 4]
    # The editor, opened before the star, sends its unticked star with the text.
    edited = actions.edit_entry(store, entry.id, text="paged payments team", starred=False,
                                base=entry)
    assert (edited.text, edited.starred, edited.version) == ("paged payments team", True, 5)


def _draft(**changes: object) -> IncidentDraft:
    incident = make_incident()
    fields: dict[str, object] = dict(
        title=incident.title, severity=incident.severity, description=incident.description,
        impact=incident.impact, services=incident.services, roles=incident.roles,
        scenarios=incident.scenarios)
    fields.update(changes)
    return IncidentDraft(**fields)  # type: ignore[arg-type]


def test_a_record_field_changed_elsewhere_is_refused_and_the_others_merge(
        store: Store, other: Store, clock: FrozenClock) -> None:
    opened = store.incidents.required("INC-1")  # ana opens the edit form
    clock.advance(90)
    actions.update_record(other, "INC-1", _draft(title="Checkout and cart down",
                                                 roles=Roles(incident_commander="dana")),
                          "dana", base=other.incidents.required("INC-1"))

    typed = _draft(title="Checkout down in EU", severity="P2")
    with pytest.raises(RecordConflict) as refused:
        actions.update_record(store, "INC-1", typed, "ana", base=opened)
    conflict = refused.value
    assert (conflict.fields, conflict.who, conflict.at) == (("title",), "dana", clock.now())
    assert conflict.current.title == "Checkout and cart down"
    # Shown again: what ana typed, and dana's commander where ana typed nothing.
    assert (conflict.merged.title, conflict.merged.severity,
            conflict.merged.roles.incident_commander) == ("Checkout down in EU", "P2", "dana")
    assert store.incidents.required("INC-1").severity == "P1"  # nothing written

    saved = actions.update_record(store, "INC-1", conflict.merged, "ana",
                                  base=conflict.current)
    assert (saved.title, saved.severity, saved.roles.incident_commander) == (
        "Checkout down in EU", "P2", "dana")


def test_changes_to_other_fields_meanwhile_are_no_conflict(store: Store, other: Store
                                                           ) -> None:
    opened = store.incidents.required("INC-1")
    actions.change_status(other, "INC-1", Status.IDENTIFIED, "dana")
    actions.update_record(other, "INC-1", _draft(services=("checkout", "cart")), "dana",
                          base=opened)
    saved = actions.update_record(store, "INC-1", _draft(impact="EU orders fail"), "ana",
                                  base=opened)
    assert (saved.status, saved.services, saved.impact) == (
        Status.IDENTIFIED, ("checkout", "cart"), "EU orders fail")
    assert saved.version > opened.version


def test_a_tick_on_an_item_ticked_meanwhile_is_a_no_op_and_an_untick_is_refused(
        store: Store, other: Store) -> None:
    triage = load_playbook(bundled("sample_data") / "playbooks" / "triage.toml")
    store.checklists.attach("INC-1", [triage])
    key = next(iter(triage.items())).key
    # Both trackers show the item unmarked (seen=0); dana ticks first.
    theirs = actions.tick_item(other, "INC-1", "triage", key, MarkState.DONE, "dana", seen=0)

    with pytest.raises(MarkConflict) as already:
        actions.tick_item(store, "INC-1", "triage", key, MarkState.DONE, "ana", seen=0)
    assert already.value.already and already.value.who == "dana"
    with pytest.raises(MarkConflict) as refused:
        actions.tick_item(store, "INC-1", "triage", key, MarkState.OPEN, "ana", seen=0)
    assert not refused.value.already and refused.value.current == theirs
    assert [(m.state, m.author) for m in store.checklists.marks("INC-1")] == [
        (MarkState.DONE, "dana")]

    # Pressed again on the tracker now showing dana's tick: it lands.
    actions.tick_item(store, "INC-1", "triage", key, MarkState.OPEN, "ana", seen=theirs.id)
    assert [m.state for m in store.checklists.marks("INC-1")] == [MarkState.DONE,
                                                                   MarkState.OPEN]


def test_consoles_saving_the_same_entry_at_once_one_lands_the_others_are_refused(
        store: Store, other: Store, store_location: Path | PostgresLocation,
        clock: FrozenClock) -> None:
    """Four connections, each in its own thread, saving at the same moment
    over the same version (and then ticking one item): the check and the
    write are one step under the write lock, on either engine."""
    entry = actions.add_note(store, "INC-1", "db pool at 100%", "ana")
    triage = load_playbook(bundled("sample_data") / "playbooks" / "triage.toml")
    store.checklists.attach("INC-1", [triage])
    key = next(iter(triage.items())).key
    consoles = [other, *(open_store(store_location, clock) for _ in range(3))]
    start = threading.Barrier(len(consoles))

    def race(write: Callable[[Store, int], object]) -> list[object]:
        def one(index: int) -> object:
            start.wait()
            try:
                return write(consoles[index], index)
            except (EntryConflict, MarkConflict) as refused:
                return refused
        with ThreadPoolExecutor(len(consoles)) as pool:
            return list(pool.map(one, range(len(consoles))))

    saved = race(lambda console, n: actions.edit_entry(
        console, entry.id, text=f"pool full ({n})", base=entry, author=f"c{n}"))
    winners = [n for n, result in enumerate(saved) if isinstance(result, TimelineEntry)]
    assert len(winners) == 1
    # Each of the others is shown the winner's text, and who wrote it.
    assert {(r.current.text, r.who) for r in saved if isinstance(r, EntryConflict)} == {
        (f"pool full ({winners[0]})", f"c{winners[0]}")}

    ticked = race(lambda console, n: actions.tick_item(
        console, "INC-1", "triage", key, MarkState.DONE, f"c{n}", seen=0))
    assert sum(isinstance(result, MarkConflict) and result.already for result in ticked) == 3
    assert len(store.checklists.marks("INC-1")) == 1
    for console in consoles[1:]:
        console.close()
