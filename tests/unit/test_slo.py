"""Error-budget arithmetic (the real Prometheus check is in
tests/integration/test_slo_prometheus.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import T0
from tui.model.slo import SloEvents, SloImpact, SloSpec, check_selector

SPEC = SloSpec("checkout-availability", "checkout", 0.999, 30,
               'http_requests_total{service="checkout",status!~"5.."}',
               'http_requests_total{service="checkout"}')


def events(good: float, total: float, window_total: float) -> SloEvents:
    return SloEvents(SPEC.id, T0, T0 + timedelta(hours=1), good, total, window_total,
                     T0 + timedelta(hours=1), "prometheus")


def test_budget_used_is_bad_events_over_what_the_window_allows() -> None:
    # An hour at 100 req/s failing 5 %: 18,000 bad events. 99.9 % over 30
    # days of 100 req/s (259.2M events) allows 0.001 × 259.2M = 259,200.
    impact = SloImpact(SPEC, events(342_000, 360_000, 259_200_000))
    assert impact.bad == 18_000
    assert impact.allowed_bad == pytest.approx(259_200)
    assert impact.budget_used == pytest.approx(18_000 / 259_200)
    assert impact.good_share == pytest.approx(0.95)
    assert impact.headline() == "checkout 99.9%/30d: 6.9% of budget"
    assert impact.sentence().startswith(
        "checkout 99.9%/30d: 18,000 bad of 360,000 events (5.0% failed) between "
        "2026-03-14 14:00Z and 15:00Z; the 30-day budget allows 259,200, so the incident "
        "spent 6.9% of it")


def test_an_incident_can_spend_more_than_the_whole_budget() -> None:
    impact = SloImpact(SPEC, events(0, 600_000, 2_592_000))
    assert impact.budget_used == pytest.approx(600_000 / 2_592)
    assert impact.headline() == "checkout 99.9%/30d: 23,148% of budget"


def test_no_traffic_sizes_no_budget() -> None:
    impact = SloImpact(SPEC, events(0, 0, 0.0))
    assert impact.budget_used is None and impact.good_share is None
    assert impact.headline() == "checkout 99.9%/30d: no traffic"
    assert "no traffic counted" in impact.sentence()


def test_counter_rounding_never_makes_bad_events_negative() -> None:
    assert SloImpact(SPEC, events(100.4, 100.0, 2_592_000)).bad == 0


def test_queries_wrap_the_selectors() -> None:
    assert SPEC.events_query(SPEC.total, 3600) == (
        'sum(increase(http_requests_total{service="checkout"}[3600s]))')
    assert SPEC.window_total_query() == (
        'sum(increase(http_requests_total{service="checkout"}[2592000s]))')
    with pytest.raises(ValueError, match="not a counter selector"):
        check_selector("rate(x[5m])")


def test_the_budget_window_ends_when_the_incident_did() -> None:
    from tests.factories import make_incident
    from tui.model.incident import Milestone, Status
    from tui.model.slo import window_end

    later = T0 + timedelta(days=2)
    assert window_end(make_incident(), later) == later  # open: up to now
    resolved = make_incident(status=Status.RESOLVED, milestones={
        Milestone.STARTED: T0, Milestone.RESOLVED: T0 + timedelta(hours=1)})
    assert window_end(resolved, later) == T0 + timedelta(hours=1)
    # Closed with its resolution cleared: its last milestone, not the wall
    # clock (which would count the traffic of the days after it).
    cleared = make_incident(status=Status.CLOSED, milestones={
        Milestone.STARTED: T0, Milestone.MITIGATED: T0 + timedelta(minutes=40)})
    assert window_end(cleared, later) == T0 + timedelta(minutes=40)

