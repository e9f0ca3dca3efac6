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
