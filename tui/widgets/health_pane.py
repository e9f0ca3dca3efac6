"""Health endpoints: up or down, HTTP code and latency."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from tui.model.health import HealthResult
from tui.model.safe_text import printable
from tui.model.timefmt import clock_utc


class HealthPane(DataTable[Text]):
    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        "health-pane--up", "health-pane--down", "health-pane--muted",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", show_cursor=False)
        self.border_title = "Health"

    def on_mount(self) -> None:
        for column in ("CHECK", "STATE", "CODE", "LATENCY", "DETAIL"):
            self.add_column(column, key=column)
        self.border_subtitle = "waiting…"

    def show(self, results: tuple[HealthResult, ...]) -> None:
        up = self.get_component_rich_style("health-pane--up")
        down = self.get_component_rich_style("health-pane--down")
        muted = self.get_component_rich_style("health-pane--muted")
        self.clear()
        for index, result in enumerate(results):
            latency = ("–" if result.latency_seconds is None
                       else f"{result.latency_seconds * 1000:.0f}ms")
            self.add_row(
                Text(printable(result.name), no_wrap=True),
                Text("● UP", style=up) if result.ok else Text("✖ DOWN", style=down),
                Text(str(result.status_code) if result.status_code else "–"),
                Text(latency),
                Text(printable(result.detail), style=muted, no_wrap=True, overflow="ellipsis"),
                key=str(index),
            )
        failing = sum(not result.ok for result in results)
        self.border_title = f"Health · {failing} down" if failing else "Health · all up"
        if results:
            self.border_subtitle = f"as of {clock_utc(results[0].checked_at)}"
