"""The checklist tracker: overall progress, the attached playbooks' items,
and the selected item's hint, command, query and history.

Keys: space ticks and unticks, s skips with a reason (again: reopens),
y copies the item's command, v opens its PromQL in a pane, A chooses the
playbooks, F makes a follow-up action item of the item."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from tui.model.checklist import (
    ItemStatus,
    MarkState,
    item_statuses,
    latest_marks,
    newly_applying,
    progress,
)
from tui.model.playbook import Playbook, fill
from tui.model.record import IncidentRecord
from tui.model.safe_text import printable
from tui.widgets.checklist_grid import ChecklistGrid, ChecklistRow
from tui.widgets.copy_feedback import copy_and_say
from tui.widgets.fixed_line import update_line


class ChecklistPane(Vertical):
    DEFAULT_CSS = """
    ChecklistPane #checklist-summary { text-style: bold; }
    ChecklistPane #checklist-summary.-overdue { color: $error; }
    ChecklistPane #checklist-detail { background: $panel; color: $text-muted; }
    """
    BINDINGS = [
        Binding("space,x", "tick", "Tick/untick", id="checklist.tick"),
        Binding("s", "skip", "Skip", id="checklist.skip"),
        Binding("y", "copy_command", "Copy command", id="checklist.copy-command"),
        Binding("v", "graph", "Graph query", id="checklist.graph"),
        Binding("A", "choose_playbooks", "Playbooks", id="checklist.playbooks"),
        Binding("F", "follow_up", "Follow-up", id="checklist.follow-up"),
    ]

    class MarkRequested(Message):
        """Tick or untick (a skip comes with its reason from the screen)."""

        def __init__(self, status: ItemStatus, state: MarkState, shown_text: str) -> None:
            super().__init__()
            self.status = status
            self.state = state
            self.shown_text = shown_text

    class SkipRequested(Message):
        def __init__(self, status: ItemStatus, shown_text: str) -> None:
            super().__init__()
            self.status = status
            self.shown_text = shown_text

    class GraphRequested(Message):
        def __init__(self, title: str, expr: str) -> None:
            super().__init__()
            self.title = title
            self.expr = expr

    class PlaybooksRequested(Message):
        pass

    class FollowUpRequested(Message):
        def __init__(self, description: str, source: str) -> None:
            super().__init__()
            self.description = description
            self.source = source

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.record: IncidentRecord | None = None
        # Playbooks that apply but are not attached: they change with the
        # record, not with the clock, so they are counted once per record.
        self.unattached = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="checklist-summary")
        yield ChecklistGrid(id="checklist-grid")
        yield Static("", id="checklist-detail")

    @property
    def grid(self) -> ChecklistGrid:
        return self.query_one(ChecklistGrid)

    # -- showing -------------------------------------------------------------------

    def show(self, record: IncidentRecord, library: list[Playbook], values: dict[str, str],
             now: datetime, zone: tzinfo = UTC) -> None:
        self.record = record
        self.unattached = len(newly_applying(library, None, record.incident,
                                             {a.playbook.id for a in record.attachments}))
        latest = latest_marks(record.marks)
        rows: list[ChecklistRow] = []
        for attachment in record.attachments:
            statuses = item_statuses(record.incident, attachment, latest)
            rows.append(ChecklistRow(attachment, done=progress(statuses)))
            section = None
            for status in statuses:
                if status.section != section:
                    section = status.section
                    rows.append(ChecklistRow(attachment, section=section))
                rows.append(ChecklistRow(attachment, status, section=status.section))
        grid = self.grid
        grid.now, grid.zone = now, zone
        grid.set_rows(rows, values)
        self._show_summary()
        self._show_detail()

    def set_time(self, now: datetime, zone: tzinfo) -> None:
        # The clock ticks on while the app closes: a pane whose grid has
        # gone already has nothing to show (a race CI met at teardown).
        if not self.query(ChecklistGrid):
            return
        self.grid.set_time(now, zone)
        self._show_summary()

    def overdue(self) -> int:
        return sum(row.status.overdue(self.grid.now) for row in self.grid.rows
                   if row.status is not None)

    def summary(self) -> str:
        record = self.record
        if record is None:
            return ""
        more = self.unattached
        applies = f"{more} more appl{'ies' if more == 1 else 'y'} to this incident"
        if not record.attachments:
            return "No playbook attached: A chooses playbooks" + (
                f" · {applies}" if more else "")
        books = len(record.attachments)
        done = progress(row.status for row in self.grid.rows if row.status is not None)
        text = f"{books} playbook{'s' if books != 1 else ''} · {done.describe()}"
        if overdue := self.overdue():
            text += f" · ⚠ {overdue} overdue"
        return text + (f" · {applies}: A to attach" if more else "")

    def _show_summary(self) -> None:
        summary = self.query_one("#checklist-summary", Static)
        summary.set_class(self.overdue() > 0, "-overdue")
        # Said again every second by the clock: laid out only when it changes.
        update_line(summary, Text(self.summary()))

    def detail(self) -> str:
        """What the selected row says beyond its line."""
        row = self.grid.current
        if row is None or self.record is None:
            return ""
        values = self.grid.values
        book = row.attachment.playbook
        if row.status is None:
            lines = [printable(book.description)] if book.description else []
            who = f" by {printable(row.attachment.attached_by)}" \
                if row.attachment.attached_by else ""
            lines.append(f"For {book.when.describe()} · attached{who} at "
                         f"{self.grid.clock(row.attachment.attached_at)}")
            return "\n".join(lines)
        item = row.status.item
        lines = []
        if item.hint:
            lines.append(f"Hint: {printable(fill(item.hint, values))}")
        if item.command:
            lines.append(f"$ {printable(fill(item.command, values))}   (y copies)")
        if item.promql:
            lines.append(f"PromQL: {printable(fill(item.promql, values))}   (v graphs)")
        history = [mark for mark in self.record.marks
                   if (mark.playbook_id, mark.item_key) == (book.id, item.key)]
        if history:
            lines.append("History: " + " · ".join(
                f"{_verb(mark.state)} by {printable(mark.author) or 'someone'} at "
                f"{self.grid.clock(mark.at)}"
                + (f" ({printable(mark.reason)})" if mark.reason else "")
                for mark in history))
        return "\n".join(lines) or "No hint, command or query for this item."

    def _show_detail(self) -> None:
        self.query_one("#checklist-detail", Static).update(Text(self.detail()))

    @on(ChecklistGrid.Highlighted)
    def _moved(self, event: ChecklistGrid.Highlighted) -> None:
        event.stop()
        self._show_detail()

    # -- keys ----------------------------------------------------------------------

    def _item(self) -> ItemStatus | None:
        row = self.grid.current
        if row is None or row.status is None:
            self.app.notify("Move to an item first (↑ ↓)", severity="warning", timeout=3)
            return None
        return row.status

    def action_tick(self) -> None:
        if (status := self._item()) is not None:
            state = MarkState.OPEN if status.state is MarkState.DONE else MarkState.DONE
            self.post_message(self.MarkRequested(status, state, self.grid.item_text(status)))

    @on(ChecklistGrid.Activated)
    def _enter(self, event: ChecklistGrid.Activated) -> None:
        event.stop()
        if event.row.status is not None:
            self.action_tick()

    def action_skip(self) -> None:
        if (status := self._item()) is None:
            return
        if status.state is MarkState.SKIPPED:
            self.post_message(self.MarkRequested(status, MarkState.OPEN,
                                                 self.grid.item_text(status)))
        else:
            self.post_message(self.SkipRequested(status, self.grid.item_text(status)))

    def action_copy_command(self) -> None:
        if (status := self._item()) is None:
            return
        if not status.item.command:
            self.app.notify("This item has no command to copy", severity="warning", timeout=3)
            return
        command = fill(status.item.command, self.grid.values)
        unfilled = "<" in command and ">" in command
        # The command itself below the toast's first line: what was copied.
        copy_and_say(self.app, command, "The command", detail=printable(command) + (
            "\nFill in the <…> parts before running it" if unfilled else ""), warning=unfilled)

    def action_graph(self) -> None:
        if (status := self._item()) is None:
            return
        if not status.item.promql:
            self.app.notify("This item has no PromQL to graph", severity="warning", timeout=3)
            return
        self.post_message(self.GraphRequested(self.grid.item_text(status),
                                              fill(status.item.promql, self.grid.values)))

    def action_choose_playbooks(self) -> None:
        self.post_message(self.PlaybooksRequested())

    def action_follow_up(self) -> None:
        row = self.grid.current
        if row is None:
            return
        book = row.attachment.playbook
        if row.status is None:
            self.post_message(self.FollowUpRequested("", f"playbook: {book.title}"))
            return
        text = self.grid.item_text(row.status)
        self.post_message(self.FollowUpRequested(text, f"checklist: {book.title} › {text}"))


def _verb(state: MarkState) -> str:
    return {MarkState.DONE: "ticked", MarkState.SKIPPED: "skipped",
            MarkState.OPEN: "unticked"}[state]
