"""Completion names from the real Prometheus (prometheus-api-client), the
pane editor's test run against it, and TLS: a private CA, a missing one, and
the insecure flag, for both the live client and the catalog."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.conftest import MakeApp
from tests.integration.fault_proxy import FaultProxy
from tests.integration.prometheus_server import MANY_SERIES, PrometheusServer, free_port
from tests.integration.tls import Certificates
from tests.ui.helpers import wait_for
from tui.cli.launch import build_live_context
from tui.files.config import Config, PrometheusSettings, SecretRef
from tui.model.metrics import PaneSpec, QuerySpec, Unit
from tui.screens.pane_editor import PaneEditor
from tui.sources import SourceError
from tui.sources.prometheus import PrometheusClient
from tui.sources.prometheus_catalog import PrometheusCatalog

UP = PaneSpec("up", "Up", Unit.COUNT, (QuerySpec('sum(http_requests_total{service="cart"})'),))


def test_catalog_lists_metrics_labels_and_values(settings: PrometheusSettings) -> None:
    catalog = PrometheusCatalog(settings)
    try:
        metrics = catalog.metric_names()
        assert {"http_requests_total", "http_request_duration_seconds_bucket",
                "fleet_up"} <= set(metrics)
        assert "service" in catalog.label_names("http_requests_total")
        assert "instance" not in catalog.label_names("http_requests_total")
        assert catalog.label_values("service", "http_requests_total") == (
            "cart", "checkout", "payments")
        assert catalog.label_values("status", 'http_requests_total{service="cart"}') == (
            "200", "503")
        assert len(catalog.label_values("instance", "fleet_up")) == MANY_SERIES
    finally:
        catalog.close()


def test_catalog_errors_are_one_line_without_secrets(settings: PrometheusSettings,
                                                     tmp_path: Path) -> None:
    wrong = tmp_path / "wrong"
    wrong.write_text("not-the-password")
    catalog = PrometheusCatalog(replace(settings, password=SecretRef(file=str(wrong))))
    with pytest.raises(SourceError, match="HTTP 401") as caught:
        catalog.metric_names()
    assert "not-the-password" not in str(caught.value)

    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(SourceError, match=f"cannot connect to {url}"):
        PrometheusCatalog(PrometheusSettings(url=url, timeout_seconds=2)).metric_names()


def test_catalog_refuses_an_html_page(proxy: FaultProxy) -> None:
    with proxy.behaving(mode="html"), pytest.raises(SourceError, match="Prometheus API"):
        PrometheusCatalog(PrometheusSettings(url=proxy.url)).metric_names()


async def latest_cart_total(settings: PrometheusSettings) -> float:
    client = PrometheusClient(settings)
    try:
        snapshot = await client.fetch_pane(UP, datetime.now(UTC), 600, 20)
    finally:
        await client.aclose()
    return snapshot.series[0].values[-1]


async def test_tls_with_the_private_ca(tls_proxy: FaultProxy,
                                      certificates: Certificates) -> None:
    assert tls_proxy.url.startswith("https://")
    trusted = PrometheusSettings(url=tls_proxy.url, ca_file=str(certificates.ca_file))
    assert await latest_cart_total(trusted) > 0
    assert "cart" in PrometheusCatalog(trusted).label_values("service")


async def test_tls_without_the_ca_is_refused_clearly(tls_proxy: FaultProxy) -> None:
    untrusted = PrometheusSettings(url=tls_proxy.url, timeout_seconds=5)
    with pytest.raises(SourceError, match=r"TLS verification failed .*set ca_file"):
        await latest_cart_total(untrusted)
    with pytest.raises(SourceError, match="TLS verification failed"):
        PrometheusCatalog(untrusted).metric_names()


async def test_tls_insecure_flag_skips_verification(tls_proxy: FaultProxy) -> None:
    insecure = PrometheusSettings(url=tls_proxy.url, insecure=True)
    assert await latest_cart_total(insecure) > 0
    assert "http_requests_total" in PrometheusCatalog(insecure).metric_names()


async def test_a_missing_ca_file_is_named(tls_proxy: FaultProxy, tmp_path: Path) -> None:
    missing = PrometheusSettings(url=tls_proxy.url, ca_file=str(tmp_path / "nope.pem"))
    with pytest.raises(SourceError, match=r"nope\.pem"):
        await latest_cart_total(missing)


async def test_editor_completes_from_and_tests_against_prometheus(
        make_app: MakeApp, prometheus: PrometheusServer, settings: PrometheusSettings,
        tmp_path: Path) -> None:
    context = build_live_context(tmp_path / "w.db",
                                 Config(prometheus=replace(settings, refresh_seconds=60)))
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, PaneEditor)
        status = editor.query_one("#catalog-status", Static)
        await wait_for(pilot, lambda: "metric names" in str(status.render()))
        editor.query_one("#title", Input).value = "Cart errors"
        expr = editor.query_one("#expr-0", Input)
        expr.focus()
        await pilot.press(*"sum(rate(fleet")
        await pilot.pause()
        await pilot.press("tab")
        assert expr.value == "sum(rate(fleet_up"
        expr.value = 'sum(rate(http_requests_total{service="cart", status='
        expr.cursor_position = len(expr.value)
        await wait_for(pilot, lambda: bool(editor.query("PromQLAutoComplete").first()
                                           .option_list.option_count == 2))
        await pilot.press("down", "tab")
        assert expr.value == 'sum(rate(http_requests_total{service="cart", status="503"'

        result = editor.query_one("#editor-result", Static)
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: "failed" in str(result.render()))
        assert "parse error" in str(result.render())  # Prometheus's own words
        expr.value += "}[5m]))"
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: str(result.render()).startswith("OK"))
        assert "1 series" in str(result.render())
