"""Reading a user's text file (a playbook, a template, a dump) with one clear
sentence when it cannot be read."""

from __future__ import annotations

from pathlib import Path


class UnreadableFile(Exception):
    pass


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
        if folder.is_dir():
            paths += sorted(folder.glob(pattern))
        elif folder.exists():
            problems.append(f"{folder}: not a folder")
    return paths, problems
