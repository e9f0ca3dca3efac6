"""The theme picker lists Warroom's own themes before Textual's."""

from __future__ import annotations

from collections.abc import Callable

from textual.command import CommandList, CommandPalette

from tests.ui.helpers import war_room
from tui.ui.context import WarroomContext


async def test_warroom_themes_come_first(make_context: Callable[..., WarroomContext]) -> None:
    async with war_room(make_context()) as pilot:
        pilot.app.search_themes()
        for _ in range(40):
            await pilot.pause(0.05)
            palette = pilot.app.screen
            if isinstance(palette, CommandPalette):
                listed = palette.query_one(CommandList)
                if listed.option_count >= 4:
                    break
        names = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert sorted(names[:4]) == ["warroom-colorblind", "warroom-dark", "warroom-light",
                                     "warroom-projector"], names
        assert all(not name.startswith("warroom") for name in names[4:]), names
