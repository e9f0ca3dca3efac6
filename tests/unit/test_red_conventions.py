"""Which convention a metric name belongs to, how its panes are built, and
how configured panes add to them. The names are those the instrumentation
projects document, not ours."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.files.config import ConfigError, parse_config
from tui.model.metrics import PaneSpec, QuerySpec, Unit, format_value, unit_named
from tui.model.red_conventions import convention_of, read_hit, unit_scale
from tui.model.red_panes import Detection, detected_panes, merged, waiting_panes

# name as scraped → (convention key, histogram beside it, seconds per unit)
UPSTREAM_NAMES = {
    # OpenTelemetry semantic conventions, http.server.request.duration (stable,
    # unit "s"), as the Prometheus exporter appends the unit and _count.
    "http_server_request_duration_seconds_count": (
        "otel-http", "http_server_request_duration_seconds_bucket", 1.0),
    # semconv before 1.20: http.server.duration, unit "ms".
    "http_server_duration_milliseconds_count": (
        "otel-http-old", "http_server_duration_milliseconds_bucket", 0.001),
    # the same without the unit suffix (exporters before unit suffixes): still ms.
    "http_server_duration_count": ("otel-http-old", "http_server_duration_bucket", 0.001),
    # Micrometer http.server.requests, base unit seconds.
    "http_server_requests_seconds_count": (
        "micrometer", "http_server_requests_seconds_bucket", 1.0),
    # client_golang promhttp example, and the Python/Java/Ruby clients.
    "http_requests_total": ("prometheus-client", "http_request_duration_seconds_bucket", 1.0),
    # Istio standard metrics.
    "istio_requests_total": ("istio", "istio_request_duration_milliseconds_bucket", 0.001),
    # Linkerd proxy metrics.
    "response_total": ("linkerd", "response_latency_ms_bucket", 0.001),
    # ingress-nginx: a counter without _total.
    "nginx_ingress_controller_requests": (
        "ingress-nginx", "nginx_ingress_controller_request_duration_seconds_bucket", 1.0),
    # spanmetrics connector (Collector), default unit ms.
    "traces_span_metrics_calls_total": (
        "span-metrics", "traces_span_metrics_duration_milliseconds_bucket", 0.001),
    # the older spanmetrics processor / Tempo: latency in ms.
    "traces_spanmetrics_calls_total": ("span-metrics", "traces_spanmetrics_latency_bucket", 0.001),
    # Prometheus's own API, Grafana's server.
    "prometheus_http_requests_total": (
        "http-requests", "prometheus_http_request_duration_seconds_bucket", 1.0),
    "grafana_http_requests_total": (
        "http-requests", "grafana_http_request_duration_seconds_bucket", 1.0),
}


@pytest.mark.parametrize("name", list(UPSTREAM_NAMES))
def test_upstream_names_are_read_with_their_histogram_and_unit(name: str) -> None:
    key, bucket, scale = UPSTREAM_NAMES[name]
    hit = read_hit(name, frozenset({name, bucket}), ("code", "job"))
    assert hit is not None and hit.convention.key == key
    assert hit.bucket == bucket
    assert unit_scale(hit.bucket, hit.convention) == scale


@pytest.mark.parametrize("name", ["up", "http_requests", "process_cpu_seconds_total",
                                  "http_client_request_duration_seconds_count",
                                  "grpc_server_handled_total"])
def test_other_names_are_no_request_metric(name: str) -> None:
    assert convention_of(name) is None


def test_labels_pick_the_service_and_status_of_each_convention() -> None:
    istio = read_hit("istio_requests_total", frozenset(),
                     ("destination_service_name", "reporter", "response_code",
                      "source_workload"))
    assert istio is not None
    assert (istio.service_label, istio.error and istio.error.name) == (
        "destination_service_name", "response_code")
    assert istio.filters == (("reporter", '="destination"'),)
    micrometer = read_hit("http_server_requests_seconds_count",
                          frozenset({"http_server_requests_seconds_sum"}),
                          ("application", "outcome", "uri"))
    assert micrometer is not None and micrometer.error is not None
    assert (micrometer.error.name, micrometer.error.matcher) == ("outcome", '="SERVER_ERROR"')
    # No histogram: the mean from _sum / _count.
    assert micrometer.mean == "http_server_requests_seconds_sum"


def test_a_metric_without_a_status_label_never_reads_zero_errors() -> None:
    hit = read_hit("http_requests_total", frozenset(), ("job", "method", "path"))
    assert hit is not None and hit.error is None
    error_ratio, _, rate = detected_panes(Detection((hit,)))
    assert error_ratio.queries == ()
    assert error_ratio.source == ("http_requests_total has no status label "
                                  "(labels: job, method, path)")
    assert rate.queries  # the rate is still known


def test_services_of_two_conventions_are_counted_once() -> None:
    from dataclasses import replace

    own = read_hit("http_requests_total", frozenset(), ("service", "status"))
    mesh = read_hit("istio_requests_total", frozenset(),
                    ("destination_service_name", "reporter", "response_code"))
    assert own is not None and mesh is not None
    own, mesh = replace(own, services=("cart", "ratings")), replace(
        mesh, services=("ratings", "reviews"))
    _, _, rate = detected_panes(Detection((own, mesh)))
    assert 'destination_service_name!~"ratings"' in rate.queries[1].expr
    assert "!~" not in rate.queries[0].expr


def test_nothing_found_says_what_was_tried() -> None:
    for pane in detected_panes(Detection((), tried="http_requests_total, response_total")):
        assert pane.queries == ()
        assert pane.source == ("no HTTP request metrics found "
                               "(tried http_requests_total, response_total)")


def pane(pane_id: str, title: str = "") -> PaneSpec:
    return PaneSpec(pane_id, title or pane_id, Unit.COUNT, (QuerySpec("up"),))


def test_configured_panes_add_to_the_detected_and_replace_by_id() -> None:
    detected = waiting_panes()
    mine = (pane("queue"), pane("latency", "My latency"))
    shown = merged(detected, mine)
    assert [spec.id for spec in shown] == ["error_ratio", "latency", "request_rate", "queue"]
    assert shown[1].title == "My latency"
    assert merged(detected, mine, defaults=False) == mine


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_config_default_panes_and_unit_names(tmp_path: Path) -> None:
    path = write(tmp_path, 'default_panes = false\n'
                 '[[panes]]\nid = "db"\ntitle = "DB"\nunit = "ms"\n'
                 'queries = [{ expr = "db_ms" }]\n'
                 '[[panes]]\nid = "cpu"\ntitle = "CPU"\nunit = "%"\n'
                 'queries = [{ expr = "cpu" }]\n'
                 '[[panes]]\nid = "rps"\ntitle = "RPS"\nunit = "/s"\n'
                 'queries = [{ expr = "rps" }]\n')
    config = parse_config(path.read_text(), path)
    assert config.default_panes is False
    assert [spec.unit for spec in config.panes] == [Unit.MILLISECONDS, Unit.PERCENT,
                                                   Unit.PER_SECOND]
    with pytest.raises(ConfigError, match=r"unit 'furlongs' is not one of .*ms"):
        bad = write(tmp_path, '[[panes]]\nid = "x"\ntitle = "X"\nunit = "furlongs"\n'
                    'queries = [{ expr = "x" }]\n')
        parse_config(bad.read_text(), bad)


@pytest.mark.parametrize("value, unit, shown", [
    (475.0, Unit.MILLISECONDS, "475ms"),  # Istio's histogram, not 475 s
    (2500.0, Unit.MILLISECONDS, "2.50s"),
    (0.475, Unit.SECONDS, "475ms"),
    (42.0, Unit.PERCENT, "42%"),
    (0.42, Unit.RATIO, "42%"),
])
def test_units_are_shown_in_their_scale(value: float, unit: Unit, shown: str) -> None:
    assert format_value(value, unit) == shown


def test_unit_names() -> None:
    assert unit_named("s") is Unit.SECONDS and unit_named("ms") is Unit.MILLISECONDS
    assert unit_named("%") is Unit.PERCENT and unit_named("bytes") is Unit.BYTES
    assert unit_named("parsecs") is None


def test_a_new_pane_starts_from_the_incident_service_convention() -> None:
    from dataclasses import replace

    from tui.model.red_panes import starting_point

    own = read_hit("http_requests_total", frozenset(), ("code", "job"))
    assert own is not None
    detection = Detection((replace(own, services=("api", 'we"ird')),))
    draft = starting_point(detection, ("web", 'we"ird'))
    assert draft is not None and draft.unit is Unit.PER_SECOND
    assert draft.queries[0].expr == (
        'sum by (code) (rate(http_requests_total{job="we\\"ird"}[5m]))')
    assert starting_point(Detection(()), ("web",)) is None


@pytest.mark.parametrize("name", [name for name, (_, bucket, _) in UPSTREAM_NAMES.items()]
                         + [bucket for _, bucket, _ in UPSTREAM_NAMES.values()])
def test_the_names_endpoint_selectors_ask_for_every_upstream_name(name: str) -> None:
    import re

    from tui.model.red_conventions import names_selectors

    assert any(re.fullmatch(regex, name) for regex in names_selectors())
    assert not any(re.fullmatch(regex, "app_metric_000001_total") for regex in names_selectors())
