"""Playbook checklists from TOML files."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path


class PlaybookError(Exception):
    """A playbook file we cannot use; the message names the file."""


@dataclass(frozen=True)
class ChecklistItem:
    text: str
    command: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class Playbook:
    title: str
    sections: tuple[Section, ...]
    path: Path


def load_playbook(path: Path) -> Playbook:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PlaybookError(f"cannot read {path}: {error.strerror}") from error
    except tomllib.TOMLDecodeError as error:
        raise PlaybookError(f"{path}: {error}") from error
    try:
        sections = tuple(
            Section(
                title=str(section["title"]),
                items=tuple(
                    ChecklistItem(text=str(item["text"]), command=str(item.get("command", "")))
                    for item in section["items"]
                ),
            )
            for section in raw["sections"]
        )
        return Playbook(title=str(raw["title"]), sections=sections, path=path)
    except (KeyError, TypeError) as error:
        raise PlaybookError(f"{path}: missing or malformed field {error}") from error


def fill(text: str, values: dict[str, str]) -> str:
    """Replace `<namespace>`-style placeholders; unknown ones stay visible."""
    for key, value in values.items():
        if value:
            text = text.replace(f"<{key}>", value)
    return text
