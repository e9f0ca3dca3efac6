"""A history of HTTP metrics as real instrumentation names them, one service
per convention, each with its own known 5xx ratio, latency and rate, for a
Prometheus backfilled by promtool (tests/integration/prometheus_server.py).

The names and labels are the instrumentation's own, not Warroom's:
- Go client_golang promhttp: `http_requests_total{code,handler,method}`;
- OpenTelemetry semantic conventions, as the Prometheus exporter names them:
  stable `http.server.request.duration` → `http_server_request_duration_seconds_*`
  with `http_response_status_code`; pre-1.20 `http.server.duration` in ms →
  `http_server_duration_milliseconds_*` with `http_status_code`;
- Micrometer (Spring Boot actuator): `http_server_requests_seconds_count/_sum`
  with `status`, `outcome`, `uri`, `application` (no histogram by default);
- Istio standard metrics: `istio_requests_total` and
  `istio_request_duration_milliseconds_bucket`, `reporter` source/destination;
- Linkerd proxy: `response_total` and `response_latency_ms_bucket`, with
  `direction` inbound/outbound and `classification` success/failure;
- ingress-nginx: `nginx_ingress_controller_requests` (no `_total`) and
  `nginx_ingress_controller_request_duration_seconds_bucket`, the backend in
  `exported_service` (the scrape target's own `service` label kept its name);
- the OpenTelemetry Collector's span metrics connector:
  `traces_span_metrics_calls_total` and
  `traces_span_metrics_duration_milliseconds_bucket`, `span_kind`, `status_code`;
- Prometheus itself: `prometheus_http_requests_total{code,handler}`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from tests.integration.prometheus_server import AHEAD, HISTORY, STEP

# Cumulative share of requests at or below each bound (seconds): p50 = 0.1 s,
# p95 = 0.5 s, p99 = 1 s under histogram_quantile's linear interpolation.
SHARES = {0.05: 0.2, 0.1: 0.5, 0.25: 0.8, 0.5: 0.95, 1.0: 0.99, 2.5: 1.0}
EXPECTED_QUANTILES = {"p50": 0.1, "p95": 0.5, "p99": 1.0}
# The history ends at a fixed moment (2026-11-30 14:20 UTC) so that screens
# drawn on it are the same at every run.
FIXED_NOW = 1796048400
FIXED_MOMENT = datetime.fromtimestamp(FIXED_NOW, UTC)
HOSTILE_SERVICE = "evil\x1b]52;c;Y3VybA==\x07[red]x[/red]\u202e"


@dataclass(frozen=True)
class Case:
    convention: str  # the label the pane gives it
    service: str
    rate: float  # requests per second
    error_ratio: float
    p95: float | None  # seconds; None where there is no histogram
    mean: float | None = None


CASES = (
    Case("Prometheus client", "api-go", 40.0, 0.03, 0.5),
    Case("OpenTelemetry HTTP", "otel-cart", 50.0, 0.02, 0.5),
    Case("OpenTelemetry HTTP (pre-1.20)", "otel-legacy", 20.0, 0.04, 0.5),
    Case("Micrometer", "spring-orders", 30.0, 0.06, None, mean=0.25),
    Case("Istio", "reviews", 60.0, 0.10, 0.5),
    Case("Linkerd", "web", 80.0, 0.07, 0.5),
    Case("ingress-nginx", "storefront", 25.0, 0.08, 0.5),
    Case("span metrics", "ledger", 10.0, 0.09, 0.5),
    Case("HTTP requests", "prometheus", 2.0, 0.0, 0.5),
)
BY_SERVICE = {case.service: case for case in CASES}


def _labels(pairs: dict[str, str]) -> str:
    def escaped(value: str) -> str:
        return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

    return ",".join(f'{name}="{escaped(value)}"' for name, value in pairs.items())


def _counter(name: str, labels: dict[str, str], rate: float, elapsed: int, t: int) -> str:
    return f"{name}{{{_labels(labels)}}} {rate * elapsed:.3f} {t}"


def _buckets(name: str, labels: dict[str, str], rate: float, elapsed: int, t: int,
             scale: float = 1.0) -> Iterator[str]:
    for bound, share in SHARES.items():
        le = f"{bound * scale:g}"
        yield _counter(name, {**labels, "le": le}, rate * share, elapsed, t)
    yield _counter(name, {**labels, "le": "+Inf"}, rate, elapsed, t)


def _status_split(case: Case, ok: str, bad: str) -> tuple[tuple[str, float], tuple[str, float]]:
    return (ok, case.rate * (1 - case.error_ratio)), (bad, case.rate * case.error_ratio)


def _samples(t: int, elapsed: int) -> Iterator[str]:
    c = BY_SERVICE
    # Go promhttp: `code`, and `job` the only service-like label.
    case = c["api-go"]
    for code, rate in _status_split(case, "200", "500"):
        yield _counter("http_requests_total",
                       {"job": "api-go", "code": code, "handler": "/", "method": "get"},
                       rate, elapsed, t)
    yield from _buckets("http_request_duration_seconds_bucket", {"job": "api-go"},
                        case.rate, elapsed, t)
    # OpenTelemetry stable HTTP semconv.
    case = c["otel-cart"]
    for code, rate in _status_split(case, "200", "503"):
        yield _counter("http_server_request_duration_seconds_count",
                       {"service_name": "otel-cart", "job": "shop/otel-cart",
                        "http_response_status_code": code, "http_request_method": "GET"},
                       rate, elapsed, t)
    yield from _buckets("http_server_request_duration_seconds_bucket",
                        {"service_name": "otel-cart", "job": "shop/otel-cart"},
                        case.rate, elapsed, t)
    # OpenTelemetry before 1.20: milliseconds.
    case = c["otel-legacy"]
    for code, rate in _status_split(case, "200", "502"):
        yield _counter("http_server_duration_milliseconds_count",
                       {"service_name": "otel-legacy", "http_status_code": code},
                       rate, elapsed, t)
    yield from _buckets("http_server_duration_milliseconds_bucket",
                        {"service_name": "otel-legacy"}, case.rate, elapsed, t, 1000)
    # Micrometer: count and sum, no buckets unless percentiles-histogram is on.
    case = c["spring-orders"]
    for (status, rate), outcome in zip(_status_split(case, "200", "500"),
                                       ("SUCCESS", "SERVER_ERROR"), strict=True):
        labels = {"application": "spring-orders", "status": status, "outcome": outcome,
                  "uri": "/orders", "method": "GET"}
        yield _counter("http_server_requests_seconds_count", labels, rate, elapsed, t)
        yield _counter("http_server_requests_seconds_sum", labels,
                       rate * (case.mean or 0.0), elapsed, t)
    # Istio: only reporter="destination" counts; the client side says 50 %.
    case = c["reviews"]
    for reporter, ratio in (("destination", case.error_ratio), ("source", 0.5)):
        for code, rate in (("200", case.rate * (1 - ratio)), ("503", case.rate * ratio)):
            yield _counter("istio_requests_total",
                           {"reporter": reporter, "destination_service_name": "reviews",
                            "destination_workload": "reviews-v1", "response_code": code},
                           rate, elapsed, t)
        yield from _buckets("istio_request_duration_milliseconds_bucket",
                            {"reporter": reporter, "destination_service_name": "reviews"},
                            case.rate, elapsed, t, 1000 if reporter == "destination" else 4000)
    # Linkerd: inbound only; outbound calls of the same pod fail more.
    case = c["web"]
    for direction, ratio in (("inbound", case.error_ratio), ("outbound", 0.4)):
        for classification, rate in (("success", case.rate * (1 - ratio)),
                                     ("failure", case.rate * ratio)):
            yield _counter("response_total",
                           {"direction": direction, "deployment": "web", "namespace": "shop",
                            "classification": classification,
                            "status_code": "200" if classification == "success" else "500"},
                           rate, elapsed, t)
        yield from _buckets("response_latency_ms_bucket",
                            {"direction": direction, "deployment": "web"}, case.rate, elapsed,
                            t, 1000 if direction == "inbound" else 3000)
    # ingress-nginx: the backend in exported_service.
    case = c["storefront"]
    for status, rate in _status_split(case, "200", "504"):
        yield _counter("nginx_ingress_controller_requests",
                       {"exported_service": "storefront", "service": "ingress-nginx-metrics",
                        "ingress": "shop", "status": status, "method": "GET"},
                       rate, elapsed, t)
    yield from _buckets("nginx_ingress_controller_request_duration_seconds_bucket",
                        {"exported_service": "storefront", "ingress": "shop"},
                        case.rate, elapsed, t)
    # Span metrics: server spans; client spans must not count.
    case = c["ledger"]
    for kind, ratio in (("SPAN_KIND_SERVER", case.error_ratio), ("SPAN_KIND_CLIENT", 0.5)):
        for status, rate in (("STATUS_CODE_UNSET", case.rate * (1 - ratio)),
                             ("STATUS_CODE_ERROR", case.rate * ratio)):
            yield _counter("traces_span_metrics_calls_total",
                           {"service_name": "ledger", "span_kind": kind, "status_code": status,
                            "span_name": "POST /entries"}, rate, elapsed, t)
        yield from _buckets("traces_span_metrics_duration_milliseconds_bucket",
                            {"service_name": "ledger", "span_kind": kind}, case.rate, elapsed,
                            t, 1000 if kind == "SPAN_KIND_SERVER" else 5000)
    # Prometheus itself, as it reports its own API.
    case = c["prometheus"]
    yield _counter("prometheus_http_requests_total",
                   {"job": "prometheus", "code": "200", "handler": "/api/v1/query"},
                   case.rate, elapsed, t)
    yield from _buckets("prometheus_http_request_duration_seconds_bucket",
                        {"job": "prometheus", "handler": "/api/v1/query"}, case.rate, elapsed, t)
    # One service seen by two conventions (its own client and its Istio
    # sidecar): shown once.
    for code, rate in (("200", 9.9), ("500", 0.1)):
        yield _counter("http_requests_total", {"job": "ratings", "code": code}, rate, elapsed, t)
        yield _counter("istio_requests_total",
                       {"reporter": "destination", "destination_service_name": "ratings",
                        "response_code": code}, rate, elapsed, t)
    # What every target also has, matching no convention.
    yield f'up{{job="api-go"}} 1 {t}'
    yield f'process_resident_memory_bytes{{job="api-go"}} 52428800 {t}'
    # A label value built to hurt a terminal.
    yield _counter("http_requests_total", {"job": HOSTILE_SERVICE, "code": "200"}, 1.0,
                   elapsed, t)


def conventions_history(now: int) -> Iterator[str]:
    start = now - HISTORY
    for t in range(start, now + AHEAD + 1, STEP):
        yield from _samples(t, t - start)
    yield "# EOF"
