"""Pick the kubeconfig contexts the pods pane watches, without leaving the
war room: space ticks, Enter applies, Esc keeps things as they are."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, SelectionList, Static

from tui.sources import describe_error
from tui.sources.protocols import ContextSwitch


class ContextPicker(ModalScreen[tuple[str, ...] | None]):
    CSS_PATH = "context_picker.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("enter", "apply", "Apply", priority=True),
    ]

    def __init__(self, source: ContextSwitch) -> None:
        super().__init__()
        self.source = source

    def compose(self) -> ComposeResult:
        with Vertical(id="context-picker"):
            yield Static(Text("Reading the kubeconfig…", style="dim"), id="context-status")
            yield SelectionList[str](id="context-list")
            yield Footer()

    def on_mount(self) -> None:
        self.query_one("#context-picker").border_title = "Kubernetes contexts in view"
        self.load()

    @work(thread=True, exit_on_error=False)
    def load(self) -> None:
        try:
            names, in_view = self.source.contexts()
        except Exception as error:  # shown in the dialog; the pods pane goes on
            self.app.call_from_thread(self._show_problem, describe_error(error))
            return
        self.app.call_from_thread(self._show, names, in_view)

    def _show(self, names: tuple[str, ...], in_view: tuple[str, ...]) -> None:
        choices = self.query_one(SelectionList)
        # Text, not str: a context named "[red]x" is shown as typed.
        choices.add_options([(Text(name), name, name in in_view) for name in names])
        choices.highlighted = 0
        choices.focus()
        self.query_one("#context-status", Static).update(Text(
            "space ticks a context, Enter applies: a CLUSTER column appears with several",
            style="dim"))

    def _show_problem(self, problem: str) -> None:
        self.query_one("#context-status", Static).update(Text(f"⚠ {problem}",
                                                              style="bold red"))

    def action_apply(self) -> None:
        chosen = tuple(self.query_one(SelectionList).selected)
        if not chosen:
            self.notify("Tick at least one context (space), or Esc to cancel",
                        severity="warning", timeout=4)
            return
        self.dismiss(chosen)
