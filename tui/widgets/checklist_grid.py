"""The attached playbooks as one list: a line per playbook (with its
progress), per section and per item (with who ticked it when, or when it
is due). Overdue items stand out; done and skipped ones step back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from rich.cells import cell_len
from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from tui.model.checklist import Attachment, ItemStatus, MarkState, Progress, progress
from tui.model.playbook import fill
from tui.model.safe_text import printable
from tui.model.timefmt import format_age, near_clock
from tui.widgets.cursor_grid import CursorGrid, columns, fit

SIDE_WIDTH = 36
BAR_WIDTH = 10


@dataclass(frozen=True)
class ChecklistRow:
    attachment: Attachment
    # None on the playbook's own line and on section lines.
    status: ItemStatus | None = None
    section: str = ""
    done: Progress | None = None


def progress_bar(done: Progress, width: int = BAR_WIDTH) -> str:
    filled = round(done.ratio * width)
    return "■" * filled + "□" * (width - filled)


class ChecklistGrid(CursorGrid):
    COMPONENT_CLASSES = {"grid--book", "grid--section", "grid--done", "grid--skipped",
                         "grid--overdue"}
    DEFAULT_CSS = """
    ChecklistGrid > .grid--book { color: $accent; text-style: bold; }
    ChecklistGrid > .grid--section { color: $text-muted; text-style: bold; }
    ChecklistGrid > .grid--done { color: $success; }
    ChecklistGrid > .grid--skipped { color: $text-muted; text-style: italic; }
    ChecklistGrid > .grid--overdue { color: $error; text-style: bold; }
    """
    BINDINGS = [Binding("enter", "activate", "Tick", show=False)]

    class Activated(Message):
        """Enter or a double click on a row."""

        def __init__(self, row: ChecklistRow) -> None:
            super().__init__()
            self.row = row

    class Highlighted(Message):
        """The cursor is on another row (or the rows changed under it)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ChecklistRow] = []
        self.values: dict[str, str] = {}
        self.now = datetime.now(UTC)
        self.zone: tzinfo = UTC

    def set_rows(self, rows: list[ChecklistRow], values: dict[str, str]) -> None:
        """New rows; the cursor stays on the item (or playbook) it was on."""
        current = self.current
        self.rows, self.values = rows, values
        if current is not None:
            self.cursor = next((index for index, row in enumerate(rows)
                                if _same_place(row, current)), self.cursor)
        self._rows_changed()
        self.post_message(self.Highlighted())

    def move_cursor(self, index: int) -> None:
        before = self.cursor
        super().move_cursor(index)
        if self.cursor != before:
            self.post_message(self.Highlighted())

    def set_time(self, now: datetime, zone: tzinfo) -> None:
        """Overdue is a matter of time: redrawn as the clock moves."""
        self.now, self.zone = now, zone
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def current(self) -> ChecklistRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def item_text(self, status: ItemStatus) -> str:
        return printable(fill(status.item.text, self.values))

    def row_text(self, index: int) -> tuple[str, str]:
        """A row as a user reads it: the item (or title) and what is said
        on the right (who and when, due, progress)."""
        row = self.rows[index]
        status = row.status
        if status is None and row.section:
            return f"   {printable(row.section)}", ""
        if status is None:
            book = row.attachment.playbook
            done = row.done or progress([])
            return (f"▌{printable(book.title)}",
                    f"{done.describe()} {progress_bar(done)}")
        state = status.state
        text = f"     {state.glyph} {self.item_text(status)}"
        mark = status.mark
        if state is not MarkState.OPEN and mark is not None:
            who = f"{printable(mark.author)} " if mark.author else ""
            return text, f"{who}{self.clock(mark.at)}"
        if status.due_at is None:
            return text, ""
        if status.overdue(self.now):
            return text, f"⚠ overdue {format_age(self.now - status.due_at)}"
        return text, f"due {self.clock(status.due_at)}"

    def clock(self, moment: datetime) -> str:
        return near_clock(moment, self.now, zone=self.zone)

    def render_line(self, y: int) -> Strip:
        width, base = self._width, self.rich_style
        if y == 0:
            style = base + self._style("header")
            return self._strip("PLAYBOOK / ITEM", "DONE BY · DUE", style, style, width)
        index = round(self.scroll_offset.y) + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, base)
        left, right = self.row_text(index)
        line = base + self._style("cursor") if index == self.cursor else base
        ink = Style() if index == self.cursor else self._ink(self._kind(self.rows[index]))
        return self._strip(left, right, line + ink, line + ink, width)

    def _kind(self, row: ChecklistRow) -> str:
        if row.status is None:
            return "section" if row.section else "book"
        if row.status.overdue(self.now):
            return "overdue"
        return {MarkState.DONE: "done", MarkState.SKIPPED: "skipped"}.get(
            row.status.state, "")

    def _ink(self, name: str) -> Style:
        return super()._ink(name) if name else Style()

    @staticmethod
    def _strip(left: str, right: str, left_style: Style, line: Style, width: int) -> Strip:
        side = min(SIDE_WIDTH, max(0, width // 3))
        main = max(1, width - side - 2)
        said = fit(right, side).rstrip()
        said = " " * (side - cell_len(said)) + said  # the right column reads right-aligned
        return columns((left, said), (main, side), (left_style, left_style), line, width, 1)

    def activate(self) -> None:
        if self.current is not None:
            self.post_message(self.Activated(self.current))


def _same_place(a: ChecklistRow, b: ChecklistRow) -> bool:
    if a.attachment.playbook.id != b.attachment.playbook.id or a.section != b.section:
        return False
    if a.status is None or b.status is None:
        return a.status is None and b.status is None
    return a.status.item.key == b.status.item.key
