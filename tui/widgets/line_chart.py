"""A time-series chart of a pane's series with threshold lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tui.model.metrics import PaneSpec, Series, format_value
from tui.model.safe_text import printable
from tui.widgets.braille import Canvas, bridged, nice_ceiling, plot, resample, sampling_gap

AXIS_WIDTH = 7
SERIES_CLASSES = tuple(f"line-chart--series-{n}" for n in range(4))


@dataclass(frozen=True)
class _Plot:
    """A chart drawn without its cursor, and how to draw the cursor over it."""

    key: tuple[object, ...]
    rows: list[Text]
    prefixes: list[int]  # the value axis' length, on each row
    canvas: Canvas
    inks: list[Style]  # by series, as drawn on the canvas
    cursor: Style
    axis: Style
    start: float
    end: float

    def crossed(self, row: int, col: int) -> Text:
        """The row with the cursor's line at `col`. Where nothing is drawn
        it is a line; a series crossing it shows through, reversed, so its
        value there is seen."""
        line, at = self.rows[row], self.prefixes[row] + col
        owner = self.canvas.owner[row][col]
        if owner >= 0:
            cell = Text(self.canvas.char(row, col), style=self.inks[owner] + Style(reverse=True))
        else:
            cell = Text("│", style=self.cursor)
        return Text.assemble(line[:at], cell, line[at + 1:])


class LineChart(Widget):
    """Draws series over [end - window, end]; the first series is drawn last,
    on top, so the headline series stays visible."""

    COMPONENT_CLASSES = {
        *SERIES_CLASSES,
        "line-chart--axis",
        "line-chart--warning",
        "line-chart--critical",
        "line-chart--cursor",
    }

    DEFAULT_CSS = """
    LineChart { height: 1fr; min-height: 4; }
    LineChart > .line-chart--axis { color: $text-muted; }
    LineChart > .line-chart--warning { color: $warning 70%; }
    LineChart > .line-chart--critical { color: $error 80%; }
    LineChart > .line-chart--series-0 { color: $accent; }
    LineChart > .line-chart--series-1 { color: $secondary; }
    LineChart > .line-chart--series-2 { color: $primary-lighten-2; }
    LineChart > .line-chart--series-3 { color: $foreground 70%; }
    LineChart > .line-chart--cursor { color: $foreground; text-style: bold; }
    """

    def __init__(self, spec: PaneSpec, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.spec = spec
        self.series: tuple[Series, ...] = ()
        self.end: datetime | None = None
        self.window_seconds = 3600
        # A review's moment: a vertical line across the chart.
        self.cursor: datetime | None = None
        # The chart without its cursor, as last drawn: a review's step
        # moves the line over it.
        self._plot: _Plot | None = None

    def show(self, series: tuple[Series, ...], end: datetime, window_seconds: int,
             cursor: datetime | None = None) -> None:
        width = max(1, self.size.width - AXIS_WIDTH)
        unchanged = (series == self.series and end == self.end
                     and window_seconds == self.window_seconds)
        before = self.cursor_column(width)
        self.series, self.end, self.window_seconds = series, end, window_seconds
        self.cursor = cursor
        if unchanged and self.cursor_column(width) == before:
            return  # a review's step within the same column: nothing to draw
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._plot = None  # drawn in the old colours

    def cursor_column(self, width: int) -> int | None:
        """The column the cursor falls in, if it is inside the window."""
        if self.cursor is None or self.end is None:
            return None
        end = self.end.timestamp()
        start = end - self.window_seconds
        at = self.cursor.timestamp()
        if not start <= at <= end or end <= start:
            return None
        return min(width - 1, int((at - start) / (end - start) * width))

    def render(self) -> Text:
        width = max(1, self.size.width - AXIS_WIDTH)
        height = max(1, self.size.height - 1)
        if self.end is None:
            muted = self.get_component_rich_style("line-chart--axis")
            # A pane with nothing to ask says why here, where there is room
            # for the whole of it (which metrics and labels were tried).
            why = printable(self.spec.source) if not self.spec.queries else ""
            return Text(why or "waiting for data…", style=muted)
        key = (self.series, self.end, self.window_seconds, width, height, self.spec)
        if self._plot is None or self._plot.key != key:
            self._plot = self._draw(key, width, height)
        plot = self._plot
        cursor_col = self.cursor_column(width)
        if cursor_col is None:
            lines = list(plot.rows)
        else:
            lines = [plot.crossed(row, cursor_col) for row in range(height)]
        lines.append(self._time_axis(plot.start, plot.end, width, plot.axis, cursor_col))
        return Text("\n").join(lines)

    def _draw(self, key: tuple[object, ...], width: int, height: int) -> _Plot:
        """The series, thresholds and value axis, without the cursor."""
        assert self.end is not None
        end = self.end.timestamp()
        start = end - self.window_seconds
        pixels = width * 2
        columns = [bridged(resample(s.timestamps, s.values, start, end, pixels),
                           int(sampling_gap(s.timestamps) * pixels / max(end - start, 1.0)))
                   for s in self.series]
        observed = [v for col in columns for v in col if v is not None]
        thresholds = [t for t in (self.spec.thresholds.warning, self.spec.thresholds.critical) if t]
        # Keep the critical line in view: how far from it we are is the point.
        y_max = nice_ceiling(max([*observed, *thresholds, 0.0]) * 1.05)
        canvas = plot(list(reversed(columns)), width, height, y_max)
        styles = [self.get_component_rich_style(c) for c in SERIES_CLASSES]
        axis = self.get_component_rich_style("line-chart--axis")
        threshold_rows = {}
        for value, name in ((self.spec.thresholds.warning, "warning"),
                            (self.spec.thresholds.critical, "critical")):
            if value:
                row = height - 1 - int(value / y_max * (height * 4 - 1)) // 4
                threshold_rows[row] = self.get_component_rich_style(f"line-chart--{name}")
        count = len(self.series)
        # Series were drawn reversed: map back to the legend order.
        inks = [styles[(count - 1 - owner) % 4] for owner in range(count)]
        rows, prefixes = [], []
        for row in range(height):
            if row == 0:
                label = format_value(y_max, self.spec.unit)
            elif row == height - 1:
                label = "0"
            elif row == height // 2 and height > 4:
                label = format_value(y_max * (height - 1 - row + 0.5) / height, self.spec.unit)
            else:
                label = ""
            prefix = f"{label:>{AXIS_WIDTH - 1}}┤"
            line = Text()
            line.append(prefix, style=axis)
            owners = canvas.owner[row]
            blank = ("┄", threshold_rows[row]) if row in threshold_rows else (" ", None)
            # One span per cell, as the snapshots were drawn.
            for col in range(width):
                owner = owners[col]
                if owner >= 0:
                    line.append(canvas.char(row, col), style=inks[owner])
                else:
                    line.append(*blank)
            rows.append(line)
            prefixes.append(len(prefix))
        return _Plot(key, rows, prefixes, canvas, inks,
                     self.get_component_rich_style("line-chart--cursor"), axis, start, end)

    @staticmethod
    def _time_axis(start: float, end: float, width: int, style: Style,
                   cursor_col: int | None = None) -> Text:
        def hhmm(ts: float) -> str:
            return datetime.fromtimestamp(ts, UTC).strftime("%H:%M")

        left, middle, right = hhmm(start), hhmm((start + end) / 2), hhmm(end) + "Z"
        row = [" "] * width
        for position, label in ((0, left), ((width - len(middle)) // 2, middle),
                                (width - len(right), right)):
            if width >= 3 * len(right) + 2 or label != middle:
                for offset, char in enumerate(label):
                    if 0 <= position + offset < width:
                        row[position + offset] = char
        # Under the cursor, unless a time is written there: the line above
        # shows where it is, and a garbled time helps nobody.
        if cursor_col is not None and row[cursor_col] == " ":
            row[cursor_col] = "▲"
        return Text(" " * AXIS_WIDTH + "".join(row), style=style)
