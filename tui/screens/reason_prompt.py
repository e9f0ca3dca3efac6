"""Ask for one line of text, such as why a checklist item is skipped.
Enter saves, Escape cancels; an empty answer is refused in place."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from tui.widgets.inert import inert


class ReasonPrompt(ModalScreen[str | None]):
    CSS_PATH = "reason_prompt.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, *, title: str, question: str, placeholder: str = "",
                 check: Callable[[str], str | None] | None = None, value: str = "") -> None:
        """`check` returns what is wrong with an answer, or None when it will do;
        `value` is the answer offered to start with."""
        super().__init__()
        self.title_text, self.question, self.placeholder = title, question, placeholder
        self.check, self.value = check, value

    def compose(self) -> ComposeResult:
        with Vertical(id="reason-prompt"):
            yield Static(Text(self.question), id="reason-question")
            yield Input(self.value, placeholder=self.placeholder, id="reason-input")
            yield Static("", id="reason-problem")
            yield Footer()

    def on_mount(self) -> None:
        self.query_one("#reason-prompt").border_title = inert(self.title_text)
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        answer = event.value.strip()
        problem = "a reason is needed" if not answer else (
            self.check(answer) if self.check else None)
        if problem:
            self.query_one("#reason-problem", Static).update(Text(f"✖ {problem}"))
            return
        self.dismiss(answer)
