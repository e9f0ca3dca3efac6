"""Updating a line whose size the stylesheet fixes, without a layout.

`Static.update` lays the whole screen out again by default, in case the new
text changed the widget's size: on the review, where every cursor step
updates a pane's values and legend, that redrew every widget of the screen
(charts included) at every step. A line with a fixed height and a width
that does not follow its text cannot change size, so only it is redrawn."""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


def sized_by_text(static: Static) -> bool:
    """Whether the widget's size may follow its content."""
    height, width = static.styles.height, static.styles.width
    return height is None or height.is_auto or (width is not None and width.is_auto)


def update_line(static: Static, content: VisualType) -> None:
    """`static.update(content)`, laid out again only where its size may
    change, and not even redrawn when it says what it already says (a
    review's step mostly leaves a pane's values and the pod counts as
    they were)."""
    if type(content) is type(static.content) and content == static.content:
        return
    static.update(content, layout=sized_by_text(static))
