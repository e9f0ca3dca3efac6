"""Follow-up action items of the incident, most urgent first.

Keys: i adds one, Enter or e edits, space marks it done (again: reopens)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from tui.model.action_item import ActionDraft, ActionItem, ActionStatus, sort_key
from tui.model.safe_text import printable
from tui.widgets.cursor_grid import ColumnGrid


class ActionGrid(ColumnGrid):
    HEADINGS = ("#", "PRI", "TYPE", "ACTION", "OWNER", "DUE", "STATUS")
    # The action takes what the other columns leave.
    WIDTHS = (4, 3, 10, 0, 14, 10, 11)
    COMPONENT_CLASSES = {"grid--overdue", "grid--urgent"}
    DEFAULT_CSS = """
    ActionGrid > .grid--overdue { color: $error; text-style: bold; }
    ActionGrid > .grid--urgent { color: $warning; text-style: bold; }
    """
    BINDINGS = [Binding("enter", "activate", "Edit", show=False)]

    class Selected(Message):
        def __init__(self, item: ActionItem) -> None:
            super().__init__()
            self.item = item

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[ActionItem] = []
        self.today = date.today()

    def set_items(self, items: list[ActionItem], today: date) -> None:
        current = self.current
        self.items, self.today = sorted(items, key=sort_key), today
        if current is not None:
            self.cursor = next((i for i, item in enumerate(self.items)
                                if item.id == current.id), self.cursor)
        self._rows_changed()

    @property
    def row_count(self) -> int:
        return len(self.items)

    @property
    def current(self) -> ActionItem | None:
        return self.items[self.cursor] if 0 <= self.cursor < len(self.items) else None

    def row_text(self, index: int) -> tuple[str, ...]:
        item = self.items[index]
        return (f"#{item.id}", item.priority.value, item.type.value,
                printable(item.description), printable(item.owner) or "—",
                item.due.isoformat() if item.due else "—", item.status.value)

    def row_ink(self, index: int) -> Style:
        item = self.items[index]
        if item.status.closed:
            return self._ink("muted")
        if item.overdue(self.today):
            return self._ink("overdue")
        if item.priority.value == "P0":
            return self._ink("urgent")
        return Style()

    def activate(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current))


class ActionItemsPane(Vertical):
    DEFAULT_CSS = """
    ActionItemsPane #actions-summary { text-style: bold; }
    ActionItemsPane #actions-summary.-overdue { color: $error; }
    """
    BINDINGS = [
        Binding("i", "new", "New follow-up", id="actions.new"),
        Binding("e", "edit", "Edit", id="actions.edit"),
        Binding("space,x", "toggle_done", "Done/reopen", id="actions.done"),
    ]

    class EditRequested(Message):
        """Open the editor on `item`, or on a new item (with `draft`) when None."""

        def __init__(self, item: ActionItem | None, draft: ActionDraft | None = None) -> None:
            super().__init__()
            self.item = item
            self.draft = draft

    class SaveRequested(Message):
        def __init__(self, item: ActionItem, draft: ActionDraft) -> None:
            super().__init__()
            self.item = item
            self.draft = draft

    def compose(self) -> ComposeResult:
        yield Static("", id="actions-summary")
        yield ActionGrid(id="actions-grid")

    @property
    def grid(self) -> ActionGrid:
        return self.query_one(ActionGrid)

    def show(self, items: list[ActionItem], today: date) -> None:
        self.grid.set_items(items, today)
        open_items = [item for item in items if not item.status.closed]
        overdue = sum(item.overdue(today) for item in items)
        unowned = sum(not item.owner for item in open_items)
        text = (f"{len(open_items)} open of {len(items)} follow-ups" if items else
                "No follow-ups yet: i adds one; F on a timeline entry or checklist item "
                "makes one from it")
        if overdue:
            text += f" · ⚠ {overdue} overdue"
        if unowned:
            text += f" · {unowned} without an owner"
        summary = self.query_one("#actions-summary", Static)
        summary.set_class(bool(overdue), "-overdue")
        summary.update(Text(text))

    def action_new(self) -> None:
        self.post_message(self.EditRequested(None))

    def action_edit(self) -> None:
        if (item := self.grid.current) is not None:
            self.post_message(self.EditRequested(item))

    @on(ActionGrid.Selected)
    def _enter(self, event: ActionGrid.Selected) -> None:
        event.stop()
        self.post_message(self.EditRequested(event.item))

    def action_toggle_done(self) -> None:
        item = self.grid.current
        if item is None:
            return
        status = ActionStatus.OPEN if item.status is ActionStatus.DONE else ActionStatus.DONE
        self.post_message(self.SaveRequested(item, replace(item.draft(), status=status)))
