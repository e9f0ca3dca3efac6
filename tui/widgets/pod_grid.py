"""The rows of the pods pane, drawn through Textual's line API: only the
lines on screen are ever built, so 50k pods cost what 50 do.

Textual's DataTable measures every cell of every row it is given; at 10k
pods its first fill froze the UI for two seconds. Here the columns are
measured once per frame, a column's width the widest of its distinct
values (see tui/widgets/pod_columns.py for which columns fit)."""

from __future__ import annotations

import time
from collections.abc import Collection
from datetime import datetime

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from tui.model.pods import Health, PodRow
from tui.widgets.cursor_grid import CursorGrid
from tui.widgets.pod_columns import CELL as CELL
from tui.widgets.pod_columns import HEALTH_MARK as HEALTH_MARK

# Re-exported: the pane, the pod detail and the tests read them from here.
from tui.widgets.pod_columns import NAME_TAIL, GridLayout, fit, grid_layout

# How long a row that changed stays highlighted.
HIGHLIGHT_SECONDS = 3.0


class PodGrid(CursorGrid):
    COMPONENT_CLASSES = {f"grid--{health.value}" for health in Health} | {"grid--changed"}
    # Colours travel with the widget: any screen that shows pods shows them alike.
    DEFAULT_CSS = """
    PodGrid > .grid--changed { background: $warning 25%; }
    PodGrid > .grid--ok { color: $success; }
    PodGrid > .grid--pending { color: $warning; }
    PodGrid > .grid--failing { color: $error; text-style: bold; }
    PodGrid > .grid--completed { color: $text-muted; }
    PodGrid > .grid--terminating { color: magenta; }
    """
    BINDINGS = [Binding("enter", "activate", "Detail", id="pods.detail"),
                # Not in the footer: the war room's is full (README names it;
                # the pod detail's footer shows it).
                Binding("l", "logs", "Logs", show=False, id="pods.logs")]

    class Selected(Message):
        """Enter on a pod: show its detail."""

        def __init__(self, row: PodRow) -> None:
            super().__init__()
            self.row = row

    class LogsWanted(Message):
        """`l` on a pod (k9s's key): show its logs. The screen reads them."""

        def __init__(self, row: PodRow) -> None:
            super().__init__()
            self.row = row

    def action_logs(self) -> None:
        if self.current is not None:
            self.post_message(self.LogsWanted(self.current))

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[PodRow] = []
        self.columns: tuple[str, ...] = ()
        self.column_layout = GridLayout()
        self._now = datetime.min
        self._sort_marker: tuple[str, str] = ("", "")
        # Pod key → monotonic time its highlight ends.
        self._highlight_until: dict[str, float] = {}
        self.follow_pod = True

    # -- data --------------------------------------------------------------------

    def set_rows(self, rows: list[PodRow], now: datetime, columns: tuple[str, ...],
                 changed: Collection[str] = (),
                 sort_marker: tuple[str, str] = ("", ""),
                 layout: GridLayout | None = None) -> None:
        """Show `rows` in this order; the cursor stays on the pod it was on
        (unless `follow_pod` is off and the grid is not being used: a review
        moving through time keeps its place, worst pods first).
        `layout` may come computed (in a thread, for a big cluster)."""
        current = self.current
        layout = layout or grid_layout(columns, rows, self._width, now)
        # A review's step with no pod changed: the same lines, unless an age
        # on screen moved on.
        same = (rows is self.rows and columns == self.columns and layout == self.column_layout
                and sort_marker == self._sort_marker and not changed
                and self._same_times_shown(layout, now))
        self.rows, self._now, self._sort_marker = rows, now, sort_marker
        self.columns = columns
        self.column_layout = layout
        if same:
            return
        if changed:
            until = time.monotonic() + HIGHLIGHT_SECONDS
            self._highlight_until.update(dict.fromkeys(changed, until))
            self.set_timer(HIGHLIGHT_SECONDS + 0.05, self._expire_highlights)
        if current is not None and (self.follow_pod or self.has_focus):
            key = current.key
            self.cursor = next((index for index, row in enumerate(rows) if row.key == key),
                               self.cursor)
        self._rows_changed()

    def _same_times_shown(self, layout: GridLayout, now: datetime) -> bool:
        """Whether the rows on screen read the same at `now` as they do now."""
        timed = [column for column in layout.columns if column in ("AGE", "RESTARTS")]
        top = self.scroll_offset.y
        return all(layout.cell(column, row, self._now) == layout.cell(column, row, now)
                   for row in self.rows[top:top + self.visible_rows] for column in timed)

    @property
    def current(self) -> PodRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def row_text(self, index: int) -> dict[str, str]:
        """A row as shown, column by column (what a user reads)."""
        row = self.rows[index]
        return {column: self.column_layout.cell(column, row, self._now)
                for column in self.column_layout.columns}

    def _expire_highlights(self) -> None:
        now = time.monotonic()
        self._highlight_until = {key: until for key, until in self._highlight_until.items()
                                 if until > now}
        self.refresh()

    # -- drawing -----------------------------------------------------------------

    def on_resize(self) -> None:
        # CursorGrid.on_resize runs next (Textual calls each class's handler).
        self.column_layout = grid_layout(self.columns, self.rows, self._width, self._now)

    def render_line(self, y: int) -> Strip:
        width = self._width
        base = self.rich_style
        if y == 0:
            return self._header(width, base)
        index = self.scroll_offset.y + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        line_style = base
        if index == self.cursor:
            line_style = base + self._style("cursor")
        elif self._highlight_until.get(row.key, 0.0) > time.monotonic():
            line_style = base + self._style("changed")
        if index == self.cursor:
            # The cursor's own colours: red on an accent bar does not read.
            health = muted = Style()
        else:
            health, muted = self._ink(row.health.value), self._ink("muted")
        segments = [Segment(" ", line_style)]
        layout = self.column_layout
        for position, column in enumerate(layout.columns):
            if position:
                segments.append(Segment(" " * layout.gap, line_style))
            text = fit(layout.cell(column, row, self._now), layout.widths[column],
                       keep_end=NAME_TAIL if column == "NAME" else 0)
            segments.append(Segment(text, line_style + self._cell_style(column, row, health,
                                                                        muted)))
        return Strip(segments).extend_cell_length(width, line_style).crop(0, width)

    @staticmethod
    def _cell_style(column: str, row: PodRow, health: Style, muted: Style) -> Style:
        if column in ("CLUSTER", "NAMESPACE", "NODE", "IP", "QOS"):
            return muted
        if column == "STATUS":
            return health
        if column == "NAME" and row.health is not Health.OK:
            return health
        if column == "READY" and row.ready < row.containers:
            return health
        if column in ("RESTARTS", "LAST") and row.restarts:
            return health
        return Style()

    def _header(self, width: int, base: Style) -> Strip:
        style = base + self._style("header")
        marked, arrow = self._sort_marker
        segments = [Segment(" ", style)]
        layout = self.column_layout
        for position, column in enumerate(layout.columns):
            if position:
                segments.append(Segment(" " * layout.gap, style))
            label = f"{column}{arrow}" if column == marked else column
            segments.append(Segment(fit(label, layout.widths[column]), style))
        return Strip(segments).extend_cell_length(width, style).crop(0, width)

    # -- cursor ------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def activate(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current))
