"""The note box scrolls with what is typed though it is never laid out
again per keystroke (tui/widgets/note_input.py): a note longer than the box
keeps its newest characters and the cursor in view, and Home brings back
its start, at 160 and 80 columns."""

from __future__ import annotations

import pytest
from textual import events

from tests.conftest import MakeApp
from tests.ui.helpers import settle
from tui.widgets.note_input import NoteInput

LONG = "start " + "payments latency climbing after deploy 4.2 " * 5 + "END"


def box_text(box: NoteInput) -> str:
    return "".join(box.render_line(y).text for y in range(box.size.height))


@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
async def test_a_long_note_keeps_its_end_in_view(make_app: MakeApp,
                                                 size: tuple[int, int]) -> None:
    async with make_app().run_test(size=size) as pilot:
        await settle(pilot)
        # The start pasted, the rest typed: each key pressed through Pilot
        # costs a frame, and what is tested is the box following the typing.
        await pilot.press("n")
        pilot.app.post_message(events.Paste(LONG[:-20]))
        await pilot.pause()
        await pilot.press(*LONG[-20:])
        await pilot.pause()
        box = pilot.app.screen.query_one("#note-input", NoteInput)
        assert len(LONG) > box.content_size.width  # longer than the box
        shown = box_text(box)
        assert "END" in shown and "start" not in shown, shown
        await pilot.press("home")
        await pilot.pause()
        shown = box_text(box)
        assert "start" in shown and "END" not in shown, shown
        assert box.value == LONG
