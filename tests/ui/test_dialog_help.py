"""`?` inside dialogs (issue 24 items 1 and 10): over a form, the composer's
editor, the pane editor or a picker, the help lists that screen's own keys.
`?` still types where a text field has the focus; F1 opens the help from
anywhere, and the footer offers it there (demo frozen at 14:20 UTC)."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tests.conftest import MakeApp
from tests.ui.helpers import quiesce, settle, steady_cursors, war_room
from tests.ui.test_keys_help import visible_footer_keys
from tui.screens.composer import ComposerScreen
from tui.screens.incident_form import IncidentForm
from tui.screens.keys_help import KeysHelp
from tui.screens.pane_editor import PaneEditor
from tui.screens.playbook_picker import PlaybookPicker
from tui.ui.context import WarroomContext
from tui.ui.keymap import OTHER

MakeContext = Callable[..., WarroomContext]


def own_keys(pilot: Pilot) -> list[tuple[str, str]]:
    """The help's "This screen" section: the dialog's keys."""
    screen = pilot.app.screen
    assert isinstance(screen, KeysHelp), pilot.app.screen_stack
    return [(entry.keys, entry.description) for entry in screen.entries
            if entry.group == OTHER]


async def f1_help(pilot: Pilot) -> list[tuple[str, str]]:
    await pilot.press("f1")
    await pilot.pause()
    keys = own_keys(pilot)
    await pilot.press("f1")  # again: closed
    await pilot.pause()
    assert not isinstance(pilot.app.screen, KeysHelp)
    return keys


async def test_in_a_form_question_mark_types_and_f1_lists_the_form_keys(
        make_context: MakeContext) -> None:
    async with war_room(make_context()) as pilot:
        await pilot.press("E")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, IncidentForm)
        title = pilot.app.focused
        assert isinstance(title, Input)
        await pilot.press("end", *" why?")
        assert title.value.endswith(" why?")
        assert isinstance(pilot.app.screen, IncidentForm)
        # The form's own key line offers F1, since `?` types here.
        assert "F1 help" in str(form.query_one("#incident-form").border_subtitle)
        keys = await f1_help(pilot)
        assert ("esc", "Cancel") in keys and ("ctrl+s", "Save") in keys, keys
        assert pilot.app.screen is form and title.value.endswith(" why?")


async def test_in_the_composer_editor_f1_lists_its_keys(make_context: MakeContext) -> None:
    async with war_room(make_context()) as pilot:
        await pilot.press("3", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ComposerScreen)
        editor = pilot.app.screen.query_one(TextArea)
        await pilot.press("?")
        assert "?" in editor.text
        assert isinstance(pilot.app.screen, ComposerScreen)
        # The footer offers the key that works here.
        assert "f1" in visible_footer_keys(pilot)
        keys = await f1_help(pilot)
        for key in (("ctrl+t", "Copy"), ("ctrl+s", "Save to file"),
                    ("ctrl+g", "Mark as sent"), ("ctrl+l", "Plain text")):
            assert key in keys, keys


async def test_in_the_pane_editor_f1_lists_its_keys(make_context: MakeContext) -> None:
    async with war_room(make_context()) as pilot:
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PaneEditor)
        keys = await f1_help(pilot)
        assert ("ctrl+t", "Test queries") in keys and ("ctrl+n", "Add query") in keys, keys


async def test_in_a_picker_question_mark_lists_its_keys(make_context: MakeContext) -> None:
    async with war_room(make_context()) as pilot:
        await pilot.press("2", "A")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PlaybookPicker)
        # No text field has the focus: `?` itself opens the help.
        await pilot.press("question_mark")
        await pilot.pause()
        assert ("ctrl+s", "Attach/detach") in own_keys(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PlaybookPicker)


def test_dialog_help_snapshot(snap_compare: Callable[..., bool],
                              make_app: MakeApp) -> None:
    """F1 over the edit-incident form: the help box lists "This screen"
    (esc Cancel, ctrl+s Save, the Seen before key), over the form."""

    async def help_over_form(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        steady_cursors(pilot)
        await pilot.press("f1")
        await quiesce(pilot)

    assert snap_compare(make_app(), terminal_size=(160, 48),
                        run_before=help_over_form)
