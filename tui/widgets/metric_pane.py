"""A metric pane: headline value with its threshold level, the chart and a legend."""

from __future__ import annotations

import math
from datetime import datetime

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from tui.model.metrics import Level, MetricSnapshot, PaneSpec, Series, format_value
from tui.model.pane_state import PaneState
from tui.model.safe_text import printable
from tui.model.timefmt import clock_utc, format_window
from tui.widgets.fixed_line import update_line
from tui.widgets.inert import inert
from tui.widgets.line_chart import SERIES_CLASSES, LineChart

LEGEND_SIZE = 4
# Words and symbols as well as colour, so the level reads without colour.
LEVEL_MARK = {
    Level.OK: "● OK",
    Level.WARNING: "▲ WARNING",
    Level.CRITICAL: "✖ CRITICAL",
    Level.UNKNOWN: "? NO DATA",
}


class MetricPane(Vertical):
    # Focusable so that `p` knows which pane to pin, `e` which to edit.
    can_focus = True
    BINDINGS = [
        Binding("e", "screen.edit_pane", "Edit pane"),
        Binding("x", "screen.remove_pane", "Remove pane"),
    ]
    COMPONENT_CLASSES = {
        "metric-pane--ok",
        "metric-pane--warning",
        "metric-pane--critical",
        "metric-pane--unknown",
        "metric-pane--muted",
    }
    DEFAULT_CSS = """
    MetricPane {
        border: round $primary 50%;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
    }
    MetricPane.-warning { border: round $warning; }
    MetricPane.-critical { border: round $error; }
    MetricPane:focus { border: double $accent; }
    MetricPane.-stale LineChart { opacity: 60%; }
    MetricPane > .metric-pane--ok { color: $success; text-style: bold; }
    MetricPane > .metric-pane--warning { color: $warning; text-style: bold; }
    MetricPane > .metric-pane--critical { color: $error; text-style: bold; }
    MetricPane > .metric-pane--unknown { color: $text-muted; }
    MetricPane > .metric-pane--muted { color: $text-muted; }
    """

    def __init__(self, spec: PaneSpec, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="metric-pane")
        self.spec = spec
        self.border_title = inert(spec.title)
        self.snapshot: MetricSnapshot | None = None

    def set_spec(self, spec: PaneSpec) -> None:
        """The pane was edited: new title, thresholds or queries; the old
        data no longer applies."""
        self.spec = spec
        self.border_title = inert(spec.title)
        self.snapshot = None
        chart = self.query_one(LineChart)
        chart.spec, chart.series, chart.end = spec, (), None
        chart.refresh()
        self.query_one(".metric-stats", Static).update(self._waiting())
        for part in self.query(".metric-legend, .metric-problem").results(Static):
            part.update("")
        self.remove_class("-ok", "-warning", "-critical", "-stale")

    def _waiting(self) -> Text:
        """What the pane says before its first data. A pane with nothing to
        ask says so here, and why in the chart's room."""
        if self.spec.queries:
            return Text("waiting for data…")
        looking = self.spec.source.endswith("…")
        return Text("looking for HTTP metrics…" if looking else "nothing to chart",
                    style=self._style("unknown") if self.is_mounted else "")

    def compose(self) -> ComposeResult:
        yield Static(self._waiting(), classes="metric-stats")
        yield LineChart(self.spec)
        yield Static("", classes="metric-legend")
        yield Static("", classes="metric-problem")

    def chart_points(self) -> int:
        """How many samples the chart can draw: two braille dots per cell."""
        return max(10, (self.query_one(LineChart).size.width - 6) * 2)

    def show_feed(self, data: MetricSnapshot, now: datetime) -> None:
        self.show_state(PaneState(data=data))

    def show_stale(self, error: str, since: datetime) -> None:
        """The last snapshot stays; a line says since when it is stale and why."""
        self.show_state(PaneState(data=self.snapshot, error=error, stale_since=since))

    def show_state(self, state: PaneState) -> None:
        """Last good data, and if the last refresh failed, since when and why."""
        if state.snapshot is not None:
            self.show(state.snapshot)
        self.set_class(state.stale, "-stale")
        warning = self._style("warning")
        message: Text | None = None
        if state.stale and state.stale_since is not None:
            message = Text(f"⚠ stale since {clock_utc(state.stale_since)} · "
                           f"{printable(state.error)}", style=warning)
            if state.snapshot is None:
                update_line(self.query_one(".metric-stats", Static),
                            Text("no data yet", style=self._style("unknown")))
            self.border_subtitle = f"stale since {clock_utc(state.stale_since)}"
        elif state.snapshot is not None and state.snapshot.warnings:
            message = Text("⚠ " + " · ".join(state.snapshot.warnings),
                           style=warning)
        problem = self.query_one(".metric-problem", Static)
        if message is not None:
            message.no_wrap, message.overflow = True, "ellipsis"
            # Each failed refresh says it again: the screen is laid out
            # only if the words changed (a hanging source failed every 3 s).
            update_line(problem, message)
        problem.display = message is not None

    def show(self, snapshot: MetricSnapshot, cursor: datetime | None = None) -> None:
        """The snapshot. With `cursor` (a review's moment) the whole span is
        drawn with a line at that moment, and the values, level and legend
        are those of the moment."""
        self.snapshot = snapshot
        ordered = self._legend_order(snapshot)
        self.query_one(LineChart).show(tuple(ordered[:LEGEND_SIZE]), snapshot.as_of,
                                       snapshot.window_seconds, cursor)
        current = snapshot.until(cursor) if cursor is not None else snapshot
        # The legend keeps its order as the cursor moves; its values follow.
        then = {id(whole): cut for whole, cut in zip(snapshot.series, current.series,
                                                     strict=True)}
        update_line(self.query_one(".metric-stats", Static), self._stats(current))
        update_line(self.query_one(".metric-legend", Static),
                    self._legend([then[id(series)] for series in ordered]))
        self.border_subtitle = (f"at {clock_utc(cursor)}" if cursor is not None
                                else f"as of {clock_utc(snapshot.as_of)}")
        headline = current.headline_series(self.spec)
        level = self.spec.thresholds.level(headline.latest if headline else None)
        for candidate in Level:
            self.set_class(candidate is level, f"-{candidate.value}")

    def _legend_order(self, snapshot: MetricSnapshot) -> list[Series]:
        """Headline first, then the worst (highest latest value)."""
        headline = snapshot.headline_series(self.spec)

        def rank(series: Series) -> tuple[bool, float]:
            latest = series.latest
            return (series is not headline,
                    -(latest if latest is not None and not math.isnan(latest) else -1.0))

        return sorted(snapshot.series, key=rank)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"metric-pane--{name}")

    def _stats(self, snapshot: MetricSnapshot) -> Text:
        headline = snapshot.headline_series(self.spec)
        if headline is None:
            text = Text("no series in range", style=self._style("unknown"))
            if self.spec.source:
                text.append(f" · read {printable(self.spec.source)}")
            return text
        unit = self.spec.unit
        level = self.spec.thresholds.level(headline.latest)
        finite = [v for v in headline.values if not math.isnan(v)]
        text = Text()
        text.append(f"{printable(headline.name)} ", style="bold")
        text.append(format_value(headline.latest, unit), style="bold")
        text.append(f"  {LEVEL_MARK[level]}", style=self._style(level.value))
        if finite:
            window = format_window(snapshot.window_seconds)
            text.append(f"   {window} min {format_value(min(finite), unit)}"
                        f" max {format_value(max(finite), unit)}",
                        style=self._style("muted"))
        limits = self.spec.thresholds
        if limits.critical is not None:
            text.append(f"   crit ≥ {format_value(limits.critical, unit)}",
                        style=self._style("muted"))
        return text

    def _legend(self, ordered: list[Series]) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        chart = self.query_one(LineChart)
        for index, series in enumerate(ordered[:LEGEND_SIZE]):
            style = chart.get_component_rich_style(SERIES_CLASSES[index])
            text.append("━ ", style=style)
            text.append(f"{printable(series.name)} {format_value(series.latest, self.spec.unit)}  ")
        if len(ordered) > LEGEND_SIZE:
            text.append(f"+{len(ordered) - LEGEND_SIZE} others", style=self._style("muted"))
        return text
