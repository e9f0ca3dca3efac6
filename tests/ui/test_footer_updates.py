"""The war room's footer is redrawn only when its keys change, and then in
place (issue 25 item 2): opening and leaving the note box used to remount
every key four times, the longest frames of typing a note."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets._footer import FooterKey

from tests.ui.helpers import settle, war_room
from tui.screens.keys_help import KeysHelp
from tui.ui.context import WarroomContext
from tui.widgets.warroom_footer import WarroomFooter, WarroomKey

MakeContext = Callable[..., WarroomContext]


def drawn(footer: WarroomFooter) -> list[tuple[str, str, bool]]:
    return [(key.key, key.description, key.has_class("-disabled"))
            for key in footer.query(FooterKey) if key.display]


async def test_a_note_cycle_relabels_the_keys_without_remounting_them(
        make_context: MakeContext) -> None:
    async with war_room(make_context()) as pilot:
        footer = pilot.app.screen.query_one(WarroomFooter)
        before, widgets = drawn(footer), list(footer.query(FooterKey))
        assert [key for key, *_ in before[:3]] == ["enter", "slash", "f"]
        await pilot.press("n")
        await settle(pilot)
        typing = drawn(footer)
        # The pods' keys are gone with the focus; the screen's stay, as a
        # footer built anew would show them.
        assert "slash" not in [key for key, *_ in typing]
        assert typing != before
        assert [spec.key for spec in footer._keys()] == [
            key.key for key in footer.children if isinstance(key, WarroomKey) and key.display]
        await pilot.press(*"pool", "enter", "escape")
        await settle(pilot)
        assert drawn(footer) == before
        # The same widgets, relabelled: nothing was mounted again.
        assert all(widget.is_attached for widget in widgets)
        assert list(footer.query(FooterKey))[:len(widgets)] == widgets


async def test_a_focus_change_that_keeps_the_keys_redraws_nothing(
        make_context: MakeContext) -> None:
    async with war_room(make_context()) as pilot:
        footer = pilot.app.screen.query_one(WarroomFooter)
        updates: list[object] = []
        original = footer.recompose

        async def counted() -> None:
            updates.append(None)
            await original()

        footer.recompose = counted  # type: ignore[method-assign]
        for _ in range(3):
            pilot.app.screen.refresh_bindings()
            await pilot.pause()
        await settle(pilot)
        assert updates == []


async def test_clicking_a_footer_key_presses_it(make_context: MakeContext) -> None:
    async with war_room(make_context()) as pilot:
        help_key = next(key for key in pilot.app.screen.query(WarroomKey)
                        if key.key == "question_mark")
        assert await pilot.click(help_key)
        await settle(pilot)
        assert isinstance(pilot.app.screen, KeysHelp)
