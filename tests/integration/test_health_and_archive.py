"""Health checks over real HTTP, and the metric archive: what a refresh
from the real Prometheus stored is what an offline review redraws."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path

from tests.factories import make_incident
from tests.integration.fault_proxy import FaultProxy
from tui.files.config import PrometheusSettings
from tui.model.clock import FrozenClock
from tui.model.health import HealthCheck
from tui.sources.health import HealthChecker
from tui.sources.prometheus import PrometheusClient
from tui.sources.prometheus_panes import default_panes
from tui.store import Store, open_database


async def test_health_checks_report_code_latency_and_why(proxy: FaultProxy) -> None:
    checks = (
        HealthCheck("ok", f"{proxy.url}/health/ok", body_contains='"ok"'),
        HealthCheck("degraded", f"{proxy.url}/health/degraded", body_contains='"ok"'),
        HealthCheck("failing", f"{proxy.url}/health/fail"),
        HealthCheck("slow", f"{proxy.url}/health/slow", timeout_seconds=0.3),
        HealthCheck("gone", "http://127.0.0.1:9/health"),
    )
    checker = HealthChecker(checks)
    at = datetime.now(UTC)
    try:
        results = {result.name: result for result in await checker.health(at)}
    finally:
        await checker.aclose()
    assert results["ok"].ok and results["ok"].status_code == 200
    assert results["ok"].latency_seconds is not None and results["ok"].latency_seconds < 2
    assert not results["degraded"].ok and "body lacks" in results["degraded"].detail
    assert not results["failing"].ok and results["failing"].status_code == 503
    assert results["failing"].detail == "expected 200"
    assert not results["slow"].ok and results["slow"].detail == "timed out after 0.3s"
    assert not results["gone"].ok and results["gone"].status_code is None
    assert all(result.checked_at == at for result in results.values())


async def test_archived_refresh_redraws_without_prometheus(
        settings: PrometheusSettings, tmp_path: Path) -> None:
    at = datetime.now(UTC)
    clock = FrozenClock(at)
    store = Store(open_database(tmp_path / "w.db"), clock)
    incident = make_incident()
    store.incidents.create(incident)
    client = PrometheusClient(settings)
    try:
        specs = default_panes(("checkout",))
        fetched = {spec.id: await client.fetch_pane(spec, at, 3600, 120) for spec in specs}
    finally:
        await client.aclose()
    for spec in specs:
        written = store.archives.save_metric_snapshot(incident.id, spec, fetched[spec.id])
        assert written == sum(len(s.values) for s in fetched[spec.id].series)
        # A second refresh of the same range writes nothing new: thinned.
        assert store.archives.save_metric_snapshot(incident.id, spec, fetched[spec.id]) == 0
    store.close()

    # Later, offline: a fresh process, no Prometheus.
    review = Store(open_database(tmp_path / "w.db"), clock)
    assert review.archives.metric_panes(incident.id) == specs
    for spec in specs:
        stored = review.archives.metric_snapshot(incident.id, spec.id, at, 3600)
        original = fetched[spec.id]
        assert {s.name for s in stored.series} == {s.name for s in original.series}
        for series in original.series:
            match = next(s for s in stored.series if s.name == series.name)
            assert match.timestamps == series.timestamps
            assert all(a == b or (math.isnan(a) and math.isnan(b))
                       for a, b in zip(match.values, series.values, strict=True))
    review.close()


async def test_a_refresh_of_thousands_of_series_stores_what_the_pane_shows(
        settings: PrometheusSettings, tmp_path: Path) -> None:
    """200k series once wrote 180 MB in one refresh (issue 23): a pane now
    keeps 100 series of at most 1000 samples, and only those are stored."""
    from tui.model.metrics import PaneSpec, QuerySpec, Unit
    from tui.sources.prometheus import MAX_SERIES_PER_PANE

    at = datetime.now(UTC)
    store = Store(open_database(tmp_path / "w.db"), FrozenClock(at))
    incident = make_incident()
    store.incidents.create(incident)
    spec = PaneSpec("fleet", "Fleet", Unit.COUNT, (QuerySpec("fleet_up", "{{instance}}"),))
    client = PrometheusClient(settings)
    try:
        snapshot = await client.fetch_pane(spec, at, 900, 1000)
    finally:
        await client.aclose()
    written = store.archives.save_metric_snapshot(incident.id, spec, snapshot)
    series = store.conn.execute("SELECT count(*) FROM metric_series").fetchone()[0]
    assert series == MAX_SERIES_PER_PANE
    assert written <= MAX_SERIES_PER_PANE * 1000
    store.close()
