"""Help where people look (issue 24 item 1): `?` lists the keys of the
screen and of the focused pane, grouped, built from the real bindings; the
palette finds it by "keys" and "help"; the footer puts the focused pane's
keys first and never cuts `? Help` (demo frozen at 14:20 UTC)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static

from tests.conftest import MakeApp
from tests.ui.helpers import footer_keys, quiesce, settle, war_room
from tui.screens.keys_help import KeysHelp
from tui.ui.context import WarroomContext
from tui.ui.keymap import OTHER
from tui.widgets.metric_pane import MetricPane
from tui.widgets.warroom_footer import WarroomFooter

MakeContext = Callable[..., WarroomContext]
README = Path(__file__).resolve().parents[2] / "README.md"


async def open_help(pilot: Pilot) -> KeysHelp:
    await pilot.press("question_mark")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, KeysHelp), pilot.app.screen_stack
    return screen


def shown_text(screen: KeysHelp) -> str:
    return "\n".join(str(static.render()) for static in screen.query(Static))


async def test_question_mark_lists_the_war_room_keys_grouped(make_context: MakeContext) -> None:
    async with war_room(make_context()) as pilot:
        screen = await open_help(pilot)
        keys = [entry.keys for entry in screen.entries]
        for key in ("K", "M", "U", "Z", "F5", "q", "ctrl+p", ":", "?"):
            assert any(key in entry for entry in keys), (key, keys)
        groups = [title for title, _ in screen.sections]
        for group in ("Incident", "Timeline", "Live panes", "Communications", "Navigation"):
            assert group in groups, groups
        # A key added to the war room gets a group (tui.ui.keymap.GROUPS).
        assert OTHER not in groups, [entry for entry in screen.entries if entry.group == OTHER]
        text = shown_text(screen)
        # As the user reads it: each group titled, each key beside its words.
        assert "Communications" in text and re.search(r"\bU\s+Mark sent", text), text
        assert re.search(r"\bF5\s+Present", text), text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, KeysHelp)


async def test_question_mark_on_a_metric_pane_lists_its_keys_first(
        make_context: MakeContext) -> None:
    async with war_room(make_context()) as pilot:
        pilot.app.screen.query(MetricPane).first().focus()
        await settle(pilot)
        screen = await open_help(pilot)
        first = [entry.keys for entry in screen.entries[:3]]
        assert first == ["e", "x", "p"], [entry.keys for entry in screen.entries[:8]]


async def test_question_mark_on_another_screen_lists_its_keys_first(
        make_context: MakeContext) -> None:
    async with war_room(make_context()) as pilot:
        await pilot.press("M")
        await settle(pilot)
        screen = await open_help(pilot)
        assert [(entry.keys, entry.description) for entry in screen.entries[:2]] == [
            ("esc", "Back"), ("r", "Read again")], screen.entries[:4]
        assert screen.sections[0][0] == OTHER
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, KeysHelp)


async def test_a_question_mark_typed_in_a_note_stays_in_the_note(
        make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        await pilot.press("n", *"pool exhausted?")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, KeysHelp)
        # The footer does not offer a key that would type instead.
        assert "question_mark" not in visible_footer_keys(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert context.store.timeline.entries("DEMO-1")[-1].text == "pool exhausted?"


@pytest.mark.parametrize("typed", ["keys", "help"])
async def test_the_palette_finds_the_keys(make_context: MakeContext, typed: str) -> None:
    async with war_room(make_context()) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*typed)
        for _ in range(40):
            await pilot.pause(0.05)
            palette = pilot.app.screen
            if isinstance(palette, CommandPalette) and palette.query_one(CommandList).option_count:
                break
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, KeysHelp), pilot.app.screen_stack


def visible_footer_keys(pilot: Pilot) -> list[str]:
    """The footer's keys whose whole label is on screen and on top (a
    widget docked over the footer hides it)."""
    screen, width = pilot.app.screen, pilot.app.size.width
    footer = screen.query_one(WarroomFooter)
    x, y = footer.region.x, footer.region.y
    return [placed.spec.key for placed in footer_keys(pilot)
            if placed.whole and x + placed.end <= width
            and screen.get_widget_at(x + placed.start, y)[0] is footer
            and screen.get_widget_at(x + placed.end - 1, y)[0] is footer]


@pytest.mark.parametrize("size", [(160, 48), (100, 30), (80, 24)])
async def test_the_footer_always_shows_help(make_context: MakeContext,
                                            size: tuple[int, int]) -> None:
    async with war_room(make_context(), size=size) as pilot:
        assert "question_mark" in visible_footer_keys(pilot)
        footer = pilot.app.screen.query_one(WarroomFooter)
        help_key = next(placed for placed in footer_keys(pilot)
                        if placed.spec.key == "question_mark")
        line = str(footer.render())
        assert line[help_key.start:help_key.end] == " ? Help "


async def test_the_review_and_the_metrics_footers_show_help(
        make_context: MakeContext, make_app: MakeApp) -> None:
    async with make_app(review=True).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "question_mark" in visible_footer_keys(pilot)
    async with war_room(make_context(), size=(80, 24)) as pilot:
        await pilot.press("M")
        await settle(pilot)
        assert "question_mark" in visible_footer_keys(pilot)


async def test_the_footer_of_a_metric_pane_keeps_its_keys(make_context: MakeContext) -> None:
    async with war_room(make_context(), size=(160, 48)) as pilot:
        pilot.app.screen.query(MetricPane).first().focus()
        await settle(pilot)
        visible = visible_footer_keys(pilot)
        for key in ("e", "x", "p", "r", "a", "question_mark"):
            assert key in visible, (key, visible)
        assert visible[:3] == ["e", "x", "p"], visible


def readme_keys() -> set[str]:
    """The keys README's key paragraph names in backticks."""
    text = README.read_text(encoding="utf-8")
    start = text.index("It is keyboard first")
    paragraph = text[start:text.index("\n\n", start)]
    keys: set[str] = set()
    for quoted in re.findall(r"`([^`]+)`", paragraph):
        if quoted == "1` to `6":
            continue
        keys.add(quoted)
    # "`1` to `6`" names the six tabs.
    if re.search(r"`1` to `6`", paragraph):
        keys.update({"1", "2", "3", "4", "5", "6"})
    return keys


async def test_the_readme_key_list_matches_the_help(make_context: MakeContext) -> None:
    async with war_room(make_context()) as pilot:
        screen = await open_help(pilot)
        # The war room's and the app's own keys; the focused pane's are
        # described with the pane in README.
        helped = {key for entry in screen.entries if entry.scope != "pane"
                  for key in entry.keys.split()}
    # Textual's own keys (focus, copy a selection, its second quit key).
    helped -= {"tab", "shift+tab", "ctrl+c", "super+c", "ctrl+q"}
    named = readme_keys() - {"tab"}
    assert named - helped == set(), named - helped
    assert helped - named == set(), helped - named


@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
def test_keys_help_snapshot(snap_compare: Callable[..., bool], make_app: MakeApp,
                            size: tuple[int, int]) -> None:
    """`?` over the war room (pods focused): two columns of titled groups,
    the pods pane's keys first (Detail, Filter, Faults only, Wide, then
    Logs, sorts and cursor keys), live panes, incident (K Escalated, M
    Metrics), timeline, communications (U Mark sent, Z Snooze update),
    navigation (tabs, F5, ?, ctrl+p and :, q). At 80x24 it scrolls."""

    async def open_keys(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await quiesce(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=open_keys)
