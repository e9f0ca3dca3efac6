"""The error ratio, latency and request rate panes, built from the HTTP
metrics a Prometheus was found to hold (tui/model/red_conventions.py).

Thresholds follow the runbooks: error rate above 5 % is critical, p95 above
500 ms is critical and 200–500 ms a warning."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from tui.model.metrics import PaneSpec, QuerySpec, Thresholds, Unit
from tui.model.red_conventions import Hit, unit_scale

ERROR_RATIO = Thresholds(warning=0.01, critical=0.05)
LATENCY = Thresholds(warning=0.2, critical=0.5)
PANE_IDS = ("error_ratio", "latency", "request_rate")
RATE_WINDOW = "5m"


@dataclass(frozen=True)
class Detection:
    """What a Prometheus holds of the known HTTP conventions."""

    hits: tuple[Hit, ...]
    # What the reader should know: a server that ignored match[], a metric
    # without a status label, a call that failed.
    notes: tuple[str, ...] = ()
    calls: int = 0  # HTTP requests it took
    tried: str = ""  # the metric names looked for, in words


def _quote(value: str) -> str:
    """A PromQL string: JSON's escapes are Go's."""
    return json.dumps(value)


def _selector(metric: str, matchers: list[str]) -> str:
    return f"{metric}{{{', '.join(matchers)}}}" if matchers else metric


def _base(hit: Hit, exclude: tuple[str, ...]) -> list[str]:
    matchers = [f"{label}{value}" for label, value in hit.filters]
    if exclude and hit.service_label:
        # Services an earlier convention already shows: counted once.
        pattern = "|".join(re.escape(service) for service in exclude)
        matchers.append(f"{hit.service_label}!~{_quote(pattern)}")
    return matchers


def _by(hit: Hit, extra: str = "") -> str:
    labels = ", ".join(label for label in (extra, hit.service_label) if label)
    return f"sum by ({labels})" if labels else "sum"


def _legend(hit: Hit) -> str:
    return "{{" + hit.service_label + "}}" if hit.service_label else hit.convention.label


def claimed(hits: tuple[Hit, ...]) -> list[tuple[Hit, tuple[str, ...]]]:
    """Each hit with the services an earlier hit already shows: a service
    seen by two conventions (an app's own metrics and its Istio sidecar's)
    is shown once, by the first."""
    seen: set[str] = set()
    result = []
    for hit in hits:
        overlap = tuple(sorted(seen.intersection(hit.services)))
        seen.update(hit.services)
        result.append((hit, overlap))
    return result


def error_query(hit: Hit, exclude: tuple[str, ...]) -> QuerySpec | None:
    if hit.error is None:
        return None
    base = _base(hit, exclude)
    rate = f"rate({{}}[{RATE_WINDOW}])"
    errors = rate.format(_selector(hit.metric, [*base, f"{hit.error.name}{hit.error.matcher}"]))
    # The zero is only for series that carry the status label: a metric
    # without one must read as no data, never as 0 % errors.
    labelled = rate.format(_selector(hit.metric, [*base, f'{hit.error.name}!=""']))
    everything = rate.format(_selector(hit.metric, base))
    by = _by(hit)
    return QuerySpec(f"({by} ({errors}) or {by} ({labelled}) * 0) / {by} ({everything})",
                     _legend(hit))


def rate_query(hit: Hit, exclude: tuple[str, ...]) -> QuerySpec:
    selector = _selector(hit.metric, _base(hit, exclude))
    return QuerySpec(f"{_by(hit)} (rate({selector}[{RATE_WINDOW}]))", _legend(hit))


def _scaled(expr: str, hit: Hit) -> str:
    scale = unit_scale(hit.bucket or hit.mean, hit.convention)
    return expr if scale == 1.0 else f"({expr}) / {round(1 / scale)}"


def quantile_query(hit: Hit, quantile: float, matchers: list[str], by_service: bool,
                   legend: str) -> QuerySpec:
    by = _by(hit, "le") if by_service else "sum by (le)"
    selector = _selector(hit.bucket, matchers)
    expr = f"histogram_quantile({quantile}, {by} (rate({selector}[{RATE_WINDOW}])))"
    return QuerySpec(_scaled(expr, hit), legend)


def mean_query(hit: Hit, matchers: list[str], by_service: bool, legend: str) -> QuerySpec:
    by = _by(hit) if by_service else "sum"
    total = _selector(hit.mean, matchers)
    count = _selector(hit.metric, matchers)
    expr = (f"{by} (rate({total}[{RATE_WINDOW}])) / {by} (rate({count}[{RATE_WINDOW}]))")
    return QuerySpec(_scaled(expr, hit), legend)


def _read(hits: list[Hit]) -> str:
    return "; ".join(hit.describe for hit in hits)


def _labels(hits: list[Hit]) -> str:
    """The conventions read, for a title: two named, or the first and how
    many more (the no-data line names them all)."""
    labels = list(dict.fromkeys(hit.convention.label for hit in hits))
    if len(labels) > 2:
        return f"{labels[0]} +{len(labels) - 1} more"
    return ", ".join(labels)


def _nothing(pane_id: str, title: str, unit: Unit, thresholds: Thresholds, why: str
             ) -> PaneSpec:
    return PaneSpec(pane_id, title, unit, (), thresholds, source=why)


def _error_pane(pairs: list[tuple[Hit, tuple[str, ...]]], headline: str, tried: str
                ) -> PaneSpec:
    title = "Error ratio (5xx / all)"
    usable = [(hit, exclude) for hit, exclude in pairs if hit.error is not None]
    if not usable:
        why = "; ".join(f"{hit.metric} has no status label (labels: "
                        f"{', '.join(hit.labels) or 'none'})" for hit, _ in pairs)
        return _nothing("error_ratio", title, Unit.RATIO, ERROR_RATIO,
                        why or f"no HTTP request metrics found (tried {tried})")
    queries = tuple(q for hit, exclude in usable if (q := error_query(hit, exclude)))
    hits = [hit for hit, _ in usable]
    return PaneSpec("error_ratio", f"{title} · {_labels(hits)}", Unit.RATIO, queries,
                    ERROR_RATIO, headline=headline, source=_read(hits))


def _latency_pane(pairs: list[tuple[Hit, tuple[str, ...]]], service: str, tried: str
                  ) -> PaneSpec:
    timed = [(hit, exclude) for hit, exclude in pairs if hit.bucket or hit.mean]
    owner = next((hit for hit, _ in timed if service and service in hit.services), None)
    if owner is not None:
        matchers = [*_base(owner, ()), f"{owner.service_label}={_quote(service)}"]
        if owner.bucket:
            queries = tuple(quantile_query(owner, q, matchers, False, f"p{round(q * 100)}")
                            for q in (0.5, 0.95, 0.99))
            headline = "p95"
        else:
            queries = (mean_query(owner, matchers, False, "mean"),)
            headline = "mean"
        return PaneSpec("latency", f"Latency, {service} · {owner.convention.label}",
                        Unit.SECONDS, queries, LATENCY, headline=headline,
                        source=owner.describe)
    if not timed:
        why = ("; ".join(f"{hit.metric}: no latency histogram beside it" for hit, _ in pairs)
               or f"no HTTP request metrics found (tried {tried})")
        return _nothing("latency", "Latency", Unit.SECONDS, LATENCY, why)
    queries = tuple(
        quantile_query(hit, 0.95, _base(hit, exclude), True, _legend(hit)) if hit.bucket
        else mean_query(hit, _base(hit, exclude), True, _legend(hit))
        for hit, exclude in timed)
    hits = [hit for hit, _ in timed]
    what = "p95" if all(hit.bucket for hit in hits) else "p95 or mean"
    return PaneSpec("latency", f"Latency {what} by service · {_labels(hits)}", Unit.SECONDS,
                    queries, LATENCY, source=_read(hits))


def _rate_pane(pairs: list[tuple[Hit, tuple[str, ...]]], headline: str, tried: str
               ) -> PaneSpec:
    if not pairs:
        return _nothing("request_rate", "Request rate", Unit.PER_SECOND, Thresholds(),
                        f"no HTTP request metrics found (tried {tried})")
    hits = [hit for hit, _ in pairs]
    return PaneSpec("request_rate", f"Request rate · {_labels(hits)}", Unit.PER_SECOND,
                    tuple(rate_query(hit, exclude) for hit, exclude in pairs),
                    headline=headline, source=_read(hits))


def detected_panes(detection: Detection, services: tuple[str, ...] = ()
                   ) -> tuple[PaneSpec, ...]:
    """Error ratio and request rate of every service found, the incident's
    first service as headline; the latency quantiles of the first of the
    incident's services that has a histogram, or p95 by service."""
    pairs = claimed(detection.hits)
    found = {service for hit in detection.hits for service in hit.services}
    headline = next((service for service in services if service in found), "")
    latency_service = next(
        (service for service in services
         if any(service in hit.services and (hit.bucket or hit.mean) for hit in detection.hits)),
        "")
    return (_error_pane(pairs, headline, detection.tried),
            _latency_pane(pairs, latency_service, detection.tried),
            _rate_pane(pairs, headline, detection.tried))


