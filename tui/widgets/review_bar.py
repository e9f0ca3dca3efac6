"""The review's line of orientation: which moment of the incident the
charts and pods show, the entry under the cursor, and how to move through
it. A long entry wraps onto up to three lines rather than being cut at
the edge of the screen."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widget import Widget

from tui.model.review import moment_label
from tui.model.safe_text import printable
from tui.model.timeline import TimelineEntry

MAX_LINES = 3


class ReviewBar(Widget):
    COMPONENT_CLASSES = {"review-bar--moment", "review-bar--muted", "review-bar--star"}
    DEFAULT_CSS = """
    ReviewBar { height: auto; max-height: 3; background: $panel; }  /* max-height is MAX_LINES */
    ReviewBar > .review-bar--moment { color: $accent; text-style: bold; }
    ReviewBar > .review-bar--muted { color: $text-muted; }
    ReviewBar > .review-bar--star { color: $warning; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown = Text(" loading the stored incident…")
        self._lines = 1

    def show(self, moment: datetime, started: datetime, entry: TimelineEntry | None,
             index: int, total: int) -> None:
        style = self.get_component_rich_style
        text = Text(overflow="ellipsis")
        text.append(" ◆ at ", style=style("review-bar--muted"))
        text.append(f"{moment:%Y-%m-%d %H:%M:%SZ}", style=style("review-bar--moment"))
        text.append(f"  {moment_label(moment, started)}", style=style("review-bar--moment"))
        if entry is not None:
            text.append(f"   entry {index + 1} of {total} · {entry.kind.value}",
                        style=style("review-bar--muted"))
            if entry.starred:
                text.append(" ★", style=style("review-bar--star"))
            # All of it, its lines joined: what was said is the point of the step.
            said = " ⏎ ".join(printable(line) for line in entry.text.splitlines() if line)
            text.append(f" · {said}")
        hint = "   ↑↓ move through the timeline: charts and pods follow"
        # The hint only where it fits: a bar wrapped by it says nothing more.
        if text.cell_len + len(hint) <= self.size.width:
            text.append(hint, style=style("review-bar--muted"))
        self._show(text)

    def _show(self, text: Text) -> None:
        # The screen is laid out again only when the bar's height changes:
        # a layout per cursor step redrew every chart of the review.
        lines = min(MAX_LINES, len(text.wrap(self.app.console, max(1, self.size.width))))
        self._shown = text
        self.refresh(layout=lines != self._lines)
        self._lines = lines

    def show_text(self, message: str) -> None:
        self._show(Text(f" {message}", no_wrap=True, overflow="ellipsis"))

    def render(self) -> Text:
        return self._shown
