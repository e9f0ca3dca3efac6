"""The timeline's rows, drawn line by line.

A DataTable formats and measures every row it is given: a 10k-entry
incident took 1.6 s to open and as long again for each note added. This
grid keeps the entries as they are and formats only the rows on screen, so
opening or adding to a long timeline costs the same as a short one."""

from __future__ import annotations

from datetime import UTC, tzinfo

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from tui.model.safe_text import printable
from tui.model.timefmt import NEAR
from tui.model.timeline import EntryKind, TimelineEntry
from tui.widgets.cursor_grid import CursorGrid, columns

TIME_WIDTH, KIND_WIDTH, WHO_WIDTH = 10, 9, 14
# `Mar 14 14:20:05Z`: the time column of a timeline that spans days.
DATED_TIME_WIDTH = 16
# Beyond this an entry is a paste (a log, a stack trace): its size is worth saying.
LONG_ENTRY = 300
GAP = 2
STAR = "★ "


def entry_line(text: str, width: int) -> str:
    """An entry on one line of `width` cells: printable, newlines marked, and
    when it does not fit, cut with its full length said (the editor shows it
    all)."""
    # Never more than a screen's worth is cleaned: a pasted megabyte costs
    # no more to draw than a sentence.
    line = printable(text[: max(width, 1) * 4].replace("\n", " ⏎ "))
    if cell_len(line) <= width and len(text) <= max(width, 1) * 4:
        return line
    suffix = f"… ({len(text):,} characters)" if len(text) > LONG_ENTRY else "…"
    head = max(0, width - cell_len(suffix))
    return set_cell_size(line, head) + suffix if head else set_cell_size(line, width)


