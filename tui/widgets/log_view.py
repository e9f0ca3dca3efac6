"""A log, drawn a line at a time (only the lines on screen), wrapped or
not, with the search's matches highlighted; it follows the end as lines
arrive unless the user scrolled up, as `tail -f` and k9s do."""

from __future__ import annotations

from collections import deque

from rich.cells import cell_len, chop_cells
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.model.pod_logs import BoundedLines, spans


class LogView(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {"log-view--match", "log-view--current"}
    DEFAULT_CSS = """
    LogView { scrollbar-size-vertical: 1; scrollbar-size-horizontal: 1; }
    LogView > .log-view--match { background: $warning 40%; }
    LogView > .log-view--current { background: $accent; color: $text; text-style: bold; }
    """

    def __init__(self, lines: BoundedLines | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines = lines or BoundedLines()
        self.wrap = False
        self.search_text = ""
        self.current = -1  # the absolute line of the match n/N moved to
        # What is drawn, row by row: (absolute line, first char, end char).
        self._rows: deque[tuple[int, int, int]] = deque()
        self._widest = 0
        self._wrapped_at = 0  # the width the rows were wrapped for
        # Whether the view follows new lines: set by where the user puts the
        # view, not read from it, since a scrollbar appearing or a resize
        # moves the end away from a view that was at it.
        self._following = True

    # -- content -----------------------------------------------------------------

    def append(self, new: list[str], lost: int = 0) -> None:
        """Lines arrived; the oldest beyond the bound go. Followed if the view
        was at the end."""
        following = self._following
        before = self.lines.start
        self.lines.extend(new, lost)
        first_new = max(self.lines.end - len(new), self.lines.start)
        gone = 0
        while self._rows and self._rows[0][0] < self.lines.start:
            self._rows.popleft()
            gone += 1
        for number in range(first_new, self.lines.end):
            self._add_rows(number)
        self._resize()
        if following:
            # After the refresh too: only then is the new height (and any
            # scrollbar it brought) in max_scroll_y.
            self._scroll_to_end()
            self.call_after_refresh(self._scroll_to_end)
        elif self.lines.start != before and gone:
            # Keep the same lines in view while older ones leave the top.
            self.scroll_to(y=max(0, self.scroll_offset.y - gone), animate=False,
                           immediate=True)
        self.refresh()

    def clear(self) -> None:
        self.lines.clear()
        self._rows.clear()
        self._widest = 0
        self.current = -1
        self._resize()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    # Home and End at once, not animated: an animation still running when
    # the next lines arrive would read as "not at the end" and stop following.
    def action_scroll_home(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_scroll_end(self) -> None:
        self._following = True
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def _scroll_to_end(self) -> None:
        if self._following:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        # Only a move the user made away from the end stops the following;
        # the end moving away (lines arriving) does not change scroll_y.
        if new_value != old_value:
            self._following = new_value >= self.max_scroll_y

    @property
    def is_following(self) -> bool:
        return self._following

    def set_wrap(self, wrap: bool) -> None:
        anchor = self._top_line()
        self.wrap = wrap
        self._rebuild()
        self._scroll_to_line(anchor, top=True)

    def set_query(self, query: str) -> list[int]:
        """Highlight `query`; the lines holding it, oldest first."""
        self.search_text = query
        self.current = -1
        self.refresh()
        return self.lines.matches(query)

    def show_match(self, line: int) -> None:
        """Bring `line` into view, in the middle, and mark it current."""
        self.current = line
        self._scroll_to_line(line, top=False)
        self.refresh()

    # -- rows --------------------------------------------------------------------

    @property
    def _text_width(self) -> int:
        return max(10, self.scrollable_content_region.width or self.size.width or 80)

    def _add_rows(self, number: int) -> None:
        line = self.lines[number]
        if not self.wrap:
            self._rows.append((number, 0, len(line)))
            self._widest = max(self._widest, cell_len(line))
            return
        start = 0
        for piece in chop_cells(line, self._text_width) or [""]:
            self._rows.append((number, start, start + len(piece)))
            start += len(piece)

    def _rebuild(self) -> None:
        self._rows.clear()
        self._widest = 0
        self._wrapped_at = self._text_width
        for number in range(self.lines.start, self.lines.end):
            self._add_rows(number)
        self._resize()
        self.refresh()

    def _resize(self) -> None:
        width = self._text_width if self.wrap else self._widest + 1
        self.virtual_size = Size(width, len(self._rows))

    def on_resize(self) -> None:
        if self._following:
            self.call_after_refresh(self._scroll_to_end)
        if self.wrap and self._text_width != self._wrapped_at:
            anchor = self._top_line()
            self._rebuild()
            self._scroll_to_line(anchor, top=True)

    def _top_line(self) -> int:
        index = self.scroll_offset.y
        return self._rows[index][0] if 0 <= index < len(self._rows) else self.lines.start

    def _scroll_to_line(self, line: int, *, top: bool) -> None:
        row = next((index for index, (number, _s, _e) in enumerate(self._rows)
                    if number >= line), 0)
        y = row if top else max(0, row - self.scrollable_content_region.height // 2)
        self.scroll_to(y=y, animate=False, immediate=True)

    # -- drawing -----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = scroll_y + y
        if index >= len(self._rows):
            return Strip.blank(width, base)
        number, start, end = self._rows[index]
        text = self.lines[number][start:end]
        segments = self._highlighted(text, self.lines[number], start, end, number, base)
        strip = Strip(segments)
        if not self.wrap:
            strip = strip.crop(scroll_x, scroll_x + width)
        return strip.extend_cell_length(width, base).crop(0, width)

    def _highlighted(self, text: str, line: str, start: int, end: int, number: int,
                     base: Style) -> list[Segment]:
        if not self.search_text:
            return [Segment(text, base)]
        component = "log-view--current" if number == self.current else "log-view--match"
        mark = base + self.get_component_rich_style(component, partial=True)
        segments, at = [], start
        for first, last in spans(line, self.search_text):
            first, last = max(first, start), min(last, end)
            if first >= last:
                continue
            if first > at:
                segments.append(Segment(line[at:first], base))
            segments.append(Segment(line[first:last], mark))
            at = last
        if at < end:
            segments.append(Segment(line[at:end], base))
        return segments
