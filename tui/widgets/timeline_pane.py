"""The incident timeline, in true chronological order, with a note box and
the editing keys: i adds an entry with its own time, Enter or e edits,
d deletes (u undoes), s stars, z shows times in UTC or local time, F makes
a follow-up action item of the entry."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from tui.model.timeline import TimelineEntry
from tui.widgets.fixed_line import update_line
from tui.widgets.note_input import NoteInput
from tui.widgets.timeline_grid import TimelineGrid


def system_zone() -> tzinfo:
    zone = datetime.now().astimezone().tzinfo
    return zone if zone is not None else UTC


# What a read-only timeline refuses.
_WRITING = frozenset({"edit_entry", "delete_entry", "undo_delete"})


class TimelinePane(Vertical):
    DEFAULT_CSS = """
    TimelinePane #timeline-new-below {
        display: none; height: 1; padding: 0 1; color: $accent; text-style: bold;
    }
    TimelinePane Input { border: tall $primary 30%; }
    TimelinePane Input:focus { border: tall $accent; }
    TimelinePane #note-pending { color: $warning; }
    """
    BINDINGS = [
        Binding("i", "edit_entry(True)", "New entry", id="timeline.new"),
        Binding("e", "edit_entry(False)", "Edit", id="timeline.edit"),
        Binding("d,delete", "delete_entry", "Delete", id="timeline.delete"),
        Binding("u", "undo_delete", "Undo delete", id="timeline.undo"),
        Binding("s", "star", "Star", id="timeline.star"),
        Binding("z", "toggle_zone", "UTC/local", id="timeline.zone"),
        Binding("F", "follow_up", "Follow-up", id="timeline.follow-up"),
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

    class FollowUpRequested(Message):
        """Make a follow-up action item of the entry."""

        def __init__(self, entry: TimelineEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, entries: list[TimelineEntry], *, local_zone: tzinfo | None = None,
                 read_only: bool = False) -> None:
        """`read_only` (a review): no note box, no adding, editing or deleting;
        starring, follow-ups and the zone stay."""
        super().__init__()
        self._entries = entries
        self.read_only = read_only
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
        yield TimelineGrid(id="timeline-grid")
        # Moved up from the tail: what arrived since, and how to get there.
        yield Static("", id="timeline-new-below", markup=False)
        if not self.read_only:
            # Notes taken from the box but not yet stored, and why one failed.
            yield Static("", id="note-pending", markup=False)
            yield NoteInput(placeholder="Add a note to the timeline (n), Enter to save",
                            id="note-input", select_on_focus=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A read-only timeline hides the writing keys, which then do nothing.
        return not (self.read_only and action in _WRITING)

    def on_mount(self) -> None:
        self.show(self._entries)

    @property
    def grid(self) -> TimelineGrid:
        return self.query_one("#timeline-grid", TimelineGrid)

    def show(self, entries: list[TimelineEntry]) -> None:
        self._entries = entries
        grid = self.grid
        grid.set_zone(self.zone, self.zone_label)
        grid.set_entries(entries)

    @on(TimelineGrid.NewBelow)
    def _new_below(self, event: TimelineGrid.NewBelow) -> None:
        event.stop()
        line = self.query_one("#timeline-new-below", Static)
        line.display = event.count > 0
        line.update(f"↓ {event.count} new below, G to jump" if event.count else "")

    @property
    def selected(self) -> TimelineEntry | None:
        return self.grid.current

    # -- keys ------------------------------------------------------------------

    def action_edit_entry(self, new: bool) -> None:
        entry = None if new else self.selected
        if new or entry is not None:
            self.post_message(self.EditRequested(entry))

    @on(TimelineGrid.Selected)
    def _enter(self, event: TimelineGrid.Selected) -> None:
        event.stop()
        if not self.read_only:
            self.post_message(self.EditRequested(event.entry))

    def action_delete_entry(self) -> None:
        if (entry := self.selected) is not None:
            self.post_message(self.DeleteRequested(entry))

    def action_undo_delete(self) -> None:
        self.post_message(self.UndoRequested())

    def action_star(self) -> None:
        if (entry := self.selected) is not None:
            self.post_message(self.StarRequested(entry))

    def action_follow_up(self) -> None:
        if (entry := self.selected) is not None:
            self.post_message(self.FollowUpRequested(entry))

    def action_toggle_zone(self) -> None:
        self.local = not self.local
        self.show(self._entries)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        # The text leaves the box at once, into the screen's queue of notes
        # being saved: what is typed while a save waits is a new note, and an
        # Enter pressed again has nothing to save twice. An empty Enter still
        # goes out: it asks for notes that failed to be saved again.
        event.input.value = ""
        self.post_message(self.NoteSubmitted(event.value.strip()))

    def show_pending(self, lines: list[str]) -> None:
        for pending in self.query("#note-pending").results(Static):
            pending.display = bool(lines)
            update_line(pending, Text("\n".join(lines)))
