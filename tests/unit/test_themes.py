"""Theme files: the four shipped ones load and mean what their names say; a
broken file is named with what is wrong and the others still load."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color

from tui.files.config import load_config
from tui.files.paths import bundled
from tui.files.themes import DEFAULT_THEME, load_themes

SHIPPED = bundled("themes")


def contrast(one: str, two: str) -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(colour: str) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        parsed = Color.parse(colour)
        return 0.2126 * channel(parsed.r) + 0.7152 * channel(parsed.g) + \
            0.0722 * channel(parsed.b)

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_shipped_themes_load() -> None:
    themes, problems = load_themes(SHIPPED)
    assert problems == []
    assert {theme.name for theme in themes} == {
        DEFAULT_THEME, "warroom-light", "warroom-projector", "warroom-colorblind"}
    assert [theme.dark for theme in themes if theme.name == "warroom-light"] == [False]


def test_the_projector_theme_is_high_contrast() -> None:
    """WCAG AAA asks 7:1 for text; a projector washes colours out, so every
    status colour on the background must pass it too."""
    themes, _ = load_themes(SHIPPED)
    projector = next(theme for theme in themes if theme.name == "warroom-projector")
    background = projector.background or "#000000"
    for colour in (projector.foreground, projector.error, projector.warning,
                   projector.success, projector.primary):
        assert colour is not None
        assert contrast(colour, background) >= 7, colour


@pytest.mark.parametrize("name", ["warroom-light", "warroom-colorblind"])
def test_status_colours_are_readable_on_their_background(name: str) -> None:
    """WCAG AA (4.5:1) for the colours that carry status as text."""
    themes, _ = load_themes(SHIPPED)
    theme = next(theme for theme in themes if theme.name == name)
    background = theme.background or "#121212"
    for colour in (theme.foreground, theme.error, theme.warning, theme.success):
        assert colour is not None
        assert contrast(colour, background) >= 4.5, (name, colour)


def test_the_colour_blind_theme_does_not_pair_red_with_green() -> None:
    """Failure and success differ in lightness and in the blue channel, not
    only in red versus green (which deuteranopes and protanopes confuse)."""
    themes, _ = load_themes(SHIPPED)
    safe = next(theme for theme in themes if theme.name == "warroom-colorblind")
    error, success = Color.parse(safe.error or ""), Color.parse(safe.success or "")
    assert abs(error.b - success.b) > 100
    assert success.g < success.b  # blue, not green
    assert contrast(safe.error or "", safe.success or "") >= 1.2


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("text", "problem"), [
    ('name = "Bad Name"\nprimary = "#000"', "name must be lower case"),
    ('name = "x"', "primary (a colour) is required"),
    ('name = "x"\nprimary = "not-a-colour"', "primary: 'not-a-colour' is not a colour"),
    ('name = "x"\nprimary = 12', "a colour is text"),
    ('name = "x"\nprimary = "#000"\ndark = "yes"', "dark must be true or false"),
    ('name = "x"\nprimary = "#000"\ntext_alpha = 3', "text_alpha must be a number from 0 to 1"),
    ('name = "x"\nprimary = "#000"\nprimray = "#111"', "unknown key 'primray'"),
    ('name = "x"\nprimary = "#000"\n[variables]\nborder = 1', "[variables] holds text"),
    ('name = "x\nprimary', "line 1"),
])
def test_a_broken_theme_is_named_and_the_others_load(tmp_path: Path, text: str,
                                                     problem: str) -> None:
    write(tmp_path, "mine.toml", text)
    themes, problems = load_themes(SHIPPED, tmp_path)
    assert len(problems) == 1 and "mine.toml" in problems[0] and problem in problems[0]
    assert len(themes) == 4


def test_your_theme_is_added_and_can_replace_a_shipped_one(tmp_path: Path) -> None:
    write(tmp_path, "night.toml", 'name = "night-shift"\nprimary = "#112233"\n'
                                  '[variables]\n"text-muted" = "#999999"\n')
    write(tmp_path, "dark.toml", 'name = "warroom-dark"\nprimary = "#ff00ff"\n')
    themes, problems = load_themes(SHIPPED, tmp_path)
    assert problems == []
    by_name = {theme.name: theme for theme in themes}
    assert by_name["night-shift"].variables == {"text-muted": "#999999"}
    assert by_name["warroom-dark"].primary == "#ff00ff"


def test_the_config_names_the_theme_and_its_folders(tmp_path: Path) -> None:
    write(tmp_path, "config.toml", '[themes]\ndefault = "warroom-projector"\n'
                                   'folders = ["mine"]\n')
    config = load_config(tmp_path / "config.toml")
    assert config.theme == "warroom-projector"
    assert config.theme_search_path() == (tmp_path / "themes", tmp_path / "mine")
