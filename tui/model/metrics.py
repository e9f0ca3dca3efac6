"""Metric panes: what to plot, the series a source returns, and threshold rules."""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from tui.model.timefmt import clock_utc


class Unit(StrEnum):
    RATIO = "ratio"
    PERCENT = "percent"  # values already in 0–100
    SECONDS = "seconds"
    MILLISECONDS = "ms"
    BYTES = "bytes"
    COUNT = "count"
    PER_SECOND = "per-second"


# The short names people write in a config, as Grafana and the metric names
# themselves spell them.
UNIT_ALIASES = {"s": Unit.SECONDS, "sec": Unit.SECONDS, "milliseconds": Unit.MILLISECONDS,
                "%": Unit.PERCENT, "/s": Unit.PER_SECOND, "rps": Unit.PER_SECOND,
                "b": Unit.BYTES, "byte": Unit.BYTES}


def unit_named(name: str) -> Unit | None:
    """The unit a config or a pane editor names, or None when unknown."""
    text = name.strip()
    try:
        return Unit(text)
    except ValueError:
        return UNIT_ALIASES.get(text.lower())


class Level(StrEnum):
    OK = "ok"
    WARNING = "warning"
    CRITICAL = "critical"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Thresholds:
    """Values at or above `warning` / `critical` are bad (higher is worse)."""

    warning: float | None = None
    critical: float | None = None

    def level(self, value: float | None) -> Level:
        if value is None or math.isnan(value):
            return Level.UNKNOWN
        if self.critical is not None and value >= self.critical:
            return Level.CRITICAL
        if self.warning is not None and value >= self.warning:
            return Level.WARNING
        return Level.OK


@dataclass(frozen=True)
class QuerySpec:
    """One PromQL expression of a pane; `legend` names its series when the
    result carries no distinguishing label (e.g. "p95")."""

    expr: str
    legend: str = ""


@dataclass(frozen=True)
class PaneSpec:
    id: str
    title: str
    unit: Unit
    queries: tuple[QuerySpec, ...]
    thresholds: Thresholds = field(default_factory=Thresholds)
    # The series whose latest value decides the pane's colour (e.g. "p95");
    # empty means the worst series.
    headline: str = ""
    # What was read, in words ("OpenTelemetry HTTP: http_server_… by job"),
    # for panes Warroom built itself: said when they find no series.
    source: str = ""


@dataclass(frozen=True)
class Series:
    name: str
    labels: tuple[tuple[str, str], ...]
    timestamps: tuple[float, ...]  # epoch seconds
    values: tuple[float, ...]

    @property
    def latest(self) -> float | None:
        return self.values[-1] if self.values else None


@dataclass(frozen=True)
class MetricSnapshot:
    pane_id: str
    series: tuple[Series, ...]
    as_of: datetime
    window_seconds: int
    warnings: tuple[str, ...] = ()
    # The query step; the range starts up to one step before the window.
    step_seconds: int = 0

    def until(self, moment: datetime) -> MetricSnapshot:
        """The snapshot as it stood at `moment`: each series cut there, so
        that `latest` is the value then (a review's cursor)."""
        cut = moment.timestamp()
        series = []
        for one in self.series:
            count = bisect_right(one.timestamps, cut)
            series.append(Series(one.name, one.labels, one.timestamps[:count],
                                 one.values[:count]))
        return replace(self, series=tuple(series), as_of=moment)

    def headline_series(self, spec: PaneSpec) -> Series | None:
        if spec.headline:
            for series in self.series:
                if series.name == spec.headline:
                    return series
        candidates = [s for s in self.series if s.latest is not None]
        return max(candidates, key=lambda s: s.latest or 0.0, default=None)


def format_value(value: float | None, unit: Unit) -> str:
    if value is None or math.isnan(value):
        return "–"
    if unit is Unit.PERCENT:
        value /= 100
        unit = Unit.RATIO
    if unit is Unit.RATIO:
        percent = value * 100
        return f"{percent:.1f}%" if percent < 10 else f"{percent:.0f}%"
    if unit is Unit.MILLISECONDS:
        value /= 1000
        unit = Unit.SECONDS
    if unit is Unit.SECONDS:
        if value < 1:
            return f"{value * 1000:.0f}ms"
        return f"{value:.2f}s"
    if unit is Unit.BYTES:
        for suffix in ("B", "KiB", "MiB", "GiB"):
            if abs(value) < 1024:
                return f"{value:.0f}{suffix}" if suffix == "B" else f"{value:.1f}{suffix}"
            value /= 1024
        return f"{value:.1f}TiB"
    if unit is Unit.PER_SECOND:
        return f"{value:.1f}/s" if value < 100 else f"{value:.0f}/s"
    return f"{value:.0f}" if value == int(value) else f"{value:.2f}"


def pin_text(spec: PaneSpec, snapshot: MetricSnapshot, limit: int = 6) -> str:
    """A timeline line that freezes what a pane shows: each series' latest
    value (worst first), the level, the time and the queries."""
    ranked = sorted(
        (s for s in snapshot.series if s.latest is not None and not math.isnan(s.latest)),
        key=lambda s: -(s.latest or 0.0),
    )
    headline = snapshot.headline_series(spec)
    level = spec.thresholds.level(headline.latest if headline else None)
    values = ", ".join(f"{s.name} {format_value(s.latest, spec.unit)}" for s in ranked[:limit])
    if len(ranked) > limit:
        values += f", +{len(ranked) - limit} more"
    queries = " ; ".join(query.expr for query in spec.queries)
    return (f"{spec.title}: {values or 'no data'} [{level.value}] "
            f"as of {clock_utc(snapshot.as_of)} · {queries}")
