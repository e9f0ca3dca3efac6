"""The rows of the pods pane, drawn through Textual's line API: only the
lines on screen are ever built, so 50k pods cost what 50 do.

Textual's DataTable measures every cell of every row it is given; at 10k
pods its first fill froze the UI for two seconds. Here a column's width is
the widest of its distinct values, and NAME takes what is left."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import attrgetter

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from tui.model.pods import Health, PodRow
from tui.model.timefmt import human_duration, kubectl_age, short_human_duration
from tui.widgets.cursor_grid import CursorGrid

# A symbol as well as a colour, so status reads on a monochrome projector.
HEALTH_MARK = {
    Health.OK: "●",
    Health.PENDING: "◌",
    Health.FAILING: "✖",
    Health.COMPLETED: "✓",
    Health.TERMINATING: "⊘",
}
# Widest a column may grow before its values are cut with "…".
MAX_WIDTH = {"CLUSTER": 20, "NAMESPACE": 24, "NODE": 28, "LAST": 24, "STATUS": 30}
MIN_NAME_WIDTH = 14  # "checkou…-x2k4q": a prefix and the ReplicaSet suffix
# Columns cut (down to 8 cells) to give a long NAME room, in this order.
SHRINK_FIRST = ("NODE", "IP", "QOS", "LAST", "NAMESPACE", "CLUSTER")
GAP = 2
# Never left out for want of room, whatever the order of the columns.
ALWAYS_SHOWN = frozenset({"NAME", "READY", "STATUS"})
# Columns whose header may carry the sort arrow.
SORTABLE = frozenset({"NAME", "STATUS", "RESTARTS", "AGE"})
NAME_TAIL = 6
# How long a row that changed stays highlighted.
HIGHLIGHT_SECONDS = 3.0


def _restarts(row: PodRow, now: datetime, short: bool = False) -> str:
    """`6 (3m10s ago)` as kubectl prints it, or `6 (3m)` where room is short;
    no time without a restart, as kubectl."""
    if row.restarts == 0 or row.last_restart_at is None:
        return str(row.restarts)
    if short:
        return f"{row.restarts} ({short_human_duration(now - row.last_restart_at)})"
    return f"{row.restarts} ({human_duration(now - row.last_restart_at)} ago)"


# Each column's text for a pod; AGE and RESTARTS depend on the time.
CELL: dict[str, Callable[[PodRow, datetime], str]] = {
    "CLUSTER": lambda row, now: row.cluster,
    "NAMESPACE": lambda row, now: row.namespace,
    "NAME": lambda row, now: row.name,
    "READY": lambda row, now: f"{row.ready}/{row.containers}",
    "STATUS": lambda row, now: f"{HEALTH_MARK[row.health]} {row.status}",
    "RESTARTS": _restarts,
    "AGE": lambda row, now: kubectl_age(row.created_at, now),
    "NODE": lambda row, now: row.node,
    "IP": lambda row, now: row.ip,
    "LAST": lambda row, now: row.last_termination,
    "QOS": lambda row, now: row.qos,
}


def _widest(values: Iterable[str]) -> int:
    # len() is the width of ASCII text, and most pod text is ASCII.
    return max((len(value) if value.isascii() else cell_len(value) for value in values),
               default=0)


# Columns whose text is a field as it stands.
PLAIN_FIELD = {"CLUSTER": "cluster", "NAMESPACE": "namespace", "NAME": "name", "NODE": "node",
               "IP": "ip", "QOS": "qos"}


# The widest AGE of a pod younger than two years ("7d23h"); an older pod
# may show "7y364d", and a pod with no time "<unknown>".
AGE_WIDEST = "7d23h"
OLD_AGE_WIDEST = "7y364d"
TWO_YEARS = timedelta(days=2 * 365)


def _age_widths(rows: Sequence[PodRow], now: datetime) -> set[str]:
    """Stand-ins as wide as the AGE column must be: formatting 10k ages
    cost 30 ms, a pass for the oldest and the youngest costs little."""
    created = [row.created_at for row in rows]
    known = [moment for moment in created if moment is not None]
    widths = {AGE_WIDEST}
    if len(known) < len(created):
        widths.add(kubectl_age(None, now))
    if known:
        oldest, youngest = min(known), max(known)
        widths.add(OLD_AGE_WIDEST if now - oldest >= TWO_YEARS else AGE_WIDEST)
        widths.add(kubectl_age(youngest, now))  # "<invalid>" when created in the future
    return widths


def _column_values(column: str, rows: Sequence[PodRow], now: datetime,
                   short_restarts: bool = False) -> set[str]:
    if column in PLAIN_FIELD:
        return set(map(attrgetter(PLAIN_FIELD[column]), rows))
    if column == "AGE":
        return _age_widths(rows, now)
    if column == "RESTARTS":
        restarted = [row for row in rows if row.last_restart_at is not None]
        most = max((row.restarts for row in rows), default=0)
        return {str(most), *(_restarts(row, now, short_restarts) for row in restarted)}
    if column == "READY":
        return {f"{ready}/{containers}"
                for ready, containers in {(row.ready, row.containers) for row in rows}}
    if column == "STATUS":
        return {f"{HEALTH_MARK[health]} {status}"
                for health, status in {(row.health, row.status) for row in rows}}
    cell = CELL[column]
    return {cell(row, now) for row in rows}


def timed_widths(columns: Sequence[str], rows: Sequence[PodRow], now: datetime
                 ) -> tuple[int, ...]:
    """The widths in AGE and RESTARTS (long and short) that change with the
    time alone: where these are equal at two moments, so is the layout of
    the same rows."""
    widths = []
    if "AGE" in columns:
        widths.append(_widest(_age_widths(rows, now)))
    if "RESTARTS" in columns:
        restarted = [row for row in rows if row.last_restart_at is not None]
        widths.append(_widest(_restarts(row, now) for row in restarted))
        widths.append(_widest(_restarts(row, now, short=True) for row in restarted))
    return tuple(widths)


@dataclass(frozen=True)
class GridLayout:
    """How the columns fit the pane: the width of each column shown, in
    order, the gap between them, and whether RESTARTS drops its "ago"."""

    widths: dict[str, int] = field(default_factory=dict)
    gap: int = GAP
    short_restarts: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.widths)

    def cell(self, column: str, row: PodRow, now: datetime) -> str:
        if column == "RESTARTS":
            return _restarts(row, now, self.short_restarts)
        return CELL[column](row, now)


def _header_width(column: str) -> int:
    # One more than the header where a sort arrow may go.
    return len(column) + (column in SORTABLE)


def grid_layout(columns: Sequence[str], rows: Sequence[PodRow], width: int,
                now: datetime) -> GridLayout:
    """Each column as wide as its header or its widest value, capped; NAME
    gets the rest of the line, taken first from where-it-runs columns when
    names do not fit. In a narrow pane, RESTARTS drops its "ago", the gaps
    close to one cell, and then the last columns (the least urgent, in the
    order given) are left out rather than cut off at the edge. Distinct
    values only: 10k pods share a few namespaces, nodes and statuses."""
    def measured(short_restarts: bool) -> dict[str, int]:
        return {column: min(max(_header_width(column), _widest(_column_values(
                    column, rows, now, short_restarts))), MAX_WIDTH.get(column, 40))
                for column in columns if column != "NAME"}

    if "NAME" not in columns:
        return GridLayout(measured(False))
    wanted = max(_widest(_column_values("NAME", rows, now)), _header_width("NAME"))
    kept = list(columns)
    for short_restarts, gap in ((False, GAP), (True, GAP), (True, 1)):
        widths = measured(short_restarts)
        if _name_room(kept, widths, gap, width, wanted) >= MIN_NAME_WIDTH:
            break
    while (_name_room(kept, widths, gap, width, wanted) < MIN_NAME_WIDTH
           and kept[-1] not in ALWAYS_SHOWN):
        kept.pop()
    room = _name_room(kept, widths, gap, width, wanted)
    name_width = max(MIN_NAME_WIDTH, min(room, wanted))
    return GridLayout({column: name_width if column == "NAME" else widths[column]
                       for column in kept}, gap, short_restarts)


def _name_room(kept: list[str], widths: dict[str, int], gap: int, width: int,
               wanted: int) -> int:
    """Cells left for NAME once the other columns are placed, after cutting
    where-it-runs columns (down to 8 cells) towards `wanted`. Shrinks
    `widths` in place."""
    def room() -> int:
        return width - 1 - sum(widths[c] for c in kept if c != "NAME") - gap * (len(kept) - 1)

    for column in SHRINK_FIRST:
        if room() >= wanted:
            break
        if column in kept and column in widths:
            spare = widths[column] - max(_header_width(column), 8)
            widths[column] -= max(0, min(spare, wanted - room()))
    return room()


def fit(text: str, width: int, *, keep_end: int = 0) -> str:
    """Exactly `width` cells: padded, or cut with an ellipsis. `keep_end`
    cells of the end survive the cut: pods of one ReplicaSet differ only in
    their last five characters."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    if width <= 1:
        return set_cell_size("…", width)
    tail = ""
    if keep_end and width > keep_end * 2:
        tail = text[-keep_end:]
        text = text[:-keep_end]
    head = max(0, width - 1 - cell_len(tail))
    return set_cell_size(text, head) + "…" + tail


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
        self.rows, self._now, self._sort_marker = rows, now, sort_marker
        self.columns = columns
        self.column_layout = layout or grid_layout(columns, rows, self._width, now)
        if changed:
            until = time.monotonic() + HIGHLIGHT_SECONDS
            self._highlight_until.update(dict.fromkeys(changed, until))
            self.set_timer(HIGHLIGHT_SECONDS + 0.05, self._expire_highlights)
        if current is not None and (self.follow_pod or self.has_focus):
            key = current.key
            self.cursor = next((index for index, row in enumerate(rows) if row.key == key),
                               self.cursor)
        self._rows_changed()

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
