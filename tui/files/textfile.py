"""Reading a user's text file (a playbook, a template, a dump) with one clear
sentence when it cannot be read."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class UnreadableFile(Exception):
    pass


class TomlError(ValueError):
    """A TOML file that does not parse; says where (tomllib's line and
    column) or why."""


def load_toml(text: str) -> dict[str, Any]:
    """`tomllib.loads`, with every way it fails as a TomlError: a file of
    5000 nested arrays exhausts Python's stack (RecursionError), which no
    caller's `except TOMLDecodeError` caught, and one such playbook or
    theme stopped the others loading."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TomlError(str(error)) from None
    except RecursionError:
        raise TomlError("nested too deeply to read") from None


def read_text_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise UnreadableFile(f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise UnreadableFile(f"{path}: not UTF-8 text") from None


def files_in(folders: tuple[Path, ...], pattern: str) -> tuple[list[Path], list[str]]:
    """The files matching `pattern` in each folder, folder by folder and in
    name order (so a later folder's file can replace an earlier one's); a
    missing folder is skipped, a path that is no folder is a problem."""
    paths: list[Path] = []
    problems: list[str] = []
    for folder in folders:
        try:
            if folder.is_dir():
                paths += sorted(folder.glob(pattern))
                continue
        except OSError as error:  # a folder that cannot be listed: the others still load
            problems.append(f"{folder}: cannot be read ({error.strerror or error})")
            continue
        if folder.exists():
            problems.append(f"{folder}: not a folder")
    return paths, problems
