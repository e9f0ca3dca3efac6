"""The HTTP metric conventions that real instrumentation emits, and how each
one answers the RED questions (rate, errors, duration).

Sources of the names and labels:
- Prometheus client libraries (Go promhttp uses `code`, others `status`);
- OpenTelemetry HTTP semantic conventions: stable `http.server.request.duration`
  (seconds, `http.response.status_code`) and the older
  `http.server.duration` (milliseconds, `http.status_code`), as the
  Prometheus exporter names them;
- Micrometer / Spring Boot `http.server.requests` (`status`, `outcome`,
  `application` by common tag);
- Istio standard metrics (`istio_requests_total`, `response_code`,
  `reporter`, `destination_service_name`);
- Linkerd proxy metrics (`response_total`, `response_latency_ms`,
  `direction`, `classification`);
- ingress-nginx (`nginx_ingress_controller_requests`: no `_total`);
- span metrics of the OpenTelemetry Collector connector and Grafana Agent /
  Tempo (`traces_span_metrics_*`, older `traces_spanmetrics_*`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorLabel:
    """A label that tells a failed request, and the matcher that selects them."""

    name: str
    matcher: str  # PromQL matcher operator and value, e.g. '=~"5..|5xx"'


FIVE_XX = '=~"5..|5xx"'


@dataclass(frozen=True)
class Convention:
    key: str
    label: str  # said in the pane: "OpenTelemetry HTTP"
    # The request counter (or a histogram's _count), and its latency
    # histograms' buckets, best first. "{prefix}" stands for the part of the
    # name that varies (`prefix`, a regex), and is the same in both.
    requests: str
    buckets: tuple[str, ...]
    errors: tuple[ErrorLabel, ...]
    services: tuple[str, ...]  # service label candidates, best first
    # Matchers applied when their label exists: the server side only.
    filters: tuple[tuple[str, str], ...] = ()
    # A histogram's _sum beside _count gives a mean when there are no buckets.
    sum_metric: str = ""
    prefix: str = ""
    # Seconds per unit of the histogram when its name does not say.
    scale: float = 0.0

    def pattern(self, template: str) -> str:
        return template.format(prefix=f"({self.prefix})")


CONVENTIONS: tuple[Convention, ...] = (
    Convention(
        "otel-http", "OpenTelemetry HTTP",
        r"http_server_request_duration_seconds_count",
        ("http_server_request_duration_seconds_bucket",),
        (ErrorLabel("http_response_status_code", FIVE_XX),),
        ("service_name", "service", "job"),
        sum_metric="http_server_request_duration_seconds_sum",
    ),
    Convention(
        "otel-http-old", "OpenTelemetry HTTP (pre-1.20)",
        "http_server_duration{prefix}_count",
        ("http_server_duration{prefix}_bucket",),
        (ErrorLabel("http_status_code", FIVE_XX),),
        ("service_name", "service", "job"),
        prefix="_milliseconds|", scale=0.001,
    ),
    Convention(
        "micrometer", "Micrometer",
        r"http_server_requests_seconds_count",
        ("http_server_requests_seconds_bucket",),
        (ErrorLabel("status", FIVE_XX), ErrorLabel("outcome", '="SERVER_ERROR"')),
        ("application", "service", "job"),
        sum_metric="http_server_requests_seconds_sum",
    ),
    Convention(
        "prometheus-client", "Prometheus client",
        r"http_requests_total",
        ("http_request_duration_seconds_bucket",),
        (ErrorLabel("status", FIVE_XX), ErrorLabel("code", FIVE_XX),
         ErrorLabel("status_code", FIVE_XX)),
        ("service", "app", "application", "job"),
    ),
    Convention(
        "istio", "Istio",
        r"istio_requests_total",
        ("istio_request_duration_milliseconds_bucket", "istio_request_duration_seconds_bucket"),
        (ErrorLabel("response_code", FIVE_XX),),
        ("destination_service_name", "destination_workload", "destination_app"),
        filters=(("reporter", '="destination"'),),
    ),
    Convention(
        "linkerd", "Linkerd",
        r"response_total",
        ("response_latency_ms_bucket",),
        (ErrorLabel("classification", '="failure"'), ErrorLabel("status_code", FIVE_XX)),
        ("deployment", "statefulset", "daemonset", "service"),
        filters=(("direction", '="inbound"'),),
    ),
    Convention(
        "ingress-nginx", "ingress-nginx",
        r"nginx_ingress_controller_requests",
        ("nginx_ingress_controller_request_duration_seconds_bucket",),
        (ErrorLabel("status", FIVE_XX),),
        ("exported_service", "service", "ingress"),
    ),
    Convention(
        "span-metrics", "span metrics",
        "traces_span{prefix}metrics_calls_total",
        ("traces_span{prefix}metrics_duration_seconds_bucket",
         "traces_span{prefix}metrics_duration_milliseconds_bucket",
         "traces_span{prefix}metrics_latency_bucket"),
        (ErrorLabel("status_code", '="STATUS_CODE_ERROR"'),),
        ("service_name", "service"),
        filters=(("span_kind", '="SPAN_KIND_SERVER"'),),
        prefix="_|",
    ),
    Convention(
        "http-requests", "HTTP requests",
        # Any other `…_http_requests_total`, Prometheus's own included.
        "{prefix}_http_requests_total",
        ("{prefix}_http_request_duration_seconds_bucket",),
        (ErrorLabel("status", FIVE_XX), ErrorLabel("code", FIVE_XX)),
        ("service", "job"),
        prefix="[a-zA-Z_:][a-zA-Z0-9_:]*",
    ),
)
_COMPILED = {c.key: re.compile(c.pattern(c.requests)) for c in CONVENTIONS}


def _templates(convention: Convention) -> tuple[str, ...]:
    extra = (convention.sum_metric,) if convention.sum_metric else ()
    return (convention.requests, *convention.buckets, *extra)


def names_regex() -> str:
    """One regex for every request metric, latency histogram and sum of
    every convention: what the names found are matched against here."""
    return "|".join(dict.fromkeys(
        c.pattern(template) for c in CONVENTIONS for template in _templates(c)))


def names_selectors() -> tuple[str, ...]:
    """The same names as regexes for the names endpoint's match[], shaped
    for the server's index: one alternation of plain names (a set lookup),
    and each open-ended name alone (a suffix test). One regex mixing both
    took Prometheus 2.42 half a second over 100k names; split, a fifth."""
    literal: list[str] = []
    open_ended: list[str] = []
    for convention in CONVENTIONS:
        finite = "[" not in convention.prefix
        for template in _templates(convention):
            if finite:
                literal.extend(template.format(prefix=part)
                               for part in convention.prefix.split("|"))
            else:
                open_ended.append(template.format(prefix=".+"))
    return ("|".join(dict.fromkeys(literal)), *dict.fromkeys(open_ended))


def convention_of(name: str) -> tuple[Convention, str] | None:
    """The first convention whose request metric `name` is, and the part of
    the name that varies."""
    for convention in CONVENTIONS:
        match = _COMPILED[convention.key].fullmatch(name)
        if match:
            return convention, (match.group(1) or "") if match.groups() else ""
    return None


def unit_scale(bucket: str, convention: Convention) -> float:
    """Seconds per unit of a latency histogram: from its name (`_seconds`,
    `_milliseconds`, `_ms`), else as its convention defines it."""
    if "_milliseconds" in bucket or "_ms_" in bucket:
        return 0.001
    if "_seconds" in bucket:
        return 1.0
    # span metrics' old `latency` and OpenTelemetry's pre-1.20 duration: ms
    return convention.scale or (0.001 if bucket.endswith("_latency_bucket") else 1.0)


@dataclass(frozen=True)
class Hit:
    """A request metric found in the Prometheus, read as its convention."""

    convention: Convention
    metric: str
    service_label: str = ""
    error: ErrorLabel | None = None
    filters: tuple[tuple[str, str], ...] = ()
    bucket: str = ""  # the latency histogram, "" when there is none
    mean: str = ""  # or its _sum, for a mean latency
    services: tuple[str, ...] = ()  # values of the service label
    labels: tuple[str, ...] = ()  # every label the metric has

    @property
    def describe(self) -> str:
        by = f" by {self.service_label}" if self.service_label else ""
        return f"{self.convention.label}: {self.metric}{by}"


def read_hit(name: str, names: frozenset[str], labels: tuple[str, ...]) -> Hit | None:
    """How to read `name`, given every metric name found and the labels of
    its series; None when it is no known request metric."""
    found = convention_of(name)
    if found is None:
        return None
    convention, prefix = found
    present = set(labels)
    service = next((label for label in convention.services if label in present), "")
    error = next((e for e in convention.errors if e.name in present), None)
    filters = tuple((label, value) for label, value in convention.filters if label in present)
    bucket = next((b for b in (t.format(prefix=prefix) for t in convention.buckets)
                   if b in names), "")
    mean = convention.sum_metric if convention.sum_metric in names and not bucket else ""
    return Hit(convention, name, service, error, filters, bucket, mean, (), tuple(labels))
