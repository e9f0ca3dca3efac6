"""The error budget an incident spent, measured on the real Prometheus
fixture whose counters grow at known rates: checkout serves 100 req/s,
5 of them failing (tests/integration/prometheus_server.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import MakeApp
from tests.integration.fault_proxy import FaultProxy
from tests.integration.prometheus_server import STEP, PrometheusServer
from tests.ui.helpers import wait_for
from tui.cli.launch import build_live_context, build_review_context
from tui.files.config import Config, PrometheusSettings
from tui.model.slo import SloImpact, SloSpec
from tui.sources import SourceError
from tui.sources.prometheus import PrometheusClient
from tui.widgets.incident_header import IncidentHeader

CHECKOUT = SloSpec("checkout-availability", "checkout", 0.999, 30,
                   'http_requests_total{service="checkout",status!~"5.."}',
                   'http_requests_total{service="checkout"}')


def sample_time(prometheus: PrometheusServer, hours_before: float) -> datetime:
    """A moment on a sample of the backfilled history: increase() is exact there."""
    at = prometheus.started_at - int(hours_before * 3600) // STEP * STEP
    return datetime.fromtimestamp(at, UTC)


async def test_an_hour_at_five_percent_errors_spends_its_share_of_the_budget(
        prometheus: PrometheusServer, settings: PrometheusSettings) -> None:
    start, end = sample_time(prometheus, 2), sample_time(prometheus, 1)
    client = PrometheusClient(settings)
    try:
        events = await client.slo_events(CHECKOUT, start, end, end)
    finally:
        await client.aclose()
    assert events.source == "prometheus"
    assert events.total == pytest.approx(360_000, rel=1e-3)
    assert events.good == pytest.approx(342_000, rel=1e-3)
    # The 30 days ending at `end` hold the two hours of history before it
    # (the fixture keeps no more): 720,000 events, of which 0.1 % may fail.
    assert events.window_total == pytest.approx(720_000, rel=2e-3)
    impact = SloImpact(CHECKOUT, events)
    assert impact.bad == pytest.approx(18_000, rel=1e-2)
    assert impact.allowed_bad == pytest.approx(720, rel=2e-3)
    assert impact.budget_used == pytest.approx(25.0, rel=1e-2)  # 25 budgets' worth
    assert impact.good_share == pytest.approx(0.95, abs=1e-4)


async def test_a_healthy_service_spends_nothing_and_an_unknown_one_is_said(
        prometheus: PrometheusServer, settings: PrometheusSettings) -> None:
    payments = SloSpec("payments", "payments", 0.999, 30,
                       'http_requests_total{service="payments",status!~"5.."}',
                       'http_requests_total{service="payments"}')
    missing = SloSpec("ghost", "ghost", 0.99, 7, 'ghost_total{ok="1"}', "ghost_total")
    start, end = sample_time(prometheus, 1.5), sample_time(prometheus, 1)
    client = PrometheusClient(settings)
    try:
        events = await client.slo_events(payments, start, end, end)
        with pytest.raises(SourceError, match="SLO ghost: no series match ghost_total"):
            await client.slo_events(missing, start, end, end)
    finally:
        await client.aclose()
    impact = SloImpact(payments, events)
    assert impact.bad == pytest.approx(0, abs=1)
    assert impact.budget_used == pytest.approx(0, abs=1e-3)
    assert events.total == pytest.approx(50 * 1800, rel=1e-3)


async def test_slo_measurement_goes_through_the_server_s_refusals(
        prometheus: PrometheusServer) -> None:
    client = PrometheusClient(PrometheusSettings(url=prometheus.url, timeout_seconds=5))
    try:
        with pytest.raises(SourceError, match="401"):
            await client.slo_events(CHECKOUT, datetime.now(UTC) - timedelta(hours=1),
                                    datetime.now(UTC), datetime.now(UTC))
    finally:
        await client.aclose()


async def test_the_live_war_room_measures_stores_and_the_review_shows_it_offline(
        make_app: MakeApp, proxy: FaultProxy, tmp_path: Path) -> None:
    settings = PrometheusSettings(url=proxy.url, refresh_seconds=60, timeout_seconds=3)
    db = tmp_path / "w.db"
    context = build_live_context(db, Config(prometheus=settings, slos=(CHECKOUT,)))
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        header = app.screen.query_one(IncidentHeader)
        await wait_for(pilot, lambda: bool(header.slos))
        impact = header.slos[0]
        # The untitled incident began just now: its first minute at 5 % errors.
        assert impact.good_share == pytest.approx(0.95, abs=1e-3)
        assert "SLO checkout 99.9%/30d:" in str(header.render())
    context.store.close()
    # Days later, with no Prometheus at all: the review has the measurement.
    review = build_review_context(db, context.incident.id)
    try:
        async with make_app(review, review=True).run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            shown = str(pilot.app.screen.query_one(IncidentHeader).render())
            assert impact.headline() in shown
    finally:
        review.store.close()
