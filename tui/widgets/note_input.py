"""The timeline's note box.

Textual's Input sets its virtual width to the text's on every keystroke,
and a virtual size is a layout reactive: each character typed laid the whole
war room out again (about fifty widgets, their scroll bars repainted) where
only the box changed. A one-line box of fixed size needs its scroll range,
not a layout: the range is kept, the layout is not asked for."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class NoteInput(Input):
    # As Widget's, without `layout=True`: the box's size never follows its text.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
