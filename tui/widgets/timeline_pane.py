"""The incident timeline, in true chronological order, with a note box."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input

from tui.model.safe_text import printable
from tui.model.timefmt import clock_utc
from tui.model.timeline import TimelineEntry


class TimelinePane(Vertical):
    class NoteSubmitted(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, entries: list[TimelineEntry]) -> None:
        super().__init__()
        self._initial = entries

    def compose(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(cursor_type="row", id="timeline-table")
        table.add_column("TIME (UTC)", key="time", width=10)
        table.add_column("KIND", key="kind", width=9)
        table.add_column("WHO", key="who", width=14)
        table.add_column("ENTRY", key="text")
        yield table
        yield Input(placeholder="Add a note to the timeline (n), Enter to save",
                    id="note-input", select_on_focus=False)

    def on_mount(self) -> None:
        self.show(self._initial)

    def show(self, entries: list[TimelineEntry]) -> None:
        table = self.query_one(DataTable)
        at_end = table.cursor_row >= table.row_count - 1
        table.clear()
        for entry in entries:
            star = "★ " if entry.starred else ""
            table.add_row(
                Text(clock_utc(entry.at)),
                Text(entry.kind.value),
                Text(printable(entry.author), no_wrap=True, overflow="ellipsis"),
                Text(star + printable(entry.text)),
                key=str(entry.id),
            )
        if at_end and table.row_count:
            # Follow the newest entry unless the reader scrolled back.
            table.move_cursor(row=table.row_count - 1, animate=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if text:
            # The input is cleared only once the store has the note (see
            # `note_saved`): a failed write leaves what was typed in place.
            self.post_message(self.NoteSubmitted(text))

    def note_saved(self) -> None:
        self.query_one(Input).value = ""