def waiting_panes(why: str = "looking for HTTP metrics…") -> tuple[PaneSpec, ...]:
    """The three panes before detection answers (or without a Prometheus to
    ask): titled, with nothing to ask, saying why."""
    return (_nothing("error_ratio", "Error ratio (5xx / all)", Unit.RATIO, ERROR_RATIO, why),
            _nothing("latency", "Latency", Unit.SECONDS, LATENCY, why),
            _nothing("request_rate", "Request rate", Unit.PER_SECOND, Thresholds(), why))


def merged(detected: tuple[PaneSpec, ...], configured: tuple[PaneSpec, ...],
           defaults: bool = True) -> tuple[PaneSpec, ...]:
    """Configured panes add to the detected ones; one with a detected pane's
    id replaces it in place. `defaults` False keeps only the configured."""
    if not defaults:
        return configured
    by_id = {spec.id: spec for spec in configured}
    shown = [by_id.pop(spec.id, spec) for spec in detected]
    return (*shown, *(spec for spec in configured if spec.id in by_id))


def starting_point(detection: Detection, services: tuple[str, ...] = ()) -> PaneSpec | None:
    """A new pane's first query, in the convention found: the request rate
    of the incident's first service that any convention holds (of the first
    convention found otherwise), by status, to edit from there."""
    hit = next((hit for service in services for hit in detection.hits
                if service in hit.services), None)
    if hit is None and detection.hits:
        hit = detection.hits[0]
    if hit is None:
        return None
    service = next((s for s in services if s in hit.services), "")
    matchers = _base(hit, ())
    if service:
        matchers.append(f"{hit.service_label}={_quote(service)}")
    by = hit.error.name if hit.error else hit.service_label
    expr = (f"sum by ({by}) (rate({_selector(hit.metric, matchers)}[{RATE_WINDOW}]))" if by
            else f"sum (rate({_selector(hit.metric, matchers)}[{RATE_WINDOW}]))")
    legend = "{{" + by + "}}" if by else hit.convention.label
    title = f"Requests by status, {service or hit.convention.label}"
    return PaneSpec("", title, Unit.PER_SECOND, (QuerySpec(expr, legend),),
                    source=hit.describe)
