"""Pick where the pods pane looks, without leaving the war room: which
kubeconfig contexts (`c`) and which namespaces (`ctrl+n`). Space ticks,
Enter applies, Esc keeps things as they are."""

from __future__ import annotations

import asyncio
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, SelectionList, Static

from tui.sources import describe_error
from tui.sources.protocols import ContextSwitch
from tui.ui.workers import work

Option = tuple[Text, str, bool]  # label, value, ticked


class ScopePicker(ModalScreen[tuple[str, ...] | None]):
    """A ticked list read from the source in a thread; subclasses say what
    is listed and what "nothing ticked" means."""

    CSS_PATH = "scope_picker.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("enter", "apply", "Apply", priority=True),
    ]
    HEADING: ClassVar[str] = ""
    HINT: ClassVar[str] = ""
    NOTHING_TICKED: ClassVar[str] = ""

    def __init__(self, source: ContextSwitch) -> None:
        super().__init__()
        self.source = source

    def compose(self) -> ComposeResult:
        with Vertical(classes="scope-picker"):
            yield Static(Text("Reading…", style="dim"), classes="scope-status")
            yield SelectionList[str](classes="scope-list")
            yield from self.compose_extra()
            yield Footer()

    def compose_extra(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.query_one(".scope-picker").border_title = self.HEADING
        self.load()

    @staticmethod
    def read(source: ContextSwitch) -> tuple[list[Option], str]:
        """The options, and a problem to show above them. Blocking."""
        raise NotImplementedError

    @work(exit_on_error=False)
    async def load(self) -> None:
        try:
            options, problem = await asyncio.to_thread(self.read, self.source)
        except Exception as error:  # shown in the dialog; the pods pane goes on
            self._show_problem(describe_error(error))
            return
        self._show(options, problem)

    @property
    def choices(self) -> SelectionList[str]:
        return self.query_one(".scope-list", SelectionList)

    def _show(self, options: list[Option], problem: str) -> None:
        self.choices.add_options(options)
        self.choices.highlighted = 0
        self.choices.focus()
        if problem:
            self._show_problem(problem)
        else:
            self.query_one(".scope-status", Static).update(Text(self.HINT, style="dim"))

    def _show_problem(self, problem: str) -> None:
        self.query_one(".scope-status", Static).update(Text(f"⚠ {problem}",
                                                            style="bold red"))

    def chosen(self) -> tuple[str, ...] | None:
        """What Enter applies; None refuses (nothing ticked)."""
        chosen = tuple(self.choices.selected)
        return chosen or None

    def action_apply(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            self.notify(self.NOTHING_TICKED, severity="warning", timeout=4)
            return
        self.dismiss(chosen)


class ContextPicker(ScopePicker):
    HEADING = "Kubernetes contexts in view"
    HINT = "space ticks a context, Enter applies: a CLUSTER column appears with several"
    NOTHING_TICKED = "Tick at least one context (space), or Esc to cancel"

    @staticmethod
    def read(source: ContextSwitch) -> tuple[list[Option], str]:
        names, in_view = source.contexts()
        # Text, not str: a context named "[red]x" is shown as typed.
        return [(Text(name), name, name in in_view) for name in names], ""


ALL = ""  # the value of the "all namespaces" option


class NamespacePicker(ScopePicker):
    HEADING = "Namespaces in view"
    HINT = "space ticks, Enter applies; type a namespace below to add one not listed"
    NOTHING_TICKED = "Tick a namespace or all namespaces (space), or Esc to cancel"

    def compose_extra(self) -> ComposeResult:
        yield Input(placeholder="another namespace, Enter adds it", classes="scope-add")

    @staticmethod
    def read(source: ContextSwitch) -> tuple[list[Option], str]:
        choice = source.namespaces()
        everything = not choice.in_view
        names = sorted({*choice.names, *choice.in_view})
        options = [(Text("all namespaces", style="bold"), ALL, everything)]
        options += [(Text(name), name, name in choice.in_view) for name in names]
        return options, choice.problem

    @on(SelectionList.SelectionToggled)
    def _exclusive_all(self, event: SelectionList.SelectionToggled[str]) -> None:
        # "All" and particular namespaces exclude each other.
        choices = self.choices
        if event.selection.value == ALL and ALL in choices.selected:
            for value in list(choices.selected):
                if value != ALL:
                    choices.deselect(value)
        elif event.selection.value != ALL:
            choices.deselect(ALL)

    def action_apply(self) -> None:
        box = self.query_one(".scope-add", Input)
        if box.has_focus and box.value.strip():
            self._add(box.value.strip())
            box.value = ""
            return
        super().action_apply()

    def _add(self, name: str) -> None:
        choices = self.choices
        choices.deselect(ALL)
        if name not in {choices.get_option_at_index(i).value
                        for i in range(choices.option_count)}:
            choices.add_option((Text(name), name, True))
        choices.select(name)

    def chosen(self) -> tuple[str, ...] | None:
        selected = tuple(self.choices.selected)
        if ALL in selected:
            return ()
        return selected or None
