"""The sheets that lay out the shared widgets hold layout only (issue 26):
a widget's colours and text styles are in its own DEFAULT_CSS, so that a
widget looks the same on every screen that shows it, and a screen's sheet
cannot restyle one unseen. Read as text: Textual's parser resolves the
variables, which would hide where a colour came from."""

from __future__ import annotations

import re
from pathlib import Path

import tui

SCREENS = Path(tui.__file__).parent / "screens"
# The war room's and the shared widgets' sheets. The dialogs' own sheets
# style what only those dialogs compose.
LAYOUT_ONLY = ("warroom.tcss", "incident_widgets.tcss")
# `border: none` gives the room back: layout, not a look.
LOOK = re.compile(r"^\s*(color|background|border(-[a-z-]+)?|text-style|opacity|tint)\s*:"
                  r"(?!\s*none\s*;)")


def looks(sheet: str) -> list[str]:
    found = []
    for line in (SCREENS / sheet).read_text(encoding="utf-8").splitlines():
        for declaration in re.split(r"[{;]", line):
            if LOOK.match(declaration + ";"):
                found.append(line.strip())
    return found


def test_the_war_room_sheets_hold_no_colours_or_styles() -> None:
    for sheet in LAYOUT_ONLY:
        assert looks(sheet) == [], sheet


def test_the_check_sees_a_colour_in_a_one_line_rule() -> None:
    # The check itself: a colour after layout on one line is still found.
    assert LOOK.match(" color: $warning;")
    assert LOOK.match(" border: round $accent;")
    assert not LOOK.match(" border: none;")
    assert not LOOK.match(" height: 1;")
