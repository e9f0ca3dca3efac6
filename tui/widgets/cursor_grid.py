"""A scrolling list of rows under a one-line header, with a row cursor:
the shared movement of the pods grid and the timeline. Subclasses draw the
lines (only those on screen) and say what Enter does."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


def fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells: padded, or cut with an ellipsis."""
    shown = text if cell_len(text) <= width else set_cell_size(text, max(0, width - 1)) + "…"
    return set_cell_size(shown, width)


def columns(cells: Sequence[str], widths: Sequence[int], styles: Sequence[Style],
            line: Style, width: int, gap: int = 2) -> Strip:
    """One row of cells in fixed-width columns, after a one-cell margin;
    the line style fills the gaps and whatever is left of the row."""
    segments = [Segment(" ", line)]
    for position, (cell, cell_width, style) in enumerate(zip(cells, widths, styles,
                                                             strict=True)):
        if position:
            segments.append(Segment(" " * gap, line))
        segments.append(Segment(fit(cell, cell_width), style))
    return Strip(segments).extend_cell_length(width, line).crop(0, width)


class CursorGrid(ScrollView, can_focus=True):
    # Subclasses add their own `grid--…` components; `_style` finds them all.
    COMPONENT_CLASSES = {"grid--header", "grid--cursor", "grid--muted"}
    DEFAULT_CSS = """
    CursorGrid { overflow-x: hidden; }
    CursorGrid > .grid--header { color: $text; background: $panel; text-style: bold; }
    CursorGrid > .grid--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    CursorGrid:focus > .grid--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    CursorGrid > .grid--muted { color: $text-muted; }
    """
    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,g", "move_to(0)", "First", show=False),
        Binding("end,G", "move_to(-1)", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cursor = 0

    @property
    def row_count(self) -> int:
        raise NotImplementedError

    def activate(self) -> None:
        """Enter, or a double click, on the row under the cursor."""

    def action_activate(self) -> None:
        self.activate()

    @property
    def _width(self) -> int:
        """Cells left of the scrollbar."""
        return self.scrollable_content_region.width

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"grid--{name}")

    def _ink(self, name: str) -> Style:
        """A component's colour and weight without its background, so that
        the cursor and highlights show through the cells."""
        style = self._style(name)
        return Style(color=style.color, bold=style.bold, dim=style.dim, italic=style.italic)

    def _rows_changed(self) -> None:
        """After new rows: the cursor within them, the scroll height (rows
        plus the header) and the view kept on the cursor."""
        self.cursor = max(0, min(self.cursor, self.row_count - 1))
        self.virtual_size = Size(self._width, self.row_count + 1)
        self._keep_cursor_visible()
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self._width, self.row_count + 1)
        self._keep_cursor_visible()

    @property
    def visible_rows(self) -> int:
        """Rows on screen under the header."""
        return max(1, self.size.height - 1)

    def _keep_cursor_visible(self) -> None:
        visible = self.visible_rows
        top = round(self.scroll_offset.y)
        if self.cursor < top:
            self._scroll_rows(self.cursor)
        elif self.cursor >= top + visible:
            self._scroll_rows(self.cursor - visible + 1)

    def _scroll_rows(self, top: int) -> None:
        # Forced: the rows that make the grid scrollable arrive before the
        # layout shows its scrollbar, and until then Textual refuses the
        # scroll: a row added past the bottom stayed out of view.
        self.scroll_to(y=top, animate=False, immediate=True, force=True)

    def move_cursor(self, index: int) -> None:
        index = max(0, min(index, self.row_count - 1))
        before, top = self.cursor, self.scroll_offset.y
        # Even on the same row: the wheel may have scrolled it out of view,
        # and G or End on the last row must bring it back.
        self.cursor = index
        self._keep_cursor_visible()
        if self.scroll_offset.y == top:
            # Only the row the cursor left and the one it reached are drawn
            # again (under the header: row i is line i + 1).
            self.refresh_line(before + 1)
            self.refresh_line(index + 1)
        # Scrolled, the whole view is drawn again (ScrollView.watch_scroll_y).

    def action_move(self, delta: int) -> None:
        self.move_cursor(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor + direction * max(1, self.size.height - 2))

    def action_move_to(self, index: int) -> None:
        self.move_cursor(index if index >= 0 else self.row_count - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        self.move_cursor(round(self.scroll_offset.y) + offset.y - 1)
        if event.chain == 2:
            self.activate()


class ColumnGrid(CursorGrid):
    """A CursorGrid of fixed-width columns under their headings; the column
    of width 0 takes what the others leave. Subclasses give each row's cells
    and, off the cursor, its colour."""

    HEADINGS: tuple[str, ...] = ()
    WIDTHS: tuple[int, ...] = ()

    def row_text(self, index: int) -> tuple[str, ...]:
        raise NotImplementedError

    def row_ink(self, index: int) -> Style:
        return Style()

    def render_line(self, y: int) -> Strip:
        width, base = self._width, self.rich_style
        if y == 0:
            style = base + self._style("header")
            return self._columns(self.HEADINGS, style, style, width)
        index = round(self.scroll_offset.y) + y - 1
        if index >= self.row_count:
            return Strip.blank(width, base)
        line = base + self._style("cursor") if index == self.cursor else base
        ink = Style() if index == self.cursor else self.row_ink(index)
        return self._columns(self.row_text(index), line + ink, line, width)

    def _columns(self, cells: tuple[str, ...], style: Style, line: Style, width: int) -> Strip:
        widths = self.WIDTHS
        flexible = max(8, width - sum(widths) - 2 * (len(widths) - 1) - 2)
        return columns(cells, [w or flexible for w in widths], [style] * len(cells), line,
                       width)
