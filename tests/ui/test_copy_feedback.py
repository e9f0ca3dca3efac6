"""Copy says where the text went, from every copy key (issue 24 item 10):
OSC 52 to the terminal, or "your terminal may not take it: ctrl+l shows
it" where the terminal is known not to (tmux with set-clipboard off,
WARROOM_CLIPBOARD=off…); `ctrl+l`, anywhere, shows the last copied text
alone to select by hand. OSC 52 itself cannot be observed headless: the
tests read what the app sent to its clipboard, the toasts and the screen."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.conftest import MakeApp
from tests.ui.helpers import settle, toasts, wait_for
from tests.ui.test_checklists_ui import open_item
from tui.screens.copied import PlainTextScreen
from tui.screens.keys_help import KeysHelp


@pytest.fixture
def terminal_takes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WARROOM_CLIPBOARD", "TMUX", "VTE_VERSION", "TERM_PROGRAM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


@pytest.fixture
def terminal_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARROOM_CLIPBOARD", "off")


def said(pilot: Pilot) -> str:
    return " ".join(toasts(pilot.app))


def plain_text(pilot: Pilot) -> str:
    screen = pilot.app.screen
    assert isinstance(screen, PlainTextScreen), pilot.app.screen_stack
    return str(screen.query_one("#plain-text", Static).render())


async def wait_for_toast(pilot: Pilot, words: str) -> None:
    await wait_for(pilot, lambda: words in said(pilot))


@pytest.mark.usefixtures("terminal_refuses")
async def test_checklist_copy_where_the_terminal_may_not_take_it(
        make_app: MakeApp) -> None:
    async with make_app().run_test(size=(160, 48),
                                                   notifications=True) as pilot:
        await settle(pilot)
        await open_item(pilot, "pods")
        await pilot.press("y")
        await wait_for_toast(pilot, "your terminal may not take it: ctrl+l shows it")
        assert pilot.app.clipboard == "kubectl get pods -n shop -o wide"
        # The toast names what was copied and why it may not have arrived.
        assert "The command copied" in said(pilot)
        assert "turned off" in said(pilot)
        assert "kubectl get pods -n shop -o wide" in said(pilot)
        # ctrl+l: the text alone, from the war room, and ctrl+l again goes back.
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert plain_text(pilot) == "kubectl get pods -n shop -o wide"
        assert "turned off" in str(pilot.app.screen.query_one("#plain-note", Static).render())
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, PlainTextScreen)


@pytest.mark.usefixtures("terminal_takes_it")
async def test_contact_copy_says_it_went_to_the_terminal(make_app: MakeApp) -> None:
    async with make_app().run_test(size=(160, 48),
                                                   notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await pilot.pause()
        await pilot.press("y")
        await wait_for_toast(pilot, "copied to the terminal's clipboard (OSC 52)")
        copied = pilot.app.clipboard
        assert copied and f"How to reach {copied.split(':')[0]}" in said(pilot)
        # Shown plain all the same, for whoever prefers to select it.
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert plain_text(pilot) == copied
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, PlainTextScreen)


@pytest.mark.usefixtures("terminal_refuses")
async def test_the_communication_copy_says_so_and_ctrl_l_shows_it(
        make_app: MakeApp) -> None:
    async with make_app().run_test(size=(160, 48),
                                                   notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("3", "y")
        await wait_for_toast(pilot, "your terminal may not take it: ctrl+l shows it")
        copied = pilot.app.clipboard
        assert copied
        # No screen thrown over the war room: the toast says, ctrl+l shows.
        assert not isinstance(pilot.app.screen, PlainTextScreen)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert plain_text(pilot) == copied


async def test_ctrl_l_before_any_copy_says_how_to_copy(make_app: MakeApp) -> None:
    async with make_app().run_test(size=(160, 48),
                                                   notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        await wait_for_toast(pilot, "Nothing copied yet")
        assert not isinstance(pilot.app.screen, PlainTextScreen)


async def test_ctrl_l_is_in_the_help(make_app: MakeApp) -> None:
    async with make_app().run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, KeysHelp)
        entry = next(entry for entry in screen.entries if entry.keys == "ctrl+l")
        assert entry.group == "Navigation" and entry.description == "Last copied text"


@pytest.mark.usefixtures("terminal_refuses")
async def test_ctrl_l_shows_a_copy_made_inside_a_dialog(make_app: MakeApp) -> None:
    """The pod detail is a dialog over the war room: its `y` copies the
    describe command, and ctrl+l, pressed inside the dialog, shows it; Escape
    goes back to the dialog, not past it."""
    async with make_app().run_test(size=(160, 48),
                                                   notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the first pod's detail
        await settle(pilot)
        detail = pilot.app.screen
        await pilot.press("y")
        await wait_for_toast(pilot, "ctrl+l shows it")
        copied = pilot.app.clipboard
        assert copied.startswith("kubectl describe pod ")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert plain_text(pilot) == copied
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is detail
