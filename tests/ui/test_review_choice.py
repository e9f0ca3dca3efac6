"""`warroom review` with no incident named opens the incident resolved most
recently, and says so when none is resolved."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.conftest import MakeApp
from tests.factories import T0, make_incident
from tests.ui.helpers import settle, toasts
from tui.cli.launch import build_review_context
from tui.model.clock import FrozenClock
from tui.model.incident import Incident, Milestone, Status
from tui.store import Store, open_database

LATER = T0 + timedelta(days=10)


def seeded(path: Path, *incidents: Incident) -> None:
    """Each incident written when it started: the later one is newer."""
    for incident in incidents:
        store = Store(open_database(path), FrozenClock(incident.started_at))
        store.incidents.create(incident)
        store.close()


def test_the_incident_resolved_last_not_the_one_declared_last(tmp_path: Path) -> None:
    # Declared first but resolved a day after the other one was.
    long_one = make_incident(id="INC-LONG", status=Status.RESOLVED, milestones={
        Milestone.STARTED: T0, Milestone.RESOLVED: T0 + timedelta(days=2)})
    short_one = make_incident(id="INC-SHORT", status=Status.RESOLVED, milestones={
        Milestone.STARTED: T0 + timedelta(hours=5),
        Milestone.RESOLVED: T0 + timedelta(hours=6)})
    seeded(tmp_path / "review.db", long_one, short_one)
    context = build_review_context(tmp_path / "review.db", clock=FrozenClock(LATER))
    try:
        assert context.incident.id == "INC-LONG" and context.review_notice == ""
    finally:
        context.store.close()


async def test_with_none_resolved_the_review_says_so(make_app: MakeApp, tmp_path: Path) -> None:
    seeded(tmp_path / "review.db", make_incident(id="INC-OPEN"))
    context = build_review_context(tmp_path / "review.db", clock=FrozenClock(LATER))
    try:
        assert context.incident.id == "INC-OPEN"
        async with make_app(context, review=True).run_test(size=(160, 48),
                                                             notifications=True) as pilot:
            await settle(pilot)
            for _ in range(30):
                if any("No resolved incident" in text for text in toasts(pilot.app)):
                    break
                await pilot.pause(0.1)
            assert any("No resolved incident to review: this is INC-OPEN, still investigating"
                       in text for text in toasts(pilot.app)), toasts(pilot.app)
    finally:
        context.store.close()
