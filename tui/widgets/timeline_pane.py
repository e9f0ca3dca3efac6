"""The incident timeline, in true chronological order, with a note box and
the editing keys: i adds an entry with its own time, Enter or e edits,
d deletes (u undoes), s stars, z shows times in UTC or local time."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input
from textual.widgets.data_table import ColumnKey

from tui.model.safe_text import printable
from tui.model.timeline import TimelineEntry


def system_zone() -> tzinfo:
    zone = datetime.now().astimezone().tzinfo
    return zone if zone is not None else UTC


# A pasted log of a megabyte stays whole in the store; the row shows its start.
SHOWN_CHARACTERS = 300


def shown_text(text: str) -> str:
    """One line of an entry for the table: printable, and cut when long."""
    line = printable(text[:SHOWN_CHARACTERS].replace("\n", " ⏎ "))
    if len(text) > SHOWN_CHARACTERS:
        line += f"… ({len(text):,} characters)"
    return line


class TimelinePane(Vertical):
    BINDINGS = [
        Binding("i", "edit_entry(True)", "New entry", id="timeline.new"),
        Binding("e", "edit_entry(False)", "Edit", id="timeline.edit"),
        Binding("d,delete", "delete_entry", "Delete", id="timeline.delete"),
        Binding("u", "undo_delete", "Undo delete", id="timeline.undo"),
        Binding("s", "star", "Star", id="timeline.star"),
        Binding("z", "toggle_zone", "UTC/local", id="timeline.zone"),
    ]

    class NoteSubmitted(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class EditRequested(Message):
        """Open the entry editor: on `entry`, or on a new entry when None."""

        def __init__(self, entry: TimelineEntry | None) -> None:
            super().__init__()
            self.entry = entry

    class DeleteRequested(Message):
        def __init__(self, entry: TimelineEntry) -> None:
            super().__init__()
            self.entry = entry

    class UndoRequested(Message):
        pass

    class StarRequested(Message):
        def __init__(self, entry: TimelineEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, entries: list[TimelineEntry], *, local_zone: tzinfo | None = None
                 ) -> None:
        super().__init__()
        self._entries = entries
        self.local_zone = local_zone or system_zone()
        self.local = False  # times in UTC until z says otherwise

    @property
    def zone(self) -> tzinfo:
        """The zone times are shown in, and typed times are read in."""
        return self.local_zone if self.local else UTC

    @property
    def zone_label(self) -> str:
        if not self.local:
            return "UTC"
        return datetime.now(self.local_zone).strftime("%Z") or "local"

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
        self.show(self._entries)

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#timeline-table", DataTable)

    def show(self, entries: list[TimelineEntry]) -> None:
        table = self.table
        self._entries = entries
        selected = self.selected
        at_end = table.cursor_row >= table.row_count - 1
        table.columns[ColumnKey("time")].label = Text(f"TIME ({self.zone_label})")
        table.clear()
        zone, suffix = self.zone, "Z" if not self.local else ""
        for entry in entries:
            star = "★ " if entry.starred else ""
            table.add_row(
                Text(entry.at.astimezone(zone).strftime("%H:%M:%S") + suffix),
                Text(entry.kind.value),
                Text(printable(entry.author), no_wrap=True, overflow="ellipsis"),
                Text(star + shown_text(entry.text)),
                key=str(entry.id),
            )
        if not table.row_count:
            return
        if at_end and (selected is None or selected.id == entries[-1].id):
            # Follow the newest entry unless the reader moved back.
            table.move_cursor(row=table.row_count - 1, animate=False)
        elif selected is not None:
            index = next((i for i, e in enumerate(entries) if e.id == selected.id), None)
            if index is not None:
                table.move_cursor(row=index, animate=False)

    @property
    def selected(self) -> TimelineEntry | None:
        table = self.table
        row = table.cursor_row
        if not self._entries or not 0 <= row < table.row_count:
            return None
        key = table.coordinate_to_cell_key((row, 0)).row_key.value
        return next((entry for entry in self._entries if str(entry.id) == key), None)

    # -- keys ------------------------------------------------------------------

    def action_edit_entry(self, new: bool) -> None:
        entry = None if new else self.selected
        if new or entry is not None:
            self.post_message(self.EditRequested(entry))

    @on(DataTable.RowSelected, "#timeline-table")
    def _enter(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_entry(False)

    def action_delete_entry(self) -> None:
        if (entry := self.selected) is not None:
            self.post_message(self.DeleteRequested(entry))

    def action_undo_delete(self) -> None:
        self.post_message(self.UndoRequested())

    def action_star(self) -> None:
        if (entry := self.selected) is not None:
            self.post_message(self.StarRequested(entry))

    def action_toggle_zone(self) -> None:
        self.local = not self.local
        self.show(self._entries)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if text:
            # The input is cleared only once the store has the note (see
            # `note_saved`): a failed write leaves what was typed in place.
            self.post_message(self.NoteSubmitted(text))

    def note_saved(self) -> None:
        self.query_one("#note-input", Input).value = ""
