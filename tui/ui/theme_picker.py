"""The theme picker with Warroom's own themes first: Textual's lists every
theme by name, and the ones made for the war room (projector, colour-blind
safe) were lost among twenty others."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import CommandPalette
from textual.theme import ThemeProvider


class WarroomThemeProvider(ThemeProvider):
    @property
    def commands(self) -> list[tuple[str, Callable[[], None]]]:
        ours = getattr(self.app, "warroom_themes", ())

        def set_app_theme(name: str) -> None:
            self.app.theme = name

        # Ours in their own order, then the rest by name (the user's and Textual's).
        names = [name for name in ours if name in self.app.available_themes]
        names += sorted(name for name in self.app.available_themes if name not in ours)
        return [(name, partial(set_app_theme, name)) for name in names]


def theme_palette() -> CommandPalette:
    return CommandPalette(providers=[WarroomThemeProvider], placeholder="Search for themes…")
