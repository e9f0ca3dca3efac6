"""Default panes for the usual conventions: `http_requests_total{status=...}`
and the `http_request_duration_seconds` histogram, by `service` label.
Thresholds follow the runbooks: error rate above 5 % is critical, p95 above
500 ms is critical and 200–500 ms a warning."""

from __future__ import annotations

import json

from tui.model.metrics import PaneSpec, QuerySpec, Thresholds, Unit

ERROR_RATIO = Thresholds(warning=0.01, critical=0.05)
LATENCY = Thresholds(warning=0.2, critical=0.5)


def service_matcher(service: str) -> str:
    """`service="…"` with the value quoted as a PromQL string."""
    return "service=" + json.dumps(service)


def default_panes(services: tuple[str, ...] = ()) -> tuple[PaneSpec, ...]:
    """Error ratio and request rate of every service, the first affected one
    as headline; latency quantiles of that service, or p95 by service when
    none is named."""
    error_ratio = PaneSpec(
        id="error_ratio",
        title="Error ratio (5xx / all)",
        unit=Unit.RATIO,
        thresholds=ERROR_RATIO,
        headline=services[0] if services else "",
        queries=(QuerySpec(
            # `or … * 0`: a service with no 5xx series shows 0 %, not nothing.
            '(sum by (service) (rate(http_requests_total{status=~"5.."}[5m]))'
            " or sum by (service) (rate(http_requests_total[5m])) * 0)"
            " / sum by (service) (rate(http_requests_total[5m]))",
            "{{service}}",
        ),),
    )
    if services:
        main = service_matcher(services[0])
        latency = PaneSpec(
            id="latency",
            title=f"Latency, {services[0]}",
            unit=Unit.SECONDS,
            thresholds=LATENCY,
            headline="p95",
            queries=tuple(
                QuerySpec(
                    f"histogram_quantile({q}, sum by (le) "
                    f"(rate(http_request_duration_seconds_bucket{{{main}}}[5m])))",
                    f"p{round(q * 100)}",
                )
                for q in (0.5, 0.95, 0.99)
            ),
        )
    else:
        latency = PaneSpec(
            id="latency",
            title="Latency p95 by service",
            unit=Unit.SECONDS,
            thresholds=LATENCY,
            queries=(QuerySpec(
                "histogram_quantile(0.95, sum by (le, service) "
                "(rate(http_request_duration_seconds_bucket[5m])))",
                "{{service}}",
            ),),
        )
    request_rate = PaneSpec(
        id="request_rate",
        title="Request rate",
        unit=Unit.PER_SECOND,
        headline=services[0] if services else "",
        queries=(QuerySpec("sum by (service) (rate(http_requests_total[5m]))", "{{service}}"),),
    )
    return error_ratio, latency, request_rate
