"""The review's one line of orientation: which moment of the incident the
charts and pods show, and how to move through it."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widget import Widget

from tui.model.review import moment_label
from tui.model.safe_text import printable
from tui.model.timeline import TimelineEntry


class ReviewBar(Widget):
    COMPONENT_CLASSES = {"review-bar--moment", "review-bar--muted", "review-bar--star"}
    DEFAULT_CSS = """
    ReviewBar { height: 1; background: $panel; }
    ReviewBar > .review-bar--moment { color: $accent; text-style: bold; }
    ReviewBar > .review-bar--muted { color: $text-muted; }
    ReviewBar > .review-bar--star { color: $warning; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown = Text(" loading the stored incident…")

    def show(self, moment: datetime, started: datetime, entry: TimelineEntry | None,
             index: int, total: int) -> None:
        style = self.get_component_rich_style
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" ◆ at ", style=style("review-bar--muted"))
        text.append(f"{moment:%Y-%m-%d %H:%M:%SZ}", style=style("review-bar--moment"))
        text.append(f"  {moment_label(moment, started)}", style=style("review-bar--moment"))
        if entry is not None:
            text.append(f"   entry {index + 1} of {total} · {entry.kind.value}",
                        style=style("review-bar--muted"))
            if entry.starred:
                text.append(" ★", style=style("review-bar--star"))
            first_line = printable(entry.text.splitlines()[0] if entry.text else "")
            text.append(f" · {first_line}")
        text.append("   ↑↓ move through the timeline: charts and pods follow",
                    style=style("review-bar--muted"))
        self._shown = text
        self.refresh()

    def show_text(self, message: str) -> None:
        self._shown = Text(f" {message}", no_wrap=True, overflow="ellipsis")
        self.refresh()

    def render(self) -> Text:
        return self._shown
