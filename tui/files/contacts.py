"""The contacts roster file: people and teams, with how to reach them.

    [[people]]
    name = "Dana Okafor"                # required
    role = "Comms lead"
    team = "support"
    handle = "@dana"                    # chat handle
    phone = "+44 20 7946 0011"
    email = "dana@example.com"
    rotation = "comms-primary"          # on-call rotation label

    [[teams]]
    name = "Payments"                   # required
    handle = "#payments-oncall"
    email = "payments-oncall@example.com"
    rotation = "payments-primary"

It is `contacts.toml` beside the config file, or `[contacts] file`. A file
that cannot be used gets an error naming the file and line; the war room
then starts with no roster (roles can still be typed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui.files.textfile import TomlError, UnreadableFile, load_toml, read_text_file
from tui.model.contacts import Contact, Roster

_FIELDS = ("name", "role", "team", "handle", "phone", "email", "rotation")
_TABLES = {"people": "person", "teams": "team"}


class RosterError(Exception):
    """A roster file we cannot use; the message names the file and line."""


def _line_of(lines: list[str], table: str, index: int) -> int | None:
    starts = [number for number, line in enumerate(lines, start=1)
              if line.strip().replace(" ", "") == f"[[{table}]]"]
    return starts[index] if index < len(starts) else None


def parse_roster(text: str, path: Path) -> Roster:
    try:
        raw = load_toml(text)
    except TomlError as error:
        raise RosterError(f"{path}: {error}") from None
    unknown = sorted(set(raw) - set(_TABLES))
    if unknown:
        raise RosterError(f"{path}: unknown table {unknown[0]!r} (people and teams are known)")
    lines = text.splitlines()
    contacts: list[Contact] = []
    for table, kind in _TABLES.items():
        entries = raw.get(table, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise RosterError(f"{path}: {table} must be [[{table}]] tables")
        for index, entry in enumerate(entries):
            contacts.append(_contact(entry, kind, path, lines, table, index))
    names = [contact.name.lower() for contact in contacts]
    duplicate = next((name for name in names if names.count(name) > 1), None)
    if duplicate:
        raise RosterError(f"{path}: {duplicate!r} is listed twice")
    return Roster(tuple(contacts), str(path))


def _contact(entry: dict[str, Any], kind: str, path: Path, lines: list[str], table: str,
             index: int) -> Contact:
    line = _line_of(lines, table, index)
    where = f"{path}, line {line}" if line else f"{path} [[{table}]] #{index + 1}"
    unknown = sorted(set(entry) - set(_FIELDS))
    if unknown:
        raise RosterError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(_FIELDS)})")
    for key, value in entry.items():
        if not isinstance(value, str):
            raise RosterError(f"{where}: {key} must be a string")
    if not entry.get("name", "").strip():
        raise RosterError(f"{where}: name is required")
    return Contact(kind=kind, **{key: value.strip() for key, value in entry.items()})


def load_roster(path: Path, *, required: bool = False) -> Roster:
    """The roster at `path`; a missing file is an empty roster unless
    `required` (the config named it). Raises RosterError."""
    if not path.exists() and not required:
        return Roster()
    try:
        return parse_roster(read_text_file(path), path)
    except UnreadableFile as error:
        raise RosterError(str(error)) from None
