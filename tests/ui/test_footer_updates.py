"""The war room's footer is one line, repainted only when its keys change
(issue 25 item 2): opening and leaving the note box used to remount every
key four times, then to show and hide mounted keys, and either laid the
whole screen out again: the longest frames of typing a note."""

from __future__ import annotations

from collections.abc import Callable

from textual.geometry import Region

from tests.ui.helpers import footer_keys, settle, war_room
from tui.screens.keys_help import KeysHelp
from tui.ui.context import WarroomContext
from tui.widgets.warroom_footer import WarroomFooter

MakeContext = Callable[..., WarroomContext]


def drawn(footer: WarroomFooter) -> list[tuple[str, str, bool]]:
    return [(placed.spec.key, placed.spec.description, placed.spec.disabled)
            for placed in footer.drawn_keys()]


def count_layouts(footer: WarroomFooter) -> list[object]:
    """A list that grows by one each time the footer asks for the screen
    to be laid out again (Textual lays out the whole screen for it)."""
    layouts: list[object] = []
    original = footer.refresh

    def counted(*regions: Region, layout: bool = False, **kwargs: bool) -> WarroomFooter:
        if layout:
            layouts.append(None)
        return original(*regions, layout=layout, **kwargs)

    footer.refresh = counted  # type: ignore[method-assign]
    return layouts


async def test_a_note_cycle_repaints_the_footer_and_lays_nothing_out(
        make_context: MakeContext) -> None:
    async with war_room(make_context()) as pilot:
        footer = pilot.app.screen.query_one(WarroomFooter)
        before = drawn(footer)
        assert [key for key, *_ in before[:3]] == ["enter", "slash", "f"]
        assert "⏎ Detail  / Filter" in str(footer.render())
        layouts = count_layouts(footer)
        await pilot.press("n")
        await settle(pilot)
        typing = drawn(footer)
        # The pods' keys are gone with the focus; the screen's stay, as a
        # footer built anew would show them.
        assert "slash" not in [key for key, *_ in typing]
        assert typing != before
        assert [spec.key for spec in footer._keys()] == [
            key for key, *_ in typing if key not in ("f1", "ctrl+p")]
        assert " F1 Help " in str(footer.render())  # the note box types `?`
        await pilot.press("escape")
        await settle(pilot)
        assert drawn(footer) == before
        assert not footer.children
        assert layouts == []


async def test_a_focus_change_that_keeps_the_keys_repaints_nothing(
        make_context: MakeContext) -> None:
    async with war_room(make_context()) as pilot:
        footer = pilot.app.screen.query_one(WarroomFooter)
        renders: list[object] = []
        original = footer.render

        def counted() -> object:
            renders.append(None)
            return original()

        footer.render = counted  # type: ignore[method-assign]
        for _ in range(3):
            pilot.app.screen.refresh_bindings()
            await pilot.pause()
        await settle(pilot)
        assert renders == []


async def test_clicking_a_footer_key_presses_it(make_context: MakeContext) -> None:
    async with war_room(make_context()) as pilot:
        help_key = next(placed for placed in footer_keys(pilot)
                        if placed.spec.key == "question_mark")
        assert await pilot.click(WarroomFooter, offset=(help_key.start + 1, 0))
        await settle(pilot)
        assert isinstance(pilot.app.screen, KeysHelp)


async def test_a_key_under_the_pointer_shows_its_tooltip(make_context: MakeContext) -> None:
    async with war_room(make_context()) as pilot:
        footer = pilot.app.screen.query_one(WarroomFooter)
        palette = footer_keys(pilot)[-1]
        assert palette.spec.description == "palette"
        await pilot.hover(WarroomFooter, offset=(palette.start, 0))
        await pilot.pause()
        assert footer.tooltip == palette.spec.tooltip
        await pilot.hover(WarroomFooter, offset=(footer.region.width - 1, 0))  # its padding
        await pilot.pause()
        assert footer.tooltip is None
