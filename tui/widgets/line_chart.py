"""A time-series chart of a pane's series with threshold lines."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tui.model.metrics import PaneSpec, Series, format_value
from tui.model.safe_text import printable
from tui.widgets.braille import nice_ceiling, plot, resample

AXIS_WIDTH = 7
SERIES_CLASSES = tuple(f"line-chart--series-{n}" for n in range(4))


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

    def show(self, series: tuple[Series, ...], end: datetime, window_seconds: int,
             cursor: datetime | None = None) -> None:
        self.series, self.end, self.window_seconds = series, end, window_seconds
        self.cursor = cursor
        self.refresh()

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
        end = self.end.timestamp()
        start = end - self.window_seconds
        columns = [resample(s.timestamps, s.values, start, end, width * 2) for s in self.series]
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
        cursor_col = self.cursor_column(width)
        cursor = self.get_component_rich_style("line-chart--cursor")
        lines = []
        for row in range(height):
            line = Text()
            if row == 0:
                label = format_value(y_max, self.spec.unit)
            elif row == height - 1:
                label = "0"
            elif row == height // 2 and height > 4:
                label = format_value(y_max * (height - 1 - row + 0.5) / height, self.spec.unit)
            else:
                label = ""
            line.append(f"{label:>{AXIS_WIDTH - 1}}┤", style=axis)
            for col in range(width):
                owner = canvas.owner[row][col]
                if col == cursor_col:
                    # The line where nothing is drawn; a series crossing it
                    # shows through, reversed, so its value there is seen.
                    if owner >= 0:
                        line.append(canvas.char(row, col),
                                    style=styles[(count - 1 - owner) % 4] + Style(reverse=True))
                    else:
                        line.append("│", style=cursor)
                elif owner >= 0:
                    # Series were drawn reversed: map back to the legend order.
                    line.append(canvas.char(row, col), style=styles[(count - 1 - owner) % 4])
                elif row in threshold_rows:
                    line.append("┄", style=threshold_rows[row])
                else:
                    line.append(" ")
            lines.append(line)
        lines.append(self._time_axis(start, end, width, axis, cursor_col))
        return Text("\n").join(lines)

    @staticmethod
    def _time_axis(start: float, end: float, width: int, style: object,
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
        return Text(" " * AXIS_WIDTH + "".join(row), style=style)  # type: ignore[arg-type]
