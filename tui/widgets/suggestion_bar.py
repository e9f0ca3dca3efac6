"""One line under the header: the oldest pending timeline suggestion, and
how many wait behind it. Hidden when there are none."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.model.pod_signals import Suggestion
from tui.model.timefmt import clock_utc


class SuggestionBar(Static):
    DEFAULT_CSS = """
    SuggestionBar { background: $warning 20%; }
    SuggestionBar > .suggestion-bar--keys { color: $accent; text-style: bold; }
    """
    COMPONENT_CLASSES = {"suggestion-bar--keys"}

    def show(self, pending: list[Suggestion]) -> None:
        self.display = bool(pending)
        if not pending:
            return
        first = pending[0]
        # Keys first: a long suggestion is cut at the right, never the keys.
        text = Text("⚑ ", style="bold")
        text.append("t add · T dismiss", style=self.get_component_rich_style(
            "suggestion-bar--keys"))
        text.append("  suggested for the timeline", style="bold")
        if len(pending) > 1:
            text.append(f" (1 of {len(pending)})", style="bold")
        text.append(f": {clock_utc(first.at)} {first.text}")
        self.update(text)
