"""With no panes configured, the error ratio, latency and rate panes are
built from the HTTP conventions a real Prometheus holds, and show the true
numbers of each: the history (tests/integration/conventions_history.py)
uses the metric names and labels that each instrumentation emits."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration import conventions_history as history
from tests.integration.fault_proxy import FaultProxy
from tests.integration.prometheus_server import USER, PrometheusServer
from tui.files.config import PrometheusSettings, SecretRef
from tui.model.metrics import MetricSnapshot, PaneSpec
from tui.model.red_conventions import names_selectors
from tui.model.red_panes import Detection, detected_panes
from tui.sources import SourceError
from tui.sources.prometheus import PrometheusClient
from tui.sources.prometheus_conventions import ConventionDetector

NOW = history.FIXED_MOMENT


@pytest.fixture
def conventions(conventions_prometheus: PrometheusServer, password_file: Path
                ) -> PrometheusSettings:
    return PrometheusSettings(url=conventions_prometheus.url, username=USER,
                              password=SecretRef(file=str(password_file)), timeout_seconds=5)


async def detect(settings: PrometheusSettings) -> Detection:
    client = PrometheusClient(settings)
    try:
        return await ConventionDetector(client).detect(NOW, force=True)
    finally:
        await client.aclose()


async def fetch(settings: PrometheusSettings, spec: PaneSpec) -> MetricSnapshot:
    client = PrometheusClient(settings)
    try:
        return await client.fetch_pane(spec, NOW, 900, 60)
    finally:
        await client.aclose()


def latest(snapshot: MetricSnapshot) -> dict[str, float]:
    return {series.name: series.latest for series in snapshot.series
            if series.latest is not None}


async def test_every_convention_is_found_with_its_labels(conventions: PrometheusSettings
                                                         ) -> None:
    detection = await detect(conventions)
    read = {hit.convention.label: (hit.metric, hit.service_label,
                                   hit.error.name if hit.error else "", hit.bucket or hit.mean)
            for hit in detection.hits}
    assert read == {
        # Go promhttp: the status is `code`, the service only `job`.
        "Prometheus client": ("http_requests_total", "job", "code",
                              "http_request_duration_seconds_bucket"),
        "OpenTelemetry HTTP": ("http_server_request_duration_seconds_count", "service_name",
                               "http_response_status_code",
                               "http_server_request_duration_seconds_bucket"),
        "OpenTelemetry HTTP (pre-1.20)": ("http_server_duration_milliseconds_count",
                                          "service_name", "http_status_code",
                                          "http_server_duration_milliseconds_bucket"),
        "Micrometer": ("http_server_requests_seconds_count", "application", "status",
                       "http_server_requests_seconds_sum"),
        "Istio": ("istio_requests_total", "destination_service_name", "response_code",
                  "istio_request_duration_milliseconds_bucket"),
        "Linkerd": ("response_total", "deployment", "classification",
                    "response_latency_ms_bucket"),
        "ingress-nginx": ("nginx_ingress_controller_requests", "exported_service", "status",
                          "nginx_ingress_controller_request_duration_seconds_bucket"),
        "span metrics": ("traces_span_metrics_calls_total", "service_name", "status_code",
                         "traces_span_metrics_duration_milliseconds_bucket"),
        "HTTP requests": ("prometheus_http_requests_total", "job", "code",
                          "prometheus_http_request_duration_seconds_bucket"),
    }
    # Index calls only: the names (plain ones, and each open-ended pattern), then
    # labels and one label's values per hit.
    assert detection.calls == len(names_selectors()) + 2 * len(detection.hits)
    assert detection.notes == ()


async def test_error_ratio_and_rate_are_the_true_ones(conventions: PrometheusSettings) -> None:
    error_ratio, _, rate = detected_panes(await detect(conventions))
    errors, rates = latest(await fetch(conventions, error_ratio)), latest(
        await fetch(conventions, rate))
    for case in history.CASES:
        # Istio: reporter="destination" only; Linkerd: inbound only; span
        # metrics: server spans only. The other side of each fails more.
        assert errors[case.service] == pytest.approx(case.error_ratio, abs=1e-6), case
        assert rates[case.service] == pytest.approx(case.rate, rel=1e-6), case
    # A service without 5xx reads 0 %, since its status label exists.
    assert errors["prometheus"] == 0.0
    # Seen by its own client and by Istio: one series, not two.
    assert [s.name for s in (await fetch(conventions, rate)).series].count("ratings") == 1
    assert "Prometheus client: http_requests_total by job" in error_ratio.source


@pytest.mark.parametrize("case", [c for c in history.CASES], ids=lambda c: c.convention)
async def test_latency_of_the_incident_service(conventions: PrometheusSettings,
                                               case: history.Case) -> None:
    """Milliseconds histograms (Istio, Linkerd, OpenTelemetry before 1.20,
    span metrics) read in seconds: 500 ms, never 500 s."""
    _, latency, _ = detected_panes(await detect(conventions), (case.service,))
    assert latency.title == f"Latency, {case.service} · {case.convention}"
    values = latest(await fetch(conventions, latency))
    if case.p95 is None:
        assert values == {"mean": pytest.approx(case.mean)}
    else:
        assert values == {name: pytest.approx(value)
                          for name, value in history.EXPECTED_QUANTILES.items()}


async def test_incident_services_come_first(conventions: PrometheusSettings) -> None:
    error_ratio, _, rate = detected_panes(await detect(conventions), ("unknown", "web"))
    assert error_ratio.headline == rate.headline == "web"
    snapshot = await fetch(conventions, error_ratio)
    assert snapshot.headline_series(error_ratio).name == "web"  # type: ignore[union-attr]


async def test_without_incident_services_latency_is_p95_by_service(
        conventions: PrometheusSettings) -> None:
    _, latency, _ = detected_panes(await detect(conventions))
    values = latest(await fetch(conventions, latency))
    assert values["reviews"] == pytest.approx(0.5)  # Istio, in ms
    assert values["web"] == pytest.approx(0.5)  # Linkerd, inbound, in ms
    assert values["spring-orders"] == pytest.approx(0.25)  # Micrometer's mean


async def test_hostile_label_values_are_shown_as_text(conventions: PrometheusSettings) -> None:
    detection = await detect(conventions)
    client_hit = next(h for h in detection.hits if h.convention.key == "prometheus-client")
    shown = [s for s in client_hit.services if s.startswith("evil")]
    assert shown and all("\x1b" not in s and "\x07" not in s and "\u202e" not in s
                         for s in shown)
    snapshot = await fetch(conventions, detected_panes(detection)[2])
    for series in snapshot.series:
        assert not any(ord(ch) < 32 or ch == "\u202e" for ch in series.name)


@pytest.mark.parametrize("mode, said", [("refuse-match", "refused match[]"),
                                        ("ignore-match", "ignored match[]")])
async def test_servers_without_match_on_the_names_endpoint(
        conventions_prometheus: PrometheusServer, mode: str, said: str) -> None:
    """Servers before Prometheus 2.24 refuse or ignore match[] on
    /api/v1/label/__name__/values: every name is read and matched here,
    and the war room says so."""
    proxy = FaultProxy(conventions_prometheus.url)
    try:
        with proxy.behaving(mode=mode):
            detection = await detect(PrometheusSettings(url=proxy.url))
    finally:
        proxy.close()
    assert len(detection.hits) == len(history.CASES)
    assert any(said in note for note in detection.notes)


async def test_no_known_metrics_says_what_was_tried(conventions_prometheus: PrometheusServer
                                                    ) -> None:
    proxy = FaultProxy(conventions_prometheus.url)
    try:
        with proxy.behaving(mode="status", status=200,
                            body=b'{"status":"success","data":[]}'):
            detection = await detect(PrometheusSettings(url=proxy.url))
    finally:
        proxy.close()
    assert detection.hits == ()
    for pane in detected_panes(detection):
        assert pane.queries == ()
        assert "no HTTP request metrics found" in pane.source
        assert "istio_requests_total" in pane.source and "response_total" in pane.source


async def test_refused_credentials_are_an_error_not_a_fallback(
        conventions_prometheus: PrometheusServer) -> None:
    with pytest.raises(SourceError, match="401"):
        await detect(PrometheusSettings(url=conventions_prometheus.url))
