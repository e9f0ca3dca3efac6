"""The Prometheus client against a real Prometheus (and the fault proxy in
front of it): values of the default panes checked against the synthetic
history, and every way a server can fail, each turned into one clear line."""

from __future__ import annotations

import math
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.integration.fault_proxy import FaultProxy
from tests.integration.prometheus_server import (
    EXPECTED_ERROR_RATIO,
    EXPECTED_LATENCY,
    MANY_SERIES,
    PrometheusServer,
)
from tui.files.config import ConfigError, PrometheusSettings, SecretRef, parse_config
from tui.model.metrics import MetricSnapshot, PaneSpec, QuerySpec, Unit, format_value
from tui.sources import SourceError
from tui.sources.prometheus import MAX_SERIES_PER_PANE, PrometheusClient
from tui.sources.prometheus_panes import default_panes


def now() -> datetime:
    return datetime.now(UTC)


def latest(snapshot: MetricSnapshot) -> dict[str, float]:
    return {series.name: series.values[-1] for series in snapshot.series if series.values}


def pane(expr: str, legend: str = "", unit: Unit = Unit.COUNT) -> PaneSpec:
    return PaneSpec(id="custom", title="Custom", unit=unit, queries=(QuerySpec(expr, legend),))


async def fetch(settings: PrometheusSettings, spec: PaneSpec, window: int = 3600,
                points: int = 120) -> MetricSnapshot:
    client = PrometheusClient(settings)
    try:
        return await client.fetch_pane(spec, now(), window, points)
    finally:
        await client.aclose()


async def test_default_panes_show_the_generated_rates(settings: PrometheusSettings) -> None:
    error_ratio, latency, request_rate = default_panes(("checkout",))
    ratios = latest(await fetch(settings, error_ratio))
    for service, expected in EXPECTED_ERROR_RATIO.items():
        assert ratios[service] == pytest.approx(expected, abs=1e-6)
    assert format_value(ratios["checkout"], Unit.RATIO) == "5.0%"
    assert latest(await fetch(settings, latency)) == pytest.approx(EXPECTED_LATENCY)
    rates = latest(await fetch(settings, request_rate))
    assert rates == pytest.approx({"checkout": 100.0, "cart": 100.0, "payments": 50.0})


async def test_default_panes_without_services_show_p95_by_service(
        settings: PrometheusSettings) -> None:
    _, latency, _ = default_panes()
    assert latest(await fetch(settings, latency)) == pytest.approx({"checkout": 0.5})


async def test_step_is_fitted_to_the_chart_and_aligned(settings: PrometheusSettings) -> None:
    snapshot = await fetch(settings, default_panes(("checkout",))[0], window=3600, points=120)
    stamps = snapshot.series[0].timestamps
    assert stamps[1] - stamps[0] == 30  # 3600 s over 120 braille dots
    assert all(t % 30 == 0 for t in stamps)
    assert 100 <= len(stamps) <= 121


async def test_custom_pane_from_config(settings: PrometheusSettings, tmp_path: Path) -> None:
    config = parse_config(
        '[[panes]]\nid = "fleet"\ntitle = "Fleet up"\nunit = "count"\ncritical = 5000\n'
        'queries = [{ expr = "count(fleet_up)", legend = "nodes" }]\n',
        tmp_path / "config.toml",
    )
    snapshot = await fetch(settings, config.panes[0])
    assert latest(snapshot) == {"nodes": MANY_SERIES}


async def test_thousands_of_series_are_cut_to_what_a_pane_shows(
        settings: PrometheusSettings) -> None:
    """2000 series arrive; a pane keeps 100 and says how many it left out
    (issue 23: 200k series held 2.1 GB and wrote 180 MB in one refresh)."""
    snapshot = await fetch(settings, pane("fleet_up", "{{instance}}"), window=900)
    assert len(snapshot.series) == MAX_SERIES_PER_PANE == 100
    assert snapshot.warnings == (f"showing 100 of {MANY_SERIES} series (the highest); "
                                 "narrow the query to see the others",)


