"""`ctrl+l`, anywhere: the last copied text alone, plain, for the
terminal's own selection where OSC 52 may not reach the clipboard (the copy
itself and its toast: tui/widgets/copy_feedback.py)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui.model.safe_text import printable
from tui.widgets.copy_feedback import last_copy
from tui.widgets.warroom_footer import WarroomFooter


def show_copied(app: App[Any]) -> None:
    """`ctrl+l`: the last copied text alone (again: back to where it was)."""
    if isinstance(app.screen, PlainTextScreen):
        app.screen.dismiss(None)
        return
    copied = last_copy(app)
    if copied is None:
        app.notify("Nothing copied yet: y copies a checklist command, a contact, a pod's "
                   "describe command or the chosen communication", timeout=4, markup=False)
        return
    app.push_screen(PlainTextScreen(*copied))


class PlainTextScreen(Screen[None]):
    """The text alone, nothing around it, for the terminal's own selection
    (shift+drag in most terminals) where OSC 52 does not reach the clipboard."""

    DEFAULT_CSS = """
    #plain-note { height: auto; padding: 0 0 1 0; }
    #plain-scroll { height: 1fr; }
    #plain-text { padding: 0; }
    """
    BINDINGS = [Binding("escape", "dismiss", "Back")]

    def __init__(self, text: str, problem: str | None) -> None:
        super().__init__()
        self._text, self._problem = text, problem

    def compose(self) -> ComposeResult:
        why = f"{self._problem}. " if self._problem else ""
        yield Static(Text(f"{why}Select the text with your terminal (shift+drag in most), "
                          "copy it, then Escape.", style="bold"), id="plain-note")
        with VerticalScroll(id="plain-scroll"):
            yield Static(Text(printable(self._text, single_line=False)), id="plain-text")
        yield WarroomFooter()
