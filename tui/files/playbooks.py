"""Playbook files: one TOML file per playbook, read and checked.

    id = "db-pool-exhaustion"          # default: the file name
    title = "Database connection pool exhaustion"
    description = "Clients wait for a connection; requests time out."

    [when]                              # every condition named must hold
    severity = ["P1", "P2"]             # P2 also matches SEV2
    scenarios = ["db-pool", "database"]
    services = ["checkout"]
    status = ["resolved", "closed"]

    [[sections]]
    title = "Confirm"
    [[sections.items]]
    text = "Check pool use on <service>"
    hint = "cl_waiting above 0 means clients queue for a connection"
    command = "kubectl -n <namespace> exec deploy/pgbouncer -- psql -c 'SHOW POOLS'"
    promql = "sum(pgbouncer_pools_client_waiting_connections)"
    due = "5m"                          # within 5 minutes of the declaration

A file that cannot be used gets an error naming the file and the line; the
other files still load."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.files.textfile import TomlError, UnreadableFile, files_in, load_toml, read_text_file
from tui.model.playbook import (
    ChecklistItem,
    Conditions,
    Playbook,
    Section,
    parse_due,
)

_WHEN_KEYS = {"severity": "severities", "scenarios": "scenarios", "services": "services",
              "status": "statuses"}
_ITEM_KEYS = {"id", "text", "hint", "command", "promql", "due"}


class PlaybookError(Exception):
    """A playbook file we cannot use; the message names the file and line."""


@dataclass
class _Where:
    """Turns a place in the parsed file (section 2, item 3) into a line."""

    path: Path
    lines: list[str]

    def line_of(self, section: int | None = None, item: int | None = None) -> int | None:
        starts = [n for n, line in enumerate(self.lines, start=1)
                  if line.strip().startswith("[[sections]]")]
        if section is None or section >= len(starts):
            return None
        start = starts[section]
        end = starts[section + 1] if section + 1 < len(starts) else len(self.lines) + 1
        if item is None:
            return start
        # An item starts with [[sections.items]] or, inline, with "{".
        openings = [n for n in range(start, end)
                    if self.lines[n - 1].strip().startswith(("[[sections.items]]", "{"))]
        return openings[item] if item < len(openings) else start

    def error(self, message: str, section: int | None = None,
              item: int | None = None) -> PlaybookError:
        line = self.line_of(section, item)
        at = f", line {line}" if line else ""
        return PlaybookError(f"{self.path}{at}: {message}")


def load_playbook(path: Path) -> Playbook:
    try:
        text = read_text_file(path)
    except UnreadableFile as error:
        raise PlaybookError(str(error)) from None
    try:
        raw = load_toml(text)
    except TomlError as error:
        # tomllib says "(at line 7, column 12)" itself.
        raise PlaybookError(f"{path}: {error}") from error
    return parse_playbook(raw, _Where(path, text.splitlines()))


def parse_playbook(raw: dict[str, Any], where: _Where) -> Playbook:
    unknown = sorted(set(raw) - {"id", "title", "description", "when", "applies_to",
                                 "sections"})
    if unknown:
        raise where.error(f"unknown key {unknown[0]!r}")
    title = _text(raw, "title", where)
    if not title:
        raise where.error("title is required")
    sections_raw = raw.get("sections")
    if not isinstance(sections_raw, list) or not sections_raw:
        raise where.error("a playbook needs at least one [[sections]]")
    sections = []
    for index, section in enumerate(sections_raw):
        if not isinstance(section, dict):
            raise where.error("each [[sections]] must be a table", index)
        items_raw = section.get("items")
        if not isinstance(items_raw, list) or not items_raw:
            raise where.error("a section needs items", index)
        items = tuple(_item(item, where, index, position)
                      for position, item in enumerate(items_raw))
        section_title = section.get("title")
        if not isinstance(section_title, str) or not section_title.strip():
            raise where.error("a section needs a title", index)
        sections.append(Section(section_title.strip(), items))
    keys = [item.key for section in sections for item in section.items]
    duplicate = next((key for key in keys if keys.count(key) > 1), None)
    if duplicate is not None:
        raise where.error(f"two items have the id {duplicate!r}")
    return Playbook(
        id=_text(raw, "id", where) or where.path.stem,
        title=title,
        description=_text(raw, "description", where),
        when=_conditions(raw.get("when", raw.get("applies_to", {})), where),
        sections=tuple(sections),
        source=str(where.path),
    )


def _text(raw: dict[str, Any], key: str, where: _Where, section: int | None = None,
          item: int | None = None) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise where.error(f"{key} must be text", section, item)
    return value.strip()


def _conditions(raw: Any, where: _Where) -> Conditions:
    if not isinstance(raw, dict):
        raise where.error("[when] must be a table")
    unknown = sorted(set(raw) - set(_WHEN_KEYS))
    if unknown:
        raise where.error(f"[when] has unknown key {unknown[0]!r} "
                          f"(known: {', '.join(_WHEN_KEYS)})")
    values: dict[str, tuple[str, ...]] = {}
    for key, field_name in _WHEN_KEYS.items():
        listed = raw.get(key, [])
        if isinstance(listed, str):
            listed = [listed]
        if not isinstance(listed, list) or not all(isinstance(v, str) for v in listed):
            raise where.error(f"[when] {key} must be a list of text")
        values[field_name] = tuple(v.strip() for v in listed if v.strip())
    return Conditions(**values)


def _item(raw: Any, where: _Where, section: int, position: int) -> ChecklistItem:
    if isinstance(raw, str):
        raw = {"text": raw}
    if not isinstance(raw, dict):
        raise where.error("an item must be text or a table", section, position)
    unknown = sorted(set(raw) - _ITEM_KEYS)
    if unknown:
        raise where.error(f"item has unknown key {unknown[0]!r}", section, position)
    text = _text(raw, "text", where, section, position)
    if not text:
        raise where.error("an item needs text", section, position)
    due_text = _text(raw, "due", where, section, position)
    try:
        due = parse_due(due_text) if due_text else None
    except ValueError as error:
        raise where.error(str(error), section, position) from None
    key = _text(raw, "id", where, section, position) or f"{section + 1}.{position + 1}"
    if not re.fullmatch(r"[\w.-]+", key):
        raise where.error(f"item id {key!r} may use letters, digits, . - _ only",
                          section, position)
    return ChecklistItem(key=key, text=text, hint=_text(raw, "hint", where, section, position),
                         command=_text(raw, "command", where, section, position),
                         promql=_text(raw, "promql", where, section, position), due=due)


def load_playbooks(*folders: Path) -> tuple[list[Playbook], list[PlaybookError]]:
    """Every `*.toml` in the folders, in name order; a later folder's
    playbook replaces an earlier one of the same id (your own copy of a
    shipped playbook wins). Broken files are returned as errors, never
    raised: one bad file does not hide the others."""
    found: dict[str, Playbook] = {}
    paths, problems = files_in(folders, "*.toml")
    errors = [PlaybookError(problem) for problem in problems]
    for path in paths:
        try:
            book = load_playbook(path)
        except PlaybookError as error:
            errors.append(error)
            continue
        found.pop(book.id, None)
        found[book.id] = book
    return list(found.values()), errors