async def test_nan_and_inf_samples_are_not_numbers_on_screen(
        settings: PrometheusSettings) -> None:
    values = latest(await fetch(settings, pane("odd_values", "{{kind}}"), window=900))
    assert values["one"] == 1
    assert math.isnan(values["nan"]) and math.isnan(values["inf"])
    assert format_value(values["inf"], Unit.COUNT) == "–"


async def test_empty_result_is_no_series(settings: PrometheusSettings) -> None:
    snapshot = await fetch(settings, pane("metric_that_does_not_exist"))
    assert snapshot.series == ()


async def test_bad_promql_shows_prometheus_own_error(settings: PrometheusSettings) -> None:
    with pytest.raises(SourceError, match=r"HTTP 400 bad_data: .*parse error"):
        await fetch(settings, pane("sum(rate(http_requests_total[5m]"))


async def test_wrong_password_is_reported_as_unauthorized(
        settings: PrometheusSettings, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong"
    wrong.write_text("not-the-password")
    with pytest.raises(SourceError, match="HTTP 401 unauthorized") as caught:
        await fetch(replace(settings, password=SecretRef(file=str(wrong))), pane("up"))
    assert "not-the-password" not in str(caught.value)


async def test_missing_secret_names_the_variable(settings: PrometheusSettings) -> None:
    unset = replace(settings, password=SecretRef(env="WARROOM_TEST_UNSET_PASSWORD"))
    with pytest.raises(SourceError, match="WARROOM_TEST_UNSET_PASSWORD is not set"):
        await fetch(unset, pane("up"))


async def test_bearer_token_and_extra_headers_reach_the_server(
        proxy: FaultProxy, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARROOM_TEST_TOKEN", "s3cret-t0ken")
    settings = PrometheusSettings(url=proxy.url, bearer_token=SecretRef(env="WARROOM_TEST_TOKEN"),
                                  headers=(("X-Scope-OrgID", "tenant-7"),))
    with proxy.behaving(bearer="s3cret-t0ken") as seen:
        snapshot = await fetch(settings, default_panes(("checkout",))[0])
    assert latest(snapshot)["checkout"] == pytest.approx(0.05)
    assert seen.seen_headers[-1]["X-Scope-OrgID"] == "tenant-7"
    assert seen.seen_headers[-1]["Authorization"] == "Bearer s3cret-t0ken"
    with proxy.behaving(bearer="another-token"), pytest.raises(SourceError, match="HTTP 401"):
        await fetch(settings, pane("up"))


async def test_server_down_is_cannot_connect(prometheus: PrometheusServer) -> None:
    from tests.integration.prometheus_server import free_port

    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(SourceError, match=f"cannot connect to {url}"):
        await fetch(PrometheusSettings(url=url, timeout_seconds=2), pane("up"))


async def test_slow_server_times_out(proxy: FaultProxy) -> None:
    settings = PrometheusSettings(url=proxy.url, timeout_seconds=0.3)
    with proxy.behaving(mode="slow", delay=1.5), pytest.raises(SourceError,
                                                               match=r"timed out after 0\.3s"):
        await fetch(settings, pane("up"))


@pytest.mark.parametrize(("status", "body", "message"), [
    (503, b'{"status":"error","errorType":"unavailable","error":"too many queries"}',
     "HTTP 503 unavailable: too many queries"),
    (422, b'{"status":"error","errorType":"execution","error":"query timed out"}',
     "HTTP 422 execution: query timed out"),
    (502, b"Bad Gateway", "HTTP 502: Bad Gateway"),
    (200, b'{"status":"success","data":{"resultType":"matrix","result":[{"metric":{}',
     "malformed or truncated JSON"),
    (200, b'{"status":"success","data":{"resultType":"scalar","result":[1, "1"]}}',
     "no matrix or vector result"),
    (200, b'["not", "an", "object"]', "not a Prometheus API response"),
])
async def test_error_responses_become_one_clear_line(
        proxy: FaultProxy, status: int, body: bytes, message: str) -> None:
    with proxy.behaving(mode="status", status=status, body=body), \
            pytest.raises(SourceError, match=message):
        await fetch(PrometheusSettings(url=proxy.url), pane("up"))


async def test_html_page_instead_of_the_api(proxy: FaultProxy) -> None:
    with proxy.behaving(mode="html"), pytest.raises(SourceError, match="an HTML page"):
        await fetch(PrometheusSettings(url=proxy.url), pane("up"))


async def test_truncated_real_response(proxy: FaultProxy) -> None:
    with proxy.behaving(mode="truncate"), pytest.raises(SourceError, match="truncated JSON"):
        await fetch(PrometheusSettings(url=proxy.url), default_panes()[0])


async def test_connection_dropped_mid_response(proxy: FaultProxy) -> None:
    with proxy.behaving(mode="drop"), pytest.raises(SourceError, match="dropped the connection"):
        await fetch(PrometheusSettings(url=proxy.url), default_panes()[0])


async def test_warnings_are_passed_on(proxy: FaultProxy) -> None:
    body = (b'{"status":"success","warnings":["store eu-1 unreachable: partial response"],'
            b'"data":{"resultType":"matrix","result":[]}}')
    with proxy.behaving(mode="status", status=200, body=body):
        snapshot = await fetch(PrometheusSettings(url=proxy.url), pane("up"))
    assert snapshot.warnings == ("store eu-1 unreachable: partial response",)


async def test_firing_and_pending_alerts(settings: PrometheusSettings) -> None:
    import asyncio

    client = PrometheusClient(settings)
    try:
        for _ in range(100):  # rules evaluate every second after start-up
            alerts = await client.alerts(now())
            if len(alerts) >= 2:
                break
            await asyncio.sleep(0.1)
    finally:
        await client.aclose()
    by_name = {alert.name: alert for alert in alerts}
    firing = by_name["CheckoutHighErrorRate"]
    assert firing.firing and firing.severity == "critical"
    assert firing.summary == "5xx ratio of checkout above 2%"
    assert firing.since is not None and firing.since <= now()
    pending = by_name["CartErrorsPending"]
    assert pending.state == "pending"
    assert alerts[0].firing  # firing first
    # Rich markup stays literal text; the escape code is defused.
    assert "[red]cart[/red]" in pending.summary and "\x1b" not in pending.summary


def test_config_refuses_credentials_in_the_url(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not the URL"):
        parse_config('[prometheus]\nurl = "http://user:pw@prom:9090"\n', tmp_path / "c.toml")


async def test_a_server_answering_a_byte_at_a_time_is_a_timeout(proxy: FaultProxy) -> None:
    """httpx's timeout is per read: a byte every 0.2 s never tripped 1 s.
    The whole request now has the deadline (issue 23)."""
    settings = PrometheusSettings(url=proxy.url, timeout_seconds=1)
    started = time.monotonic()
    with proxy.behaving(mode="drip", delay=0.2), pytest.raises(
            SourceError, match=r"timed out after 1s"):
        await fetch(settings, pane("fleet_up"))
    assert time.monotonic() - started < 3


async def test_a_huge_answer_is_not_read(proxy: FaultProxy) -> None:
    """A 500 MB body grew the console to 10 GB (issue 23): past 64 MB the
    answer is dropped, and the pane says why."""
    import resource

    settings = PrometheusSettings(url=proxy.url, timeout_seconds=30)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with proxy.behaving(mode="huge", status=200), pytest.raises(
            SourceError, match=r"answered more than 64 MB: not read"):
        await fetch(settings, pane("fleet_up"))
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 150
