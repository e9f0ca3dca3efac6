"""Themes as a user picks them: `--theme` (or the config) at start, a name
that does not exist or a broken file said in a toast with the default used,
and the command palette's theme switcher."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import MakeApp
from tests.ui.helpers import settle, toasts
from tui.files.themes import DEFAULT_THEME


async def test_the_theme_asked_for_is_used(make_app: MakeApp) -> None:
    app = make_app(theme="warroom-projector")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert app.theme == "warroom-projector"
        # The screen is drawn with it: pure black behind the panes.
        assert app.screen.styles.background.hex == "#000000"


async def test_an_unknown_theme_falls_back_to_the_default_and_says_so(
        make_app: MakeApp) -> None:
    app = make_app(theme="solarized-nope")
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        assert app.theme == DEFAULT_THEME
        assert "no theme called 'solarized-nope'; using warroom-dark" in " ".join(toasts(app))


async def test_a_broken_theme_file_is_a_toast_and_the_rest_work(
        make_app: MakeApp, tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text('name = "mine"\nprimary = "#zzz"\n')
    (tmp_path / "night.toml").write_text('name = "night-shift"\nprimary = "#224466"\n'
                                         'background = "#050505"\n')
    app = make_app(theme="night-shift", theme_folders=(tmp_path,))
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        assert "broken.toml: primary: '#zzz' is not a colour" in " ".join(toasts(app))
        assert app.theme == "night-shift"
        assert app.screen.styles.background.hex == "#050505"


async def test_the_palette_switches_the_theme(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert app.theme == DEFAULT_THEME
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"theme")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await pilot.press(*"warroom-light")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "warroom-light"
        assert app.screen.styles.background.hex == "#F4F4F2"
