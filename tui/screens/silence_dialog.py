"""Silence an alert in Alertmanager: its matchers (prefilled from the
alert's labels, one a line, editable), for how long, and why. What is typed
is checked here first; what Alertmanager refuses comes back into this
dialog, in its words, with everything typed kept."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static, TextArea

from tui.model.alerts import Alert
from tui.model.safe_text import printable
from tui.model.silences import SilenceDraft, matchers_text, read_draft

DEFAULT_DURATION = "2h"


class SilenceDialog(ModalScreen[SilenceDraft | None]):
    CSS_PATH = "silence_dialog.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "submit", "Silence", priority=True),
    ]

    def __init__(self, alert: Alert, *, author: str, now: datetime, where: str,
                 draft: SilenceDraft | None = None, problem: str = "") -> None:
        """`draft` refills the dialog after Alertmanager refused it; `problem`
        says why; `where` names the Alertmanager."""
        super().__init__()
        self.alert, self.author, self.now, self.where = alert, author, now, where
        self.draft = draft or SilenceDraft(matchers_text(alert), DEFAULT_DURATION, "")
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(id="silence-dialog"):
            yield Label("Matchers, one a line: name=value, name=~regex, != or !~",
                        classes="caption")
            yield TextArea(self.draft.matchers, id="silence-matchers", soft_wrap=False,
                           show_line_numbers=False)
            with Horizontal(classes="field"):
                yield Label("For", classes="caption")
                yield Input(self.draft.duration, id="silence-duration",
                            placeholder="2h, 30m, 1h30m")
                yield Static(Text(f"by {printable(self.author) or 'warroom'}"),
                             id="silence-author")
            yield Label("Comment (required: why is it silenced?)", classes="caption")
            yield Input(self.draft.comment, id="silence-comment",
                        placeholder="fix rolling out, tracked in the incident")
            yield Static("", id="silence-problem")
            yield Footer()

    def on_mount(self) -> None:
        box = self.query_one("#silence-dialog")
        box.border_title = Text(f"Silence {printable(self.alert.name)}")
        box.border_subtitle = Text(f"in {printable(self.where)} · ctrl+s silences · "
                                   "esc cancels · F1 help")
        if self.problem:
            self._show_problem(self.problem)
        self.query_one("#silence-comment", Input).focus()

    def _show_problem(self, text: str) -> None:
        self.query_one("#silence-problem", Static).update(Text(f"✖ {printable(text)}"))

    def typed(self) -> SilenceDraft:
        return SilenceDraft(self.query_one("#silence-matchers", TextArea).text,
                            self.query_one("#silence-duration", Input).value,
                            self.query_one("#silence-comment", Input).value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        draft = self.typed()
        try:
            read_draft(draft, self.now, self.author)
        except ValueError as error:
            self._show_problem(str(error))
            return
        self.dismiss(draft)
