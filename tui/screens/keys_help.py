"""`?` (F1 in a text field): the keys of the screen behind (the war room, or
a dialog's own) and of its focused pane, grouped (tui.ui.keymap), read from
the bindings that really act. `?`, F1 or Escape closes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.ui.keymap import KeyEntry, key_entries, sections


class KeysHelp(ModalScreen[None]):
    DEFAULT_CSS = """
    KeysHelp { align: center middle; background: $background 60%; }
    #keys-help-box { width: 100%; max-width: 110; height: auto; max-height: 100%;
                     border: thick $accent; background: $surface; padding: 0 1; }
    #keys-help-title { color: $text-muted; }
    /* Two columns: the whole war room's keys fit at 160x48 without a scroll. */
    #keys-help-grid { layout: grid; grid-size: 2; grid-gutter: 1 2; height: auto; }
    .keys-help-section { height: auto; }
    """
    BINDINGS = [Binding("escape,question_mark,q", "dismiss(None)", "Close")]

    def __init__(self, entries: list[KeyEntry]) -> None:
        super().__init__()
        self.entries = entries
        self.sections = sections(entries)

    @classmethod
    def of(cls, screen: Screen[object]) -> KeysHelp:
        """The help of `screen` as it stands: its focused pane, its keys."""
        return cls(key_entries(screen))

    def compose(self) -> ComposeResult:
        with Vertical(id="keys-help-box"):
            yield Static("Keys · ?, F1 or esc closes · greyed keys do nothing just now",
                         id="keys-help-title")
            with VerticalScroll(), Container(id="keys-help-grid"):
                for title, entries in self.sections:
                    yield Static(self._section(title, entries), classes="keys-help-section")

    @staticmethod
    def _section(title: str, entries: list[KeyEntry]) -> Text:
        # Text, not markup: descriptions and pane titles are the user's words.
        text = Text(title, style="bold")
        width = max(len(entry.keys) for entry in entries)
        for entry in entries:
            style = "" if entry.enabled else "dim"
            text.append("\n  ")
            text.append(entry.keys.ljust(width), style=f"bold {style}".strip())
            text.append(f"  {entry.description}", style=style)
        return text
