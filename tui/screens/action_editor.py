"""Add or edit a follow-up action item: what, who, by when, how urgent,
what kind, and how far along. ctrl+s saves; a missing description or an
unreadable date is said in place, with everything typed kept."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Select, Static

from tui.model.action_item import (
    ActionDraft,
    ActionItem,
    ActionStatus,
    ActionType,
    Priority,
    parse_due_date,
)
from tui.model.safe_text import printable
from tui.screens.discard_guard import DiscardGuard


class ActionItemEditor(DiscardGuard, ModalScreen[ActionDraft | None]):
    CSS_PATH = "action_editor.tcss"
    BINDINGS = [
        Binding("escape", "cancel_form", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    def __init__(self, *, today: date, item: ActionItem | None = None,
                 draft: ActionDraft | None = None) -> None:
        super().__init__()
        self.today = today
        self.item = item
        self.draft = draft or (item.draft() if item else ActionDraft(""))

    def compose(self) -> ComposeResult:
        draft = self.draft
        with Vertical(id="action-editor"):
            with Horizontal(classes="field"):
                yield Label("Action", classes="caption")
                # The cursor after a prefilled text, not over it: it is
                # usually a start to finish, not to type over.
                yield Input(draft.description, id="action-description",
                            select_on_focus=False,
                            placeholder="What should change, e.g. alert on pool saturation")
            with Horizontal(classes="field"):
                yield Label("Owner", classes="caption")
                yield Input(draft.owner, id="action-owner", placeholder="who drives it")
                yield Label("Due", classes="caption short")
                yield Input(draft.due.isoformat() if draft.due else "", id="action-due",
                            placeholder="2026-04-01, +7d, fri")
            with Horizontal(classes="field"):
                yield Label("Priority", classes="caption")
                yield Select([(f"{p} {p.meaning}", p) for p in Priority], value=draft.priority,
                             allow_blank=False, id="action-priority")
                yield Label("Type", classes="caption short")
                yield Select([(t.value, t) for t in ActionType], value=draft.type,
                             allow_blank=False, id="action-type")
                yield Label("Status", classes="caption short")
                yield Select([(s.value, s) for s in ActionStatus], value=draft.status,
                             allow_blank=False, id="action-status")
            yield Static(Text(f"From {printable(draft.source)}" if draft.source else ""),
                         id="action-source")
            yield Static("", id="action-problem")
            yield Footer()

    def on_mount(self) -> None:
        box = self.query_one("#action-editor")
        box.border_title = (f"Follow-up #{self.item.id}" if self.item
                            else "New follow-up action item")
        self.query_one("#action-description", Input).focus()
        self._show_due()
        self.discard_what = ("the changes to this follow-up" if self.item
                             else "this follow-up")
        self.remember_form()

    @on(Input.Changed, "#action-due")
    def _show_due(self) -> None:
        typed = self.query_one("#action-due", Input).value
        problem = self.query_one("#action-problem", Static)
        try:
            due = parse_due_date(typed, self.today)
        except ValueError as error:
            self._problem(str(error))
            return
        problem.set_class(False, "-error")
        problem.update(Text(f"Due {due:%A %d %B %Y}" if due else ""))

    def _problem(self, text: str) -> None:
        problem = self.query_one("#action-problem", Static)
        problem.set_class(True, "-error")
        problem.update(Text(f"✖ {text}"))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        description = self.query_one("#action-description", Input).value.strip()
        if not description:
            self._problem("say what should be done")
            self.query_one("#action-description", Input).focus()
            return
        try:
            due = parse_due_date(self.query_one("#action-due", Input).value, self.today)
        except ValueError as error:
            self._problem(str(error))
            self.query_one("#action-due", Input).focus()
            return
        self.dismiss(ActionDraft(
            description=description,
            owner=self.query_one("#action-owner", Input).value.strip(),
            due=due,
            priority=_picked(self.query_one("#action-priority", Select), Priority),
            type=_picked(self.query_one("#action-type", Select), ActionType),
            status=_picked(self.query_one("#action-status", Select), ActionStatus),
            source=self.draft.source))


E = TypeVar("E", bound=Enum)


def _picked(select: Select[Any], kind: type[E]) -> E:
    """The member chosen: the selects allow no blank, so it is always one."""
    value = select.value
    if not isinstance(value, kind):
        raise TypeError(f"{select.id}: {value!r} is not a {kind.__name__}")
    return value
