"""The war room on a real Prometheus that holds one service per HTTP
convention (tests/integration/conventions_history.py), with no panes
configured: placeholders at the first paint, then the error ratio, latency
and rate panes built from what was found, with the true numbers. The clock
is frozen at the end of the history, so the screens can be snapshotted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.conftest import MakeApp
from tests.integration import conventions_history as history
from tests.integration.prometheus_server import USER, PrometheusServer
from tests.ui.helpers import settle, wait_for
from tui.cli.launch import build_live_context
from tui.files.config import Config, PrometheusSettings, SecretRef
from tui.model.clock import FrozenClock
from tui.model.incident import IncidentDraft
from tui.model.metrics import PaneSpec, QuerySpec, Unit
from tui.ui.context import WarroomContext
from tui.widgets.metric_pane import MetricPane


@pytest.fixture
def settings(conventions_prometheus: PrometheusServer, password_file: Path
             ) -> PrometheusSettings:
    # Alerts are asked of this Prometheus too: it has no rules, so none.
    return PrometheusSettings(url=conventions_prometheus.url, username=USER,
                              password=SecretRef(file=str(password_file)),
                              refresh_seconds=3600, timeout_seconds=5)


def live(tmp_path: Path, settings: PrometheusSettings, services: tuple[str, ...] = (),
         **config: object) -> WarroomContext:
    clock = FrozenClock(history.FIXED_MOMENT)
    if services:
        from tui.store import Store, open_database

        store = Store(open_database(tmp_path / "w.db"), clock)
        store.incidents.declare(IncidentDraft(title="Reviews slow", severity="P2",
                                              services=services),
                      author="tester")
    return build_live_context(tmp_path / "w.db", Config(prometheus=settings, **config),
                              clock=clock)




def stats(pane: MetricPane) -> str:
    return str(pane.query_one(".metric-stats").render())


async def test_panes_are_built_from_the_conventions_found(make_app: MakeApp, tmp_path: Path,
                                                          settings: PrometheusSettings) -> None:
    context = live(tmp_path, settings, ("reviews",))
    # The first paint asks nothing of the Prometheus: placeholders.
    assert [(spec.id, spec.queries) for spec in context.panes] == [
        ("error_ratio", ()), ("latency", ()), ("request_rate", ())]
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.screen
        errors = screen.query_one("#pane-error_ratio", MetricPane)
        latency = screen.query_one("#pane-latency", MetricPane)
        await wait_for(pilot, lambda: errors.snapshot is not None
                       and latency.snapshot is not None)
        # The incident's service first: Istio's 10 %, not the 50 % its
        # clients see (reporter="source").
        assert stats(errors).startswith("reviews 10%")
        assert "CRITICAL" in stats(errors)
        # Istio's milliseconds read as 500 ms, not 500 s.
        assert latency.border_title == "Latency, reviews · Istio"
        assert stats(latency).startswith("p95 500ms")
        legend = str(errors.query_one(".metric-legend").render())
        assert "storefront 8.0%" in legend


async def test_configured_panes_add_to_the_detected(make_app: MakeApp, tmp_path: Path,
                                                    settings: PrometheusSettings) -> None:
    mine = PaneSpec("queue", "Queue depth", Unit.COUNT, (QuerySpec("vector(3)", "depth"),))
    app = make_app(live(tmp_path, settings, panes=(mine,)))
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query_one(
            "#pane-request_rate", MetricPane).spec.queries))
        ids = [pane.id for pane in app.screen.query(MetricPane)]
        assert ids == ["pane-error_ratio", "pane-latency", "pane-request_rate", "pane-queue"]


async def test_default_panes_false_keeps_only_the_configured(
        make_app: MakeApp, tmp_path: Path, settings: PrometheusSettings) -> None:
    mine = PaneSpec("queue", "Queue depth", Unit.COUNT, (QuerySpec("vector(3)", "depth"),))
    context = live(tmp_path, settings, panes=(mine,), default_panes=False)
    assert context.detector is None
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert [pane.id for pane in app.screen.query(MetricPane)] == ["pane-queue"]


def detected(size: tuple[int, int]) -> Callable[[Pilot], object]:
    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        await wait_for(pilot, lambda: all(pane.snapshot is not None for pane in
                                          pilot.app.screen.query(MetricPane)))
        await settle(pilot)

    return run


@pytest.mark.parametrize("theme", ["warroom-dark", "warroom-projector"])
@pytest.mark.parametrize("size", [(160, 48), (100, 30), (80, 24)],
                         ids=["160x48", "100x30", "80x24"])
def test_detected_panes_snapshot(
        make_app: MakeApp, snap_compare: Callable[..., bool], tmp_path: Path,
        settings: PrometheusSettings, size: tuple[int, int], theme: str) -> None:
    """A P2 "Reviews slow" on reviews, no cluster: no empty pods pane, the
    charts side by side in its room, every one in view with no scrolling.
    Error ratio titled "· OpenTelemetry HTTP +8 more", reviews 10 % CRITICAL
    first, then the worst (ledger 9 %, storefront 8 %, web 7 %); "Latency,
    reviews · Istio"; the request rate of every service. Alerts (none) and
    health under them."""
    app = make_app(live(tmp_path, settings, ("reviews",)), theme=theme)
    assert snap_compare(app, terminal_size=size, run_before=detected(size))


async def test_a_new_pane_starts_from_the_convention_found(make_app: MakeApp, tmp_path: Path,
                                                           settings: PrometheusSettings) -> None:
    from textual.widgets import Input

    from tui.screens.pane_editor import PaneEditor

    app = make_app(live(tmp_path, settings, ("reviews",)))
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query_one(
            "#pane-error_ratio", MetricPane).spec.queries))
        app.screen.query_one("#pane-error_ratio", MetricPane).focus()
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, PaneEditor))
        assert app.screen.query_one("#title", Input).value == "Requests by status, reviews"
        assert app.screen.query_one("#expr-0", Input).value == (
            'sum by (response_code) (rate(istio_requests_total{reporter="destination", '
            'destination_service_name="reviews"}[5m]))')


async def test_a_failed_detection_makes_the_panes_stale_until_r(
        make_app: MakeApp, tmp_path: Path, conventions_prometheus: PrometheusServer) -> None:
    from tests.integration.fault_proxy import FaultProxy

    proxy = FaultProxy(conventions_prometheus.url)
    try:
        settings = PrometheusSettings(url=proxy.url, refresh_seconds=3600, timeout_seconds=3)
        app = make_app(live(tmp_path, settings))
        with proxy.behaving(mode="status", status=503,
                            body=b'{"status":"error","errorType":"unavailable",'
                                 b'"error":"[b]overloaded[/b]"}'):
            async with app.run_test(size=(160, 48)) as pilot:
                errors = app.screen.query_one("#pane-error_ratio", MetricPane)
                await wait_for(pilot, lambda: errors.has_class("-stale"))
                problem = str(errors.query_one(".metric-problem").render())
                assert "HTTP 503 unavailable: [b]overloaded[/b]" in problem
                proxy.behaviour = type(proxy.behaviour)()  # the server is back
                await pilot.press("r")
                await wait_for(pilot, lambda: errors.snapshot is not None
                               and not errors.has_class("-stale"))
                assert stats(errors).startswith("reviews 10%")
    finally:
        proxy.close()


async def test_a_pane_with_nothing_to_read_says_all_that_was_tried(
        make_app: MakeApp, tmp_path: Path, conventions_prometheus: PrometheusServer) -> None:
    """Found by trying it: the reason was cut to one line under "waiting
    for data…". The chart's room now holds all of it."""
    from tests.integration.fault_proxy import FaultProxy
    from tui.widgets.line_chart import LineChart

    proxy = FaultProxy(conventions_prometheus.url)
    try:
        settings = PrometheusSettings(url=proxy.url, refresh_seconds=3600, timeout_seconds=3)
        app = make_app(live(tmp_path, settings))
        with proxy.behaving(mode="status", status=200, body=b'{"status":"success","data":[]}'):
            async with app.run_test(size=(160, 48)) as pilot:
                errors = app.screen.query_one("#pane-error_ratio", MetricPane)
                chart = errors.query_one(LineChart)
                await wait_for(pilot, lambda: "no HTTP" in str(chart.render()))
                said = str(chart.render())
                assert said.startswith("no HTTP request metrics found (tried ")
                assert "istio_requests_total" in said and "traces_span…metrics_calls_total" in said
                assert stats(errors) == "nothing to chart"
    finally:
        proxy.close()


async def test_a_wrong_shaped_index_answer_is_said_as_such(
        conventions_prometheus: PrometheusServer) -> None:
    from tests.integration.fault_proxy import FaultProxy
    from tui.sources import SourceError
    from tui.sources.prometheus import PrometheusClient
    from tui.sources.prometheus_conventions import ConventionDetector

    proxy = FaultProxy(conventions_prometheus.url)
    client = PrometheusClient(PrometheusSettings(url=proxy.url))
    try:
        with proxy.behaving(mode="status", status=200,
                            body=b'{"status":"success","data":{"x":1}}'), pytest.raises(
                SourceError, match="other than a list of names"):
            await ConventionDetector(client).detect(history.FIXED_MOMENT)
    finally:
        await client.aclose()
        proxy.close()
