"""Asked before quitting (or throwing a form away) would lose what was typed:
y or Enter goes ahead, n or Escape goes back to it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; background: $background 60%; }
    #confirm-box { width: auto; max-width: 90%; height: auto; border: thick $warning;
                   background: $surface; padding: 0 1; }
    /* Its own width: in a box of width auto, a long question (leaving the
       demo) collapsed to nothing. */
    #confirm-question { width: auto; max-width: 100; }
    """
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            # Text: the question carries typed words, never parsed as markup.
            yield Static(Text(self.question), id="confirm-question")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
