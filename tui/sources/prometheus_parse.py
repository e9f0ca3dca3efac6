"""Parse Prometheus HTTP API responses (also spoken by Thanos, Mimir and
VictoriaMetrics) into model series."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Any

from tui.model.alerts import Alert
from tui.model.metrics import Series
from tui.model.safe_text import printable
from tui.sources import SourceError

# A chart draws at most 1000 points (prometheus.MAX_POINTS); a server that
# sends more is cut to the newest, so a refresh stores a bounded amount.
MAX_SAMPLES = 1000
_LEGEND_FIELD = re.compile(r"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}")


def _number(text: Any) -> float:
    try:
        return float(text)  # Prometheus sends "NaN", "+Inf", "-Inf" as strings too
    except (TypeError, ValueError) as error:
        raise SourceError(f"malformed sample value {text!r}") from error


def as_object(raw: Any) -> dict[Any, Any]:
    """A JSON value that should be an object; of another shape it reads as
    an empty one (a field missing from it, not an error)."""
    return raw if isinstance(raw, dict) else {}


def series_name(labels: dict[str, str], legend: str) -> str:
    """Grafana-style legends: "{{service}}" takes the label's value; a plain
    legend is used as is; no legend lists the labels."""
    if legend:
        return _LEGEND_FIELD.sub(lambda m: labels.get(m.group(1), ""), legend)
    shown = {k: v for k, v in labels.items() if k != "__name__"}
    if not shown:
        return labels.get("__name__", "value")
    return ",".join(f"{k}={v}" for k, v in sorted(shown.items()))


def _latest(item: Any) -> float:
    """The last sample of a raw result entry, cheaply: what ranks entries
    when there are more than a pane keeps. Odd entries rank last (they are
    checked properly if kept)."""
    try:
        samples = item.get("values") or [item.get("value")]
        value = float(samples[-1][1])
    except (AttributeError, IndexError, KeyError, TypeError, ValueError):
        return -math.inf
    return value if math.isfinite(value) else -math.inf


def parse_matrix(payload: Any, legend: str = "", limit: int | None = None
                 ) -> tuple[tuple[Series, ...], tuple[str, ...]]:
    """A `query_range` response → (series, warnings). Raises SourceError with
    Prometheus's own error text when the response is an error or malformed.
    With `limit`, only that many series are read, those of the highest last
    value (the worst, for error ratios and latencies), and a warning says
    how many were left out; each keeps at most MAX_SAMPLES samples."""
    if not isinstance(payload, dict):
        raise SourceError("response is not a JSON object")
    if payload.get("status") != "success":
        kind = printable(str(payload.get("errorType", "error")))
        raise SourceError(f"Prometheus {kind}: {printable(str(payload.get('error', 'no detail')))}")
    data = payload.get("data")
    if not isinstance(data, dict) or data.get("resultType") not in ("matrix", "vector"):
        raise SourceError("response has no matrix or vector result")
    raw_warnings = payload.get("warnings") or []
    if not isinstance(raw_warnings, list):
        raw_warnings = [raw_warnings]
    warnings = tuple(printable(str(w)) for w in raw_warnings)
    results = data.get("result") or []
    if not isinstance(results, list):
        raise SourceError("response result is not a list")
    if limit is not None and len(results) > limit:
        warnings += (f"showing {limit} of {len(results)} series (the highest); "
                     "narrow the query to see the others",)
        results = sorted(results, key=_latest, reverse=True)[:limit]
    series: list[Series] = []
    for item in results:
        if not isinstance(item, dict) or not isinstance(item.get("metric") or {}, dict):
            raise SourceError("malformed result entry")
        raw_labels = item.get("metric") or {}
        labels = {printable(str(k)): printable(str(v)) for k, v in raw_labels.items()}
        samples = item.get("values")
        if samples is None and "value" in item:
            samples = [item["value"]]
        if not isinstance(samples, list):
            raise SourceError("result entry has no samples")
        # More than was asked for (a server ignoring the step): the newest.
        samples = samples[-MAX_SAMPLES:]
        timestamps: list[float] = []
        values: list[float] = []
        for sample in samples:
            if not isinstance(sample, list | tuple) or len(sample) != 2:
                raise SourceError("malformed sample")
            value = _number(sample[1])
            timestamps.append(_number(sample[0]))
            values.append(value if math.isfinite(value) else math.nan)
        series.append(
            Series(
                name=series_name(labels, legend),
                labels=tuple(sorted(labels.items())),
                timestamps=tuple(timestamps),
                values=tuple(values),
            )
        )
    return tuple(series), warnings


def parse_scalar(payload: Any) -> float | None:
    """An instant query that sums to one sample → its value; None when
    nothing matched (an empty vector) or the value is not finite."""
    series, _ = parse_matrix(payload)
    if not series:
        return None
    if len(series) > 1:
        raise SourceError(f"expected one series, got {len(series)}: sum the query")
    values = series[0].values
    if not values or not math.isfinite(values[-1]):
        return None
    return values[-1]


def parse_alerts(payload: Any) -> tuple[Alert, ...]:
    """An `/api/v1/alerts` response → alerts, with outside text made safe."""
    data = payload.get("data") if isinstance(payload, dict) else None
    raw_alerts = data.get("alerts") if isinstance(data, dict) else None
    if not isinstance(raw_alerts, list):
        raise SourceError("alerts response has no alert list")
    alerts = []
    for raw in raw_alerts:
        if not isinstance(raw, dict):
            raise SourceError("malformed alert entry")
        # Labels and annotations of another shape read as none.
        labels = {printable(str(k)): printable(str(v))
                  for k, v in as_object(raw.get("labels")).items()}
        annotations = as_object(raw.get("annotations"))
        since = None
        if raw.get("activeAt"):
            try:
                since = parse_rfc3339(str(raw["activeAt"]))
            except ValueError:
                since = None
        alerts.append(Alert(
            name=labels.get("alertname", "?"),
            severity=labels.get("severity", ""),
            state=printable(str(raw.get("state", ""))),
            since=since,
            summary=printable(str(annotations.get("summary") or annotations.get("description")
                                  or "")),
            labels=tuple(sorted(labels.items())),
        ))
    return tuple(alerts)


def parse_rfc3339(text: str) -> datetime:
    """Go writes nanoseconds ("…43.537447433Z"); Python takes microseconds."""
    match = re.fullmatch(r"(.+?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)", text)
    if not match:
        raise ValueError(text)
    base, fraction, zone = match.groups()
    fraction = (fraction or "0")[:6].ljust(6, "0")
    zone = "+00:00" if zone == "Z" else zone
    return datetime.fromisoformat(f"{base}.{fraction}{zone}").astimezone(UTC)