class TimelineGrid(CursorGrid):
    COMPONENT_CLASSES = {"grid--star", "grid--record"}
    DEFAULT_CSS = """
    TimelineGrid > .grid--star { color: $warning; text-style: bold; }
    TimelineGrid > .grid--record { color: $accent; }
    """
    BINDINGS = [Binding("enter", "activate", "Edit", show=False)]

    class Selected(Message):
        """Enter or a double click on an entry."""

        def __init__(self, entry: TimelineEntry) -> None:
            super().__init__()
            self.entry = entry

    class Highlighted(Message):
        """The cursor came to rest on another entry (a review follows it)."""

        def __init__(self, entry: TimelineEntry) -> None:
            super().__init__()
            self.entry = entry

    class NewBelow(Message):
        """How many entries the user has not seen wait below the view."""

        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[TimelineEntry] = []
        self.zone: tzinfo = UTC
        self.zone_label = "UTC"
        # The entries the user has had in view at the tail: those not among
        # them and below the view are the "N new below".
        self._seen: set[int] = set()
        # Of the entries, those not seen (None: to be worked out again).
        self._unseen: set[int] | None = set()
        self._new_below = 0
        # Lines drawn, by (row, on the cursor, focused, style): a step that
        # scrolls the view by a row draws one new line, not the whole view.
        self._lines: dict[tuple[int, bool, bool, Style], Strip] = {}
        self._lines_width = 0
        # Entries more than a day apart: each time says its date, as a bare
        # clock reads as today's.
        self.dated = False

    # -- data ----------------------------------------------------------------------

    @property
    def following(self) -> bool:
        """At the tail, as `tail -f`: the cursor on the newest entry and that
        entry in view (the wheel may have taken it away). A grid not laid out
        yet (a hidden tab) follows on the cursor alone."""
        if self.current is None:
            return True
        if self.cursor < len(self.entries) - 1:
            return False
        return not self.size.height or self.cursor < self._bottom()

    def _bottom(self) -> int:
        """The index just past the last row in view."""
        return round(self.scroll_offset.y) + self.visible_rows

    def set_entries(self, entries: list[TimelineEntry]) -> None:
        """Show `entries` (in order). At the tail the view follows the newest
        entry; moved up, the cursor and the rows in view stay where the user
        is reading, and the newer entries are counted below."""
        current, following = self.current, self.following
        self.entries = entries
        self.dated = len(entries) > 1 and abs(entries[-1].at - entries[0].at) > NEAR
        self._unseen = None
        self._lines.clear()
        if following:
            self.cursor = len(entries) - 1
        elif current is not None:
            before = self.cursor
            self.cursor = next((index for index, entry in enumerate(entries)
                                if entry.id == current.id), self.cursor)
            if self.cursor != before:
                # Entries inserted above (a backdated one): the same rows stay.
                self._scroll_rows(round(self.scroll_offset.y) + self.cursor - before)
        self._rows_changed()
        self._count_new_below()

    def move_cursor(self, index: int) -> None:
        before = self.current
        super().move_cursor(index)
        if self.current is not None and self.current is not before:
            self.post_message(self.Highlighted(self.current))
        self._count_new_below()

    def on_resize(self) -> None:
        super().on_resize()
        self._count_new_below()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._count_new_below()

    def _count_new_below(self) -> None:
        """Tell the pane how many entries the user has not seen wait below
        the view; none when following."""
        if self.following:
            self._seen = {entry.id for entry in self.entries}
            self._unseen = set()
            count = 0
        else:
            if self._unseen is None:
                self._unseen = {entry.id for entry in self.entries} - self._seen
            unseen = self._unseen
            count = sum(entry.id in unseen
                        for entry in self.entries[max(0, self._bottom()):]) if unseen else 0
        if count != self._new_below:
            self._new_below = count
            self.post_message(self.NewBelow(count))

    @property
    def new_below(self) -> int:
        return self._new_below

    def set_zone(self, zone: tzinfo, label: str) -> None:
        self.zone, self.zone_label = zone, label
        self._lines.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines = {}  # drawn in the old colours

    @property
    def row_count(self) -> int:
        return len(self.entries)

    @property
    def current(self) -> TimelineEntry | None:
        return self.entries[self.cursor] if 0 <= self.cursor < len(self.entries) else None

    def row_text(self, index: int, width: int = 10_000) -> tuple[str, str, str, str]:
        """Time, kind, who and entry of a row, as a user reads them."""
        entry = self.entries[index]
        local = entry.at.astimezone(self.zone)
        clock = local.strftime("%H:%M:%S") + ("Z" if self.zone is UTC else "")
        if self.dated:
            clock = f"{local:%b} {local.day} {clock}"
        star = STAR if entry.starred else ""
        return (clock, entry.kind.value, printable(entry.author),
                star + entry_line(entry.text, width - cell_len(star)))

    # -- drawing ---------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width, base = self._width, self.rich_style
        text_width = max(1, width - 1 - self.time_width - KIND_WIDTH - WHO_WIDTH - 3 * GAP)
        if y == 0:
            style = base + self._style("header")
            cells = (f"TIME ({self.zone_label})", "KIND", "WHO", "ENTRY")
            return self._strip(cells, (style,) * 4, style, width, text_width)
        index = round(self.scroll_offset.y) + y - 1
        if index >= len(self.entries):
            return Strip.blank(width, base)
        if width != self._lines_width or len(self._lines) > 4 * self.visible_rows:
            self._lines, self._lines_width = {}, width
        key = (index, index == self.cursor, self.has_focus, base)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._lines[key] = self._entry_line(index, width, base, text_width)
        return strip

    def _entry_line(self, index: int, width: int, base: Style, text_width: int) -> Strip:
        entry = self.entries[index]
        cells = self.row_text(index, text_width)
        line = base + self._style("cursor") if index == self.cursor else base
        if index == self.cursor:
            inks = (Style(),) * 4
        else:
            muted = self._ink("muted")
            record = entry.kind in (EntryKind.STATUS, EntryKind.MILESTONE)
            inks = (muted, muted, muted, self._ink("record") if record else Style())
        segments = self._strip(cells, tuple(line + ink for ink in inks), line, width,
                               text_width)
        if entry.starred and index != self.cursor:
            # The star in its own colour: the rest of the text stays plain.
            offset = 1 + self.time_width + KIND_WIDTH + WHO_WIDTH + 3 * GAP
            star = Strip([Segment(STAR, line + self._ink("star"))])
            segments = Strip.join([segments.crop(0, offset), star,
                                   segments.crop(offset + cell_len(STAR), width)])
        return segments

    @property
    def time_width(self) -> int:
        return DATED_TIME_WIDTH if self.dated else TIME_WIDTH

    def _strip(self, cells: tuple[str, ...], styles: tuple[Style, ...], line: Style, width: int,
               text_width: int) -> Strip:
        return columns(cells, (self.time_width, KIND_WIDTH, WHO_WIDTH, text_width), styles,
                       line, width, GAP)

    # -- cursor ------------------------------------------------------------------------

    def activate(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current))
