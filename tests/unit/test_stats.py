"""Incident metrics over a generated history of incidents."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.factories import make_incident
from tui.model.action_item import ActionItem, ActionStatus, ActionType, Priority
from tui.model.incident import Incident, Milestone, Status
from tui.model.stats import incident_stats

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # a Tuesday


def history() -> list[Incident]:
    """Twelve P1s and P2s over 120 days, one every ten days, with known response
    times: incident n is detected n minutes after it starts, acknowledged 5
    minutes later and resolved 60 + 10·n minutes after the start."""
    made = []
    for n in range(12):
        start = NOW - timedelta(days=10 * n + 1)
        made.append(make_incident(
            id=f"INC-{n}", severity="P1" if n % 3 == 0 else "P2", status=Status.RESOLVED,
            services=("checkout",) if n % 2 == 0 else ("payments", "checkout"),
            milestones={Milestone.STARTED: start,
                        Milestone.DETECTED: start + timedelta(minutes=n),
                        Milestone.ACKNOWLEDGED: start + timedelta(minutes=n + 5),
                        Milestone.RESOLVED: start + timedelta(minutes=60 + 10 * n)}))
    return made


def action(n: int, owner: str, status: ActionStatus = ActionStatus.OPEN,
           due: date | None = None, priority: Priority = Priority.P2) -> ActionItem:
    return ActionItem(n, "INC-0", f"fix {n}", owner, due, priority, ActionType.CORRECTIVE,
                      status, "", NOW)


def test_response_times_per_severity_over_30_and_90_days() -> None:
    report = incident_stats(history(), [], NOW)
    thirty, ninety = report.periods
    assert (thirty.days, ninety.days) == (30, 90)
    # Within 30 days: n = 0, 1, 2 (days 1, 11, 21): one P1 (n=0), two P2s.
    assert [(row.severity, row.incidents) for row in thirty.rows] == [
        ("P1", 1), ("P2", 2), ("all", 3)]
    overall = thirty.rows[-1].times
    assert overall["MTTD"].mean == timedelta(minutes=1)  # (0 + 1 + 2) / 3
    assert overall["MTTA"].mean == timedelta(minutes=5)
    assert overall["MTTR"].mean == timedelta(minutes=70)  # 60, 70, 80
    assert overall["MTTR"].worst == timedelta(minutes=80)
    # Within 90 days: n = 0..8; P1 at n = 0, 3, 6.
    p1 = ninety.rows[0]
    assert (p1.severity, p1.incidents) == ("P1", 3)
    assert p1.times["MTTR"].mean == timedelta(minutes=90)  # 60, 90, 120
    assert p1.times["MTTR"].median == timedelta(minutes=90)
    assert report.counted == 9


def test_weekly_counts_by_severity_cover_the_quarter() -> None:
    report = incident_stats(history(), [], NOW)
    assert len(report.weeks) == 13
    assert report.weeks[-1].week == date(2026, 11, 30)  # this week's Monday
    assert sum(week.total for week in report.weeks) == 9  # all nine fall within the 13 weeks
    newest = report.weeks[-1]
    assert newest.by_severity == {"P1": 1}  # n = 0, yesterday


def test_top_services_count_incidents_and_their_duration() -> None:
    report = incident_stats(history(), [], NOW)
    checkout, payments = report.services
    assert (checkout.service, checkout.incidents) == ("checkout", 9)
    assert (payments.service, payments.incidents) == ("payments", 4)  # n = 1, 3, 5, 7
    assert payments.duration == timedelta(minutes=(70 + 90 + 110 + 130))


def test_open_action_items_by_owner_with_overdue_and_urgency() -> None:
    today = NOW.date()
    items = [action(1, "bo", due=today - timedelta(days=1), priority=Priority.P1),
             action(2, "bo"), action(3, "ana", ActionStatus.DONE), action(4, ""),
             action(5, "ana", ActionStatus.IN_PROGRESS, priority=Priority.P0)]
    owners = incident_stats(history(), items, NOW).owners
    assert [(o.owner, o.open, o.overdue, o.most_urgent) for o in owners] == [
        ("bo", 2, 1, Priority.P1), ("ana", 1, 0, Priority.P0), ("", 1, 0, Priority.P2)]


def test_the_demo_and_future_or_old_incidents_are_left_out() -> None:
    demo = make_incident(id="DEMO-1", is_demo=True,
                         milestones={Milestone.STARTED: NOW - timedelta(days=2)})
    report = incident_stats([*history(), demo], [], NOW)
    assert report.demo_left_out == 1 and report.counted == 9


@pytest.mark.parametrize("days", [30, 90])
def test_an_empty_database_gives_an_empty_report(days: int) -> None:
    report = incident_stats([], [], NOW)
    period = next(p for p in report.periods if p.days == days)
    assert [row.severity for row in period.rows] == ["all"]
    assert period.rows[0].times["MTTR"].mean is None
    assert report.services == [] and report.owners == []
