"""Attached playbooks, ticks and skips, and follow-up action items, kept in
a real SQLite file with their timeline entries."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.factories import make_incident
from tui.files.paths import bundled
from tui.files.playbooks import load_playbook
from tui.model.action_item import (
    ActionDraft,
    ActionStatus,
    ActionType,
    Priority,
    markdown_table,
    parse_due_date,
)
from tui.model.checklist import (
    MarkState,
    item_statuses,
    latest_marks,
    newly_applying,
    next_steps,
    progress,
)
from tui.model.clock import FrozenClock
from tui.model.incident import Status
from tui.model.record import IncidentRecord
from tui.model.timeline import EntryKind
from tui.render.template_fields import incident_fields
from tui.render.templates import render
from tui.store import Store, open_database

# Every store behaviour here is checked on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.both_engines

SHIPPED = bundled("sample_data") / "playbooks"


@pytest.fixture
def incident_store(store: Store) -> Store:
    store.incidents.create(make_incident())
    return store


def texts(store: Store) -> list[str]:
    return [entry.text for entry in store.timeline.entries("INC-1")]


def test_attached_playbooks_are_kept_as_attached_after_the_file_goes(
        tmp_path: Path, clock: FrozenClock) -> None:
    folder = tmp_path / "books"
    shutil.copytree(SHIPPED, folder)
    store = Store(open_database(tmp_path / "w.db"), clock)
    store.incidents.create(make_incident())
    triage = load_playbook(folder / "triage.toml")
    pool = load_playbook(folder / "db-pool-exhaustion.toml")
    assert store.checklists.attach("INC-1", [triage, pool], "ana") == ["triage",
                                                                     "db-pool-exhaustion"]
    # Attaching again changes nothing and logs nothing.
    assert store.checklists.attach("INC-1", [triage], "bo") == []
    store.close()
    shutil.rmtree(folder)

    reopened = Store(open_database(tmp_path / "w.db"), clock)
    attachments = reopened.checklists.attachments("INC-1")
    assert [a.playbook for a in attachments] == [triage, pool]
    assert attachments[0].attached_by == "ana" and attachments[0].attached_at == clock.now()
    assert texts(reopened)[-1] == f"Playbooks attached: Initial triage, {pool.title}"
    reopened.close()


def test_ticks_unticks_and_skips_are_logged_with_who_and_when(
        incident_store: Store, clock: FrozenClock) -> None:
    store = incident_store
    triage = load_playbook(SHIPPED / "triage.toml")
    store.checklists.attach("INC-1", [triage])
    first, second = (item.key for item in list(triage.items())[:2])
    store.checklists.mark("INC-1", "triage", first, MarkState.DONE, "ana",
                    shown_text="Acknowledge the page for checkout")
    clock.advance(60)
    store.checklists.mark("INC-1", "triage", second, MarkState.SKIPPED, "bo",
                    reason="no dashboards for this service")
    clock.advance(60)
    store.checklists.mark("INC-1", "triage", first, MarkState.OPEN, "bo")

    marks = store.checklists.marks("INC-1")
    assert [(m.item_key, m.state, m.author, m.reason) for m in marks] == [
        (first, MarkState.DONE, "ana", ""),
        (second, MarkState.SKIPPED, "bo", "no dashboards for this service"),
        (first, MarkState.OPEN, "bo", "")]
    assert marks[2].at - marks[0].at == timedelta(minutes=2)
    lines = [(e.text, e.kind, e.author) for e in store.timeline.entries("INC-1")][-3:]
    assert lines[0] == ("✔ Done: Acknowledge the page for checkout (Initial triage)",
                        EntryKind.ACTION, "ana")
    assert lines[1][0].startswith("Skipped: ") and lines[1][0].endswith(
        "because no dashboards for this service")
    assert lines[2][0].startswith("Unticked: ")

    incident = store.incidents.get("INC-1")
    assert incident is not None
    statuses = item_statuses(incident, store.checklists.attachments("INC-1")[0],
                             latest_marks(marks))
    done = progress(statuses)
    assert (done.done, done.skipped, done.total) == (0, 1, len(list(triage.items())))


def test_a_skip_without_a_reason_or_an_unknown_item_writes_nothing(
        incident_store: Store) -> None:
    store = incident_store
    store.checklists.attach("INC-1", [load_playbook(SHIPPED / "triage.toml")])
    before = texts(store)
    with pytest.raises(ValueError, match="needs a reason"):
        store.checklists.mark("INC-1", "triage", "ack", MarkState.SKIPPED, reason="  ")
    with pytest.raises(KeyError, match="no item 'nope'"):
        store.checklists.mark("INC-1", "triage", "nope", MarkState.DONE)
    with pytest.raises(KeyError, match="not attached"):
        store.checklists.mark("INC-1", "memory-leak", "ack", MarkState.DONE)
    assert texts(store) == before and store.checklists.marks("INC-1") == []


def test_detaching_says_how_far_it_got_and_reattaching_keeps_the_ticks(
        incident_store: Store) -> None:
    store = incident_store
    triage = load_playbook(SHIPPED / "triage.toml")
    store.checklists.attach("INC-1", [triage])
    store.checklists.mark("INC-1", "triage", "ack", MarkState.DONE)
    store.checklists.detach("INC-1", "triage", "ana")
    total = len(list(triage.items()))
    assert texts(store)[-1] == f"Playbook detached: Initial triage (1/{total} done)"
    assert store.checklists.attachments("INC-1") == []
    store.checklists.attach("INC-1", [triage])
    incident = store.incidents.get("INC-1")
    assert incident is not None
    again = item_statuses(incident, store.checklists.attachments("INC-1")[0],
                          latest_marks(store.checklists.marks("INC-1")))
    assert progress(again).done == 1


def test_playbooks_are_proposed_when_a_change_makes_them_apply() -> None:
    books = [load_playbook(SHIPPED / name) for name in
             ("triage.toml", "communication.toml", "post-incident.toml", "memory-leak.toml")]
    p3 = make_incident(severity="P3")
    # On declaration, everything that applies.
    assert [b.id for b in newly_applying(books, None, p3, set())] == ["triage"]
    # P3 → P1: the communication duties now apply; triage is attached already.
    p1 = make_incident(severity="P1")
    assert [b.id for b in newly_applying(books, p3, p1, {"triage"})] == ["communication"]
    # Detached by hand: not proposed again by a change that does not concern it.
    assert newly_applying(books, p1, make_incident(severity="P1", title="x"), set()) == []
    tagged = make_incident(severity="P1", scenarios=("oomkilled",))
    assert [b.id for b in newly_applying(books, p1, tagged, {"triage"})] == ["memory-leak"]
    resolved = make_incident(severity="P1", status=Status.RESOLVED)
    assert [b.id for b in newly_applying(books, p1, resolved, set())] == ["post-incident"]


def test_action_items_are_kept_and_each_change_is_logged(incident_store: Store) -> None:
    store = incident_store
    draft = ActionDraft("Alert on pgbouncer waiting clients", owner="bo",
                        due=date(2026, 3, 20), priority=Priority.P1,
                        type=ActionType.DETECTIVE, source="checklist: Check pool use")
    item = store.follow_ups.add("INC-1", draft, "ana")
    assert (item.description, item.owner, item.due, item.priority, item.type, item.status,
            item.created_by) == (draft.description, "bo", date(2026, 3, 20), Priority.P1,
                                 ActionType.DETECTIVE, ActionStatus.OPEN, "ana")
    assert texts(store)[-1] == (f"Follow-up #{item.id}: [P1 detective] Alert on pgbouncer "
                                "waiting clients (owner bo, due 2026-03-20)")
    done = store.follow_ups.update(item.id, ActionDraft(
        draft.description, owner="cy", due=draft.due, priority=Priority.P1,
        type=ActionType.DETECTIVE, status=ActionStatus.DONE), "cy")
    assert done.status is ActionStatus.DONE and done.owner == "cy"
    assert done.source == "checklist: Check pool use"  # where it came from stays
    assert texts(store)[-1] == f"Follow-up #{item.id}: done, owner cy"
    # Saving with no change logs nothing.
    store.follow_ups.update(item.id, done.draft(), "cy")
    assert texts(store)[-1] == f"Follow-up #{item.id}: done, owner cy"
    with pytest.raises(ValueError, match="needs a description"):
        store.follow_ups.add("INC-1", ActionDraft("  "))
    record = store.record("INC-1")
    assert record.actions == [done] and record.incident.id == "INC-1"


def test_action_items_export_as_a_markdown_table_most_urgent_first(
        incident_store: Store) -> None:
    store = incident_store
    store.follow_ups.add("INC-1", ActionDraft("Tune | pool size\nfor checkout",
                                               priority=Priority.P2))
    store.follow_ups.add("INC-1", ActionDraft("Page on saturation", owner="bo",
                                               priority=Priority.P0,
                                               type=ActionType.PREVENTIVE))
    table = markdown_table(store.follow_ups.for_incident("INC-1")).splitlines()
    assert table[0] == "| # | Priority | Type | Action | Owner | Due | Status |"
    assert table[2] == "| 2 | P0 | preventive | Page on saturation | bo | — | open |"
    # A pipe or newline in the text cannot break the table.
    assert table[3] == "| 1 | P2 | corrective | Tune \\| pool size for checkout | — | — | open |"
    assert markdown_table([]) == "No action items."


@pytest.mark.parametrize(("typed", "expected"), [
    ("", None), ("2026-04-01", date(2026, 4, 1)), ("+7d", date(2026, 3, 21)),
    ("2w", date(2026, 3, 28)), ("tomorrow", date(2026, 3, 15)),
    ("fri", date(2026, 3, 20)), ("Saturday", date(2026, 3, 21)),  # 14 March is a Saturday
])
def test_due_dates_are_typed_as_people_say_them(typed: str, expected: date | None) -> None:
    assert parse_due_date(typed, date(2026, 3, 14)) == expected


def test_an_unreadable_due_date_says_what_to_type() -> None:
    with pytest.raises(ValueError, match=r"\+7d"):
        parse_due_date("next sprint", date(2026, 3, 14))


def test_the_post_mortem_carries_the_action_items(incident_store: Store,
                                                  clock: FrozenClock) -> None:
    store = incident_store
    store.follow_ups.add("INC-1", ActionDraft("Page on pool saturation", owner="bo",
                                               priority=Priority.P0))
    template = (bundled("sample_data") / "templates" / "postmortem.md").read_text()
    text = render(template, incident_fields(store.record("INC-1"), clock.now()))
    assert "## Action items\n| # | Priority |" in text
    assert "| 1 | P0 | corrective | Page on pool saturation | bo | — | open |" in text
    # None yet: the post-mortem says so where the table would go.
    bare = IncidentRecord(store.record("INC-1").incident, [])
    empty = render(template, incident_fields(bare, clock.now()))
    assert "## Action items\n⟨missing: action_items⟩" in empty


def test_next_steps_are_the_open_items_soonest_due_first(incident_store: Store,
                                                         clock: FrozenClock) -> None:
    store = incident_store
    books = [load_playbook(SHIPPED / "post-incident.toml"),
             load_playbook(SHIPPED / "triage.toml")]
    store.checklists.attach("INC-1", books)
    store.checklists.mark("INC-1", "triage", "ack", MarkState.DONE)
    incident = store.incidents.get("INC-1")
    assert incident is not None
    steps = next_steps(incident, store.checklists.attachments("INC-1"),
                       store.checklists.marks("INC-1"), limit=3)
    # Triage's 5-minute items come before the undated post-incident ones; the
    # ticked one is not a next step.
    assert [s.item.key for s in steps] == ["health", "golden", "pods"]
    fields = incident_fields(IncidentRecord(incident, []), clock.now(),
                             steps=[s.item.text for s in steps[:2]])
    assert fields["next_steps"] == ("- Check the health endpoint of <service>\n"
                                    "- Compare error rate and p95 latency with their "
                                    "thresholds (5 % / 500 ms)")
