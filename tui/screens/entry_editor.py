"""Add or edit one timeline entry: when (typed as people type times), what
kind, the text, a star. A time that cannot be read is an inline error with
the typed text kept; a time in the future or before the incident started
is saved only when asked a second time."""

from __future__ import annotations

from datetime import datetime, tzinfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Footer, Input, Label, Select, Static, TextArea

from tui.model.timeline import EntryDraft, EntryKind, TimelineEntry
from tui.model.typed_time import TimeParseError, parse_typed_time, time_warnings
from tui.screens.discard_guard import DiscardGuard

# Every kind, those the panes add too: an edited pod event keeps its kind.
KIND_CHOICES = [(kind.value, kind) for kind in EntryKind]


class EntryEditor(DiscardGuard, ModalScreen[EntryDraft | None]):
    CSS_PATH = "entry_editor.tcss"
    BINDINGS = [
        Binding("escape", "cancel_form", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    def __init__(self, *, now: datetime, zone: tzinfo, zone_label: str,
                 started_at: datetime | None, entry: TimelineEntry | None = None,
                 draft: EntryDraft | None = None, problem: str = "") -> None:
        """`draft` refills the editor after a failed save; `problem` says why."""
        super().__init__()
        self.now, self.zone, self.zone_label = now, zone, zone_label
        self.started_at = started_at
        self.entry = entry
        self.draft = draft
        self.problem = problem
        # The warnings the user has seen for this exact time: saving again accepts them.
        self._accepted: tuple[datetime, tuple[str, ...]] | None = None

    def compose(self) -> ComposeResult:
        shown = self.draft or self.entry
        with Vertical(id="entry-editor"):
            with Horizontal(classes="field"):
                yield Label(f"Time ({self.zone_label})", classes="caption")
                typed = (shown.at.astimezone(self.zone).strftime("%H:%M:%S") if shown
                         else "now")
                yield Input(typed, id="entry-time", select_on_focus=False,
                            placeholder="14:32, 14:32Z, -5m, ISO-8601")
                yield Label("Kind", classes="caption short")
                yield Select(KIND_CHOICES, value=shown.kind if shown else EntryKind.NOTE,
                             allow_blank=False, id="entry-kind")
                yield Checkbox("Star", shown.starred if shown else False, id="entry-star")
            yield TextArea(shown.text if shown else "", id="entry-text", soft_wrap=True,
                           show_line_numbers=False)
            yield Static("", id="entry-problem")
            yield Footer()

    def on_mount(self) -> None:
        box = self.query_one("#entry-editor")
        box.border_title = "Edit timeline entry" if self.entry else "New timeline entry"
        box.border_subtitle = "ctrl+s saves · esc cancels · F1 help"
        if self.problem:
            self._problem(self.problem, error=True)
        self.query_one("#entry-text", TextArea).focus()
        self.discard_what = "the changes to this entry" if self.entry else "this entry"
        self.remember_form(typed=bool(self.problem))

    def _problem(self, text: str, *, error: bool) -> None:
        line = self.query_one("#entry-problem", Static)
        line.set_class(error, "-error")
        line.update(Text(text))

    @on(Input.Submitted, "#entry-time")
    def _time_entered(self) -> None:
        self.query_one("#entry-text", TextArea).focus()

    def action_save(self) -> None:
        typed = self.query_one("#entry-time", Input).value
        try:
            at = parse_typed_time(typed, self.now, self.zone)
        except TimeParseError as error:
            self._problem(f"✖ {error}", error=True)
            self.query_one("#entry-time", Input).focus()
            return
        text = self.query_one("#entry-text", TextArea).text.strip()
        if not text:
            self._problem("✖ the entry is empty: type what happened", error=True)
            return
        unchanged = self.entry is not None and _same_second(at, self.entry.at)
        if unchanged and self.entry is not None:
            at = self.entry.at  # keep the stored milliseconds
        warnings = () if unchanged else tuple(time_warnings(at, self.now, self.started_at))
        if warnings and self._accepted != (at, warnings):
            self._accepted = (at, warnings)
            self._problem("⚠ " + "; ".join(warnings) + ". ctrl+s again saves it anyway.",
                          error=False)
            return
        kind = self.query_one("#entry-kind", Select).value
        assert isinstance(kind, EntryKind)
        self.dismiss(EntryDraft(at, kind, text, self.query_one("#entry-star", Checkbox).value))


def _same_second(first: datetime, second: datetime) -> bool:
    """The editor shows whole seconds: an untouched time is the stored one."""
    return abs((first - second).total_seconds()) < 1
