"""Keys typed in one burst with the key that moves focus: a fast typist, or
a paste, sends `n` and the note together, and Escape then `q` together. The
terminal delivers them in one read, so Textual has handed every key to the
widget focused *before* `n` moved focus: the note's "2" switched the tab and
its "o" opened the incident picker, and a `q` after Escape landed in the note
box. Found by driving two real consoles in tmux
(tests/integration/test_postgres_two_laptops.py). Here the burst is posted
to the app as the driver posts a read's keys: all queued before any is
handled."""

from __future__ import annotations

from textual import events

from tests.conftest import MakeApp
from tests.ui.helpers import settle
from tui.app import WarroomApp
from tui.widgets.note_input import NoteInput
from tui.widgets.workbench import Workbench


def burst(app: WarroomApp, keys: str) -> None:
    """Queue `keys` on the app at once, as one read of the terminal does."""
    for character in keys:
        key = "escape" if character == "\x1b" else character
        app.post_message(events.Key(key, None if key == "escape" else character))


async def test_a_note_typed_with_its_n_is_kept_whole(make_app: MakeApp) -> None:
    async with make_app().run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        note = "2 pods ok, rolling back"
        burst(pilot.app, "n" + note)
        await pilot.pause()
        await pilot.pause()
        box = pilot.app.screen.query_one("#note-input", NoteInput)
        assert box.value == note
        assert pilot.app.screen.query_one(Workbench).active == "timeline"
        assert pilot.app.screen is not None and type(pilot.app.screen).__name__ == "WarroomScreen"


async def test_escape_then_a_key_leaves_the_note_box_first(make_app: MakeApp) -> None:
    async with make_app().run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"half")
        await pilot.pause()
        burst(pilot.app, "\x1b2")
        await pilot.pause()
        await pilot.pause()
        box = pilot.app.screen.query_one("#note-input", NoteInput)
        assert box.value == "half"  # the draft is kept, and the 2 did not join it
        assert pilot.app.screen.query_one(Workbench).active == "checklist"
