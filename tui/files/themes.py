"""Themes from TOML files: the shipped ones in `themes/`, then the user's.

One file per theme, each key a Textual theme setting:

    name = "night-shift"          # lower case, digits and dashes
    dark = true
    primary = "#0178D4"           # required; the rest fall back to Textual's defaults
    secondary = "#004578"
    accent = "#ffa62b"
    warning = "#ffa62b"
    error = "#ba3c5b"
    success = "#4EBF71"
    foreground = "#e0e0e0"
    background = "#121212"
    surface = "#1e1e1e"
    panel = "#24292f"
    boost = "#ffffff10"
    luminosity_spread = 0.15      # 0–1
    text_alpha = 0.95             # 0–1
    [variables]                   # any Textual CSS variable, e.g.
    "text-muted" = "#d0d0d0"

A broken file is named with the key that is wrong; the others still load.
A later folder's theme replaces one of the same name."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.files.textfile import TomlError, UnreadableFile, files_in, load_toml, read_text_file

if TYPE_CHECKING:
    from textual.theme import Theme

DEFAULT_THEME = "warroom-dark"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_COLOURS = ("primary", "secondary", "accent", "warning", "error", "success", "foreground",
            "background", "surface", "panel", "boost")
_NUMBERS = ("luminosity_spread", "text_alpha")


class ThemeError(Exception):
    pass


def _colour(value: Any, where: str) -> str:
    from textual.color import Color, ColorParseError

    if not isinstance(value, str):
        raise ThemeError(f"{where}: a colour is text such as \"#0178D4\", not {value!r}")
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeError(f"{where}: {value!r} is not a colour (try \"#0178D4\")") from None
    return value


def parse_theme(raw: dict[str, Any], where: str) -> Theme:
    from textual.theme import Theme

    raw = dict(raw)
    name = raw.pop("name", None)
    if not isinstance(name, str) or not _NAME.match(name):
        raise ThemeError(f"{where}: name must be lower case letters, digits and dashes "
                         f"(got {name!r})")
    if "primary" not in raw:
        raise ThemeError(f"{where}: primary (a colour) is required")
    settings: dict[str, Any] = {}
    for key in _COLOURS:
        if key in raw:
            settings[key] = _colour(raw.pop(key), f"{where}: {key}")
    dark = raw.pop("dark", True)
    if not isinstance(dark, bool):
        raise ThemeError(f"{where}: dark must be true or false")
    for key in _NUMBERS:
        if key in raw:
            value = raw.pop(key)
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not 0 <= value <= 1:
                raise ThemeError(f"{where}: {key} must be a number from 0 to 1")
            settings[key] = float(value)
    variables = raw.pop("variables", {})
    if not isinstance(variables, dict) or not all(
            isinstance(key, str) and isinstance(value, str) for key, value in variables.items()):
        raise ThemeError(f"{where}: [variables] holds text values only")
    if raw:
        raise ThemeError(f"{where}: unknown key {sorted(raw)[0]!r}")
    return Theme(name=name, dark=dark, variables=dict(variables), **settings)


def load_theme(path: Path) -> Theme:
    try:
        text = read_text_file(path)
    except UnreadableFile as error:
        raise ThemeError(str(error)) from None
    try:
        raw = load_toml(text)
    except TomlError as error:
        raise ThemeError(f"{path}: {error}") from None
    return parse_theme(raw, str(path))


def load_themes(*folders: Path) -> tuple[list[Theme], list[str]]:
    found: dict[str, Theme] = {}
    paths, problems = files_in(folders, "*.toml")
    for path in paths:
        try:
            theme = load_theme(path)
        except ThemeError as error:
            problems.append(str(error))
            continue
        found[theme.name] = theme
    return list(found.values()), problems
