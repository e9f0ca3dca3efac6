"""Parse Prometheus HTTP API responses (also spoken by Thanos, Mimir and
VictoriaMetrics) into model series."""

from __future__ import annotations

import math
import re
from typing import Any

from tui.model.metrics import Series
from tui.model.safe_text import printable
from tui.sources import SourceError

_LEGEND_FIELD = re.compile(r"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}")


def _number(text: Any) -> float:
    try:
        return float(text)  # Prometheus sends "NaN", "+Inf", "-Inf" as strings too
    except (TypeError, ValueError) as error:
        raise SourceError(f"malformed sample value {text!r}") from error


def series_name(labels: dict[str, str], legend: str) -> str:
    """Grafana-style legends: "{{service}}" takes the label's value; a plain
    legend is used as is; no legend lists the labels."""
    if legend:
        return _LEGEND_FIELD.sub(lambda m: labels.get(m.group(1), ""), legend)
    shown = {k: v for k, v in labels.items() if k != "__name__"}
    if not shown:
        return labels.get("__name__", "value")
    return ",".join(f"{k}={v}" for k, v in sorted(shown.items()))


def parse_matrix(payload: Any, legend: str = "") -> tuple[tuple[Series, ...], tuple[str, ...]]:
    """A `query_range` response → (series, warnings). Raises SourceError with
    Prometheus's own error text when the response is an error or malformed."""
    if not isinstance(payload, dict):
        raise SourceError("response is not a JSON object")
    if payload.get("status") != "success":
        kind = payload.get("errorType", "error")
        raise SourceError(f"Prometheus {kind}: {printable(str(payload.get('error', 'no detail')))}")
    data = payload.get("data")
    if not isinstance(data, dict) or data.get("resultType") not in ("matrix", "vector"):
        raise SourceError("response has no matrix or vector result")
    warnings = tuple(printable(str(w)) for w in payload.get("warnings", ()) or ())
    series: list[Series] = []
    for item in data.get("result") or ():
        if not isinstance(item, dict):
            raise SourceError("malformed result entry")
        raw_labels = item.get("metric") or {}
        labels = {printable(str(k)): printable(str(v)) for k, v in raw_labels.items()}
        samples = item.get("values")
        if samples is None and "value" in item:
            samples = [item["value"]]
        if not isinstance(samples, list):
            raise SourceError("result entry has no samples")
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
