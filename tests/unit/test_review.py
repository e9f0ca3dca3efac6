"""The review's pieces below the screen: the span the charts cover, the
moment's label, a snapshot cut at a moment, the review's notes in the store
and in the post-mortem, and which incident `warroom review` opens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tui.cli.launch import build_review_context
from tui.model.clock import FrozenClock
from tui.model.incident import Incident, IncidentDraft, Milestone, Status
from tui.model.metrics import MetricSnapshot, Series
from tui.model.review import MARGIN, moment_label, review_span
from tui.model.timeline import EntryKind, TimelineEntry
from tui.render.postmortem import postmortem_markdown
from tui.store import Store

# Every store behaviour here is checked on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.both_engines

T0 = datetime(2026, 3, 14, 14, 0, tzinfo=UTC)


def incident(**milestones: datetime) -> Incident:
    return Incident("INC-1", "x", "P2", Status.RESOLVED,
                    milestones={Milestone.STARTED: T0,
                                **{Milestone(k): v for k, v in milestones.items()}})


def entry(minutes: int) -> TimelineEntry:
    return TimelineEntry(minutes, "INC-1", T0 + timedelta(minutes=minutes), EntryKind.NOTE, "n")


def test_the_span_runs_from_before_the_start_to_after_the_resolution() -> None:
    resolved = incident(resolved=T0 + timedelta(hours=2))
    # An entry typed before the start (the deploy that caused it) widens it;
    # data stored long after the resolution does not.
    assert review_span(resolved, [entry(-30), entry(50)], T0 + timedelta(days=2)) == (
        T0 - timedelta(minutes=30) - MARGIN, T0 + timedelta(hours=2) + MARGIN)


def test_an_unresolved_incident_runs_to_its_last_entry_or_stored_data() -> None:
    open_one = incident()
    assert review_span(open_one, [entry(5), entry(40)], None)[1] == (
        T0 + timedelta(minutes=40) + MARGIN)
    assert review_span(open_one, [entry(5)], T0 + timedelta(hours=3))[1] == (
        T0 + timedelta(hours=3) + MARGIN)
    assert review_span(open_one, [], None) == (T0 - MARGIN, T0 + MARGIN)


def test_moment_labels() -> None:
    assert moment_label(T0 + timedelta(minutes=5, seconds=7), T0) == "T+5m07s"
    assert moment_label(T0 + timedelta(minutes=42), T0) == "T+42m"
    assert moment_label(T0 + timedelta(hours=1, minutes=3), T0) == "T+1h03m"
    assert moment_label(T0 - timedelta(minutes=5), T0) == "T-5m00s"


def test_a_snapshot_cut_at_a_moment_has_the_values_of_then() -> None:
    base = T0.timestamp()
    snapshot = MetricSnapshot("errors", (
        Series("checkout", (), (base, base + 60, base + 120), (0.01, 0.2, 0.03)),
        Series("cart", (), (base + 90,), (0.5,))), T0 + timedelta(minutes=2), 600)
    then = snapshot.until(T0 + timedelta(seconds=90))
    assert [s.latest for s in then.series] == [0.2, 0.5]
    assert then.as_of == T0 + timedelta(seconds=90)
    before = snapshot.until(T0 - timedelta(seconds=1))
    assert [s.latest for s in before.series] == [None, None]


def test_review_notes_are_kept_per_field_and_lead_the_post_mortem(store: Store) -> None:
    declared = store.incidents.declare(IncidentDraft("Queue backlog", "P3"), "ic")
    store.comms.save_review_note(declared.id, "summary", "Consumers stalled for 40 minutes.", "ana")
    store.comms.save_review_note(declared.id, "went_badly", "Paging took 12 minutes.", "bo")
    store.comms.save_review_note(declared.id, "went_badly", "Paging took 12 minutes.\nNo runbook.",
                           "bo")
    store.comms.save_review_note(declared.id, "lessons", "   ", "bo")  # blank: nothing kept
    assert store.comms.review_notes(declared.id) == {
        "summary": "Consumers stalled for 40 minutes.",
        "went_badly": "Paging took 12 minutes.\nNo runbook."}
    markdown = postmortem_markdown(store.record(declared.id))
    assert markdown.index("## Executive summary") < markdown.index("## Impact")
    assert "## What didn't go well\n\nPaging took 12 minutes.\nNo runbook." in markdown
    assert "## Lessons learned" not in markdown
    store.comms.save_review_note(declared.id, "summary", "", "ana")
    assert "summary" not in store.comms.review_notes(declared.id)
    with pytest.raises(ValueError, match="no review field"):
        store.comms.save_review_note(declared.id, "root_cause; DROP TABLE", "x")
    with pytest.raises(KeyError):
        store.comms.save_review_note("INC-404", "summary", "x")


def test_review_opens_the_latest_resolved_incident_and_seeds_the_demo_once(
        tmp_path: Path) -> None:
    clock = FrozenClock(T0 + timedelta(days=3))
    db = tmp_path / "review.db"
    # An empty database: the demo incident, with its whole recording stored.
    first = build_review_context(db, clock=clock)
    assert first.incident.is_demo
    stored = first.store.archives.last_stored_at(first.incident.id)
    assert stored is not None and {p.id for p in first.panes} == {"error_ratio", "latency"}
    rows = first.store.conn.execute("SELECT count(*) FROM pod_states").fetchone()[0]
    resolved = first.store.incidents.declare(IncidentDraft("Search slow", "P3"), "ic")
    first.store.incidents.set_status(resolved.id, Status.RESOLVED, "ic")
    first.store.incidents.declare(IncidentDraft("Still open", "P4"), "ic")
    first.store.close()

    again = build_review_context(db, clock=clock)
    assert again.incident.id == resolved.id, "the latest resolved one, not the open one"
    demo = build_review_context(db, "DEMO-1", clock=clock)
    # Already stored: not stored twice.
    assert demo.store.conn.execute("SELECT count(*) FROM pod_states").fetchone()[0] == rows
    again.store.close()
    demo.store.close()
