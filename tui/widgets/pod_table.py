"""The pods pane: `kubectl get pods` columns, coloured by health, updated by diff."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from tui.model.pods import Health, PodRow, PodSnapshot, summarize
from tui.model.timefmt import clock_utc, format_age

COLUMNS = ("NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE", "NODE")
# Narrow panes lead with what triage needs; where the pod runs comes last.
COMPACT_COLUMNS = ("NAME", "READY", "STATUS", "RESTARTS", "AGE", "NAMESPACE", "NODE")
COMPACT_BELOW = 110
# Rows added per frame: each costs a measure of all its cells.
ADD_PER_FRAME = 2000
# A symbol as well as a colour, so status reads on a monochrome projector.
HEALTH_MARK = {
    Health.OK: "●",
    Health.PENDING: "◌",
    Health.FAILING: "✖",
    Health.COMPLETED: "✓",
    Health.TERMINATING: "⊘",
}
# Worst first, as k9s users triage.
HEALTH_ORDER = {Health.FAILING: 0, Health.PENDING: 1, Health.TERMINATING: 2, Health.OK: 3,
                Health.COMPLETED: 4}


class PodTable(Vertical):
    COMPONENT_CLASSES = {f"pod-table--{health.value}" for health in Health} | {
        "pod-table--muted"
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Pods"
        self._rows: dict[str, tuple[Text, ...]] = {}
        self._columns: tuple[str, ...] = COLUMNS
        self._layout: tuple[tuple[str, ...], int | None] = (COLUMNS, None)
        self._last: tuple[PodSnapshot, datetime] | None = None
        # Each pod's cells, with the ages they were built for.
        self._cell_cache: dict[PodRow, tuple[tuple[str, str], tuple[Text, ...]]] = {}

    def compose(self) -> ComposeResult:
        yield Static("syncing…", classes="pod-summary")
        yield Static("", classes="pod-problem")
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=False)
        for column in self._columns:
            table.add_column(column, key=column)
        yield table

    def on_mount(self) -> None:
        self.query_one(".pod-problem").display = False

    def on_resize(self) -> None:
        self._relayout()

    def _relayout(self) -> None:
        compact = self.size.width < COMPACT_BELOW
        several = self._last is not None and len(self._last[0].clusters) > 1
        # Compact: crop NAME so READY, STATUS, RESTARTS and AGE stay in view.
        name_width = max(16, self.size.width - 48 - (12 if several else 0)) if compact else None
        columns = COMPACT_COLUMNS if compact else COLUMNS
        if several:
            columns = ("CLUSTER", *columns)
        layout = (columns, name_width)
        if layout != self._layout:
            self._layout = layout
            self._columns = layout[0]
            table = self.query_one(DataTable)
            table.clear(columns=True)
            for column in self._columns:
                table.add_column(column, key=column,
                                 width=name_width if column == "NAME" else None)
            self._rows = {}
            self._cell_cache = {}
            if self._last is not None:
                self.show(*self._last)

    def show_absent(self, reason: str) -> None:
        """No pods source at all: say so, rather than "syncing" for ever."""
        muted = self.get_component_rich_style("pod-table--muted")
        self.query_one(".pod-summary", Static).update(Text(reason, style=muted))

    def show(self, snapshot: PodSnapshot, now: datetime) -> None:
        several = len(snapshot.clusters) > 1
        had_several = self._last is not None and len(self._last[0].clusters) > 1
        self._last = (snapshot, now)
        if several != had_several:
            self._relayout()  # calls back into show() with the new columns
            return
        self._show_problem(snapshot)
        summary = self.query_one(".pod-summary", Static)
        if not snapshot.synced:
            summary.update("syncing…")
            return
        counts = summarize(snapshot, now)
        text = Text()
        text.append(f"{counts.total} pods  ")
        text.append(f"{HEALTH_MARK[Health.OK]} {counts.running} running  ",
                    style=self._style(Health.OK))
        text.append(f"{HEALTH_MARK[Health.PENDING]} {counts.pending} pending  ",
                    style=self._style(Health.PENDING))
        text.append(f"{HEALTH_MARK[Health.FAILING]} {counts.failing} failing  ",
                    style=self._style(Health.FAILING))
        text.append(f"↻ {counts.restarted_recently} restarted in 15m",
                    style=self._style(Health.PENDING) if counts.restarted_recently else "")
        summary.update(text)
        self.border_subtitle = " · ".join(snapshot.clusters)
        self._apply(sorted(snapshot.rows, key=self._order), now)

    def _show_problem(self, snapshot: PodSnapshot) -> None:
        line = self.query_one(".pod-problem", Static)
        line.display = bool(snapshot.problem)
        if snapshot.problem:
            text = Text("⚠ ", style=self._style(Health.FAILING))
            if snapshot.stale_since is not None:
                text.append(f"stale since {clock_utc(snapshot.stale_since)} · ")
            text.append(snapshot.problem)  # printable already, and never parsed as markup
            line.update(text)

    @staticmethod
    def _order(row: PodRow) -> tuple[int, str, str]:
        return HEALTH_ORDER[row.health], row.namespace, row.name

    def _style(self, health: Health) -> object:
        return self.get_component_rich_style(f"pod-table--{health.value}")

    def _cells(self, row: PodRow, now: datetime) -> tuple[tuple[str, str], tuple[Text, ...]]:
        """A row's cells (and the ages they show), built again only when the
        pod or its ages changed: with 10k pods, building every cell on every
        refresh froze the UI."""
        age = format_age(now - row.created_at) if row.created_at else "?"
        restarted = format_age(now - row.last_restart_at) if row.last_restart_at else ""
        cached = self._cell_cache.get(row)
        if cached is not None and cached[0] == (age, restarted):
            return cached
        style = self._style(row.health)
        muted = self.get_component_rich_style("pod-table--muted")
        restarts = f"{row.restarts} ({restarted} ago)" if restarted else str(row.restarts)
        ready_style = style if row.ready < row.containers else ""
        cells = {
            "CLUSTER": Text(row.cluster, style=muted),
            "NAMESPACE": Text(row.namespace, style=muted),
            "NAME": Text(row.name, style=style if row.health is not Health.OK else ""),
            "READY": Text(f"{row.ready}/{row.containers}", style=ready_style),  # type: ignore[arg-type]
            "STATUS": Text(f"{HEALTH_MARK[row.health]} {row.status}", style=style),  # type: ignore[arg-type]
            "RESTARTS": Text(restarts, style=style if row.restarts else ""),  # type: ignore[arg-type]
            "AGE": Text(age),
            "NODE": Text(row.node, style=muted),
        }
        return (age, restarted), tuple(cells[column] for column in self._columns)

    def _apply(self, rows: list[PodRow], now: datetime) -> None:
        """Diff against what the table holds: drop gone pods, add new ones,
        update changed cells, then reorder in place. Adding a row costs a
        measure of every cell, so rows are never rebuilt just to move them."""
        table = self.query_one(DataTable)
        self._cell_cache = {row: self._cells(row, now) for row in rows}
        wanted = {row.key: cells for row, (_, cells) in self._cell_cache.items()}
        cursor_key = None
        if table.row_count and 0 <= table.cursor_row < table.row_count:
            cursor_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        with self.app.batch_update():
            for key in self._rows.keys() - wanted.keys():
                table.remove_row(key)
            present: dict[str, tuple[Text, ...]] = {}
            added = 0
            for key, cells in wanted.items():
                previous = self._rows.get(key)
                if previous is None:
                    if added >= ADD_PER_FRAME:
                        continue  # the next frame adds more
                    table.add_row(*cells, key=key)
                    added += 1
                elif previous is not cells:
                    for column, old, new in zip(self._columns, previous, cells, strict=True):
                        # Identity, not equality: the sort below finds rows
                        # by their NAME cell object.
                        if old is not new:
                            table.update_cell(key, column, new)
                present[key] = cells
            if list(present) != self._ordered(table):
                # Each row's NAME cell is its own object: rank rows by it.
                rank = {id(cells[self._name_index]): index
                        for index, cells in enumerate(present.values())}
                table.sort("NAME", key=lambda name: rank[id(name)])
            if cursor_key is not None and cursor_key in present:
                table.move_cursor(row=table.get_row_index(cursor_key), animate=False)
        self._rows = present
        if len(present) < len(wanted):
            # Thousands of new rows: a frame between batches keeps keys and
            # clocks alive while a big cluster's first list fills the table.
            self.call_after_refresh(self._add_more)

    def _add_more(self) -> None:
        if self._last is not None:
            self.show(*self._last)

    @property
    def _name_index(self) -> int:
        return self._columns.index("NAME")

    @staticmethod
    def _ordered(table: DataTable[Text]) -> list[str]:
        return [str(row.key.value) for row in table.ordered_rows]
