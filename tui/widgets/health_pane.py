"""Health endpoints: up or down, HTTP code and latency. Too narrow for its
columns, the pane shows each check as two lines rather than cut columns."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import DataTable

from tui.model.health import HealthResult
from tui.model.safe_text import printable
from tui.model.timefmt import clock_utc
from tui.widgets.inert import inert

COLUMNS = ("CHECK", "STATE", "CODE", "LATENCY", "DETAIL")
# Each cell has a cell of padding either side (the pane's size is inside its border).
CELL_PADDING = 2


class HealthPane(DataTable[Text]):
    DEFAULT_CSS = """
    HealthPane {
        border: round $primary 50%;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
    }
    HealthPane:focus { border: round $accent; }
    HealthPane > .health-pane--muted { color: $text-muted; }
    HealthPane > .health-pane--up { color: $success; }
    HealthPane > .health-pane--down { color: $error; text-style: bold; }
    """
    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        "health-pane--up", "health-pane--down", "health-pane--muted",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", show_cursor=False)
        self.border_title = "Health"
        # Each check's cells, in COLUMNS order.
        self._shown: list[tuple[Text, ...]] = []
        # Too narrow for CHECK, STATE, CODE and LATENCY side by side.
        self.stacked = False
        self._columns_width = 0

    def on_mount(self) -> None:
        self._set_columns()
        self.border_subtitle = "waiting…"

    def _set_columns(self) -> None:
        if self.stacked:
            self.add_column("CHECKS", key="CHECKS", width=max(1, self.size.width - CELL_PADDING))
        else:
            for column in COLUMNS:
                self.add_column(column, key=column)
        self.show_header = not self.stacked

    def show_feed(self, data: tuple[HealthResult, ...], now: datetime) -> None:
        self.show(data)

    def show_stale(self, error: str, since: datetime) -> None:
        """The last results stay; the subtitle says since when they are stale."""
        self.border_subtitle = inert(f"stale since {clock_utc(since)} · {error}")

    def show_absent(self, reason: str) -> None:
        """No checks configured: the pane is not shown."""
        self.display = False

    def show(self, results: tuple[HealthResult, ...]) -> None:
        up = self.get_component_rich_style("health-pane--up")
        down = self.get_component_rich_style("health-pane--down")
        muted = self.get_component_rich_style("health-pane--muted")
        before, self._shown = self._shown, []
        for result in results:
            latency = ("–" if result.latency_seconds is None
                       else f"{result.latency_seconds * 1000:.0f}ms")
            self._shown.append((
                Text(printable(result.name), no_wrap=True),
                Text("● UP", style=up) if result.ok else Text("✖ DOWN", style=down),
                Text(str(result.status_code) if result.status_code else "–"),
                Text(latency),
                Text(printable(result.detail), style=muted, no_wrap=True, overflow="ellipsis"),
            ))
        widths = [max([len(column), *(cells[index].cell_len for cells in self._shown)])
                  for index, column in enumerate(COLUMNS[:4])]
        self._columns_width = sum(width + CELL_PADDING for width in widths)
        # Re-laid out only when a check changed: the table's column widths
        # settle at the next idle, and an unchanged refresh that cleared them
        # left them cut in whatever frame came first (a dialog, a snapshot).
        self._lay_out(force=self._shown != before)
        failing = sum(not result.ok for result in results)
        self.border_title = f"Health · {failing} down" if failing else "Health · all up"
        if results:
            self.border_subtitle = f"as of {clock_utc(results[0].checked_at)}"

    def on_resize(self) -> None:
        self._lay_out(force=False)

    def _lay_out(self, force: bool) -> None:
        stacked = self.size.width < self._columns_width
        if not force and stacked == self.stacked and not stacked:
            return
        self.stacked = stacked
        self.clear(columns=True)
        self._set_columns()
        for index, (name, state, code, latency, detail) in enumerate(self._shown):
            if stacked:
                # The state and name, then the rest: nothing pushed out sideways.
                extra = Text.assemble("  ", code, " · ", latency,
                                      *((" · ", detail) if detail else ()))
                cell = Text("\n").join([Text.assemble(state, "  ", name), extra])
                cell.no_wrap, cell.overflow = True, "ellipsis"
                self.add_row(cell, key=str(index), height=2)
            else:
                self.add_row(name, state, code, latency, detail, key=str(index))
