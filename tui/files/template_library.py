"""Communication templates on disk: the shipped ones, then the user's folders.

A template is a Markdown file with Jinja2 fields (`{{ title }}`); the fields
are listed in `tui/render/template_fields.py`. It may open with a header comment:

    {#
    title: Initial customer notification
    audience: customers          # who reads it: internal, customers, executives…
    update: yes                  # sending it counts as a status update (restarts the clock)
    order: 20                    # place in the composer's list
    #}

Without a header the title comes from the file name. A file in a later
folder replaces a shipped one of the same name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tui.files.textfile import UnreadableFile, files_in, read_text_file

DEFAULT_TEMPLATE = "internal_update"
_HEADER = re.compile(r"\A\{#(?P<body>.*?)#\}\n?", re.DOTALL)
_KEYS = ("title", "audience", "update", "order")


class TemplateFileError(Exception):
    pass


@dataclass(frozen=True)
class CommsTemplate:
    id: str
    title: str
    source: str
    audience: str = ""
    # Sending it restarts the status-update countdown.
    counts_as_update: bool = False
    order: int = 100
    path: Path | None = None


def parse_template(text: str, name: str, path: Path | None = None) -> CommsTemplate:
    where = str(path or name)
    values: dict[str, str] = {}
    header = _HEADER.match(text)
    if header:
        for number, line in enumerate(header.group("body").splitlines(), start=1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            key, colon, value = line.partition(":")
            key = key.strip().lower()
            if not colon or key not in _KEYS:
                raise TemplateFileError(
                    f"{where}, line {number}: expected one of {', '.join(_KEYS)} "
                    f"as 'key: value', found {line[:40]!r}")
            values[key] = value.strip()
    update = values.get("update", "no").lower()
    if update not in ("yes", "no", "true", "false"):
        raise TemplateFileError(f"{where}: update must be yes or no, not {update!r}")
    try:
        order = int(values.get("order", "100"))
    except ValueError:
        raise TemplateFileError(f"{where}: order must be a whole number") from None
    body = text[header.end():] if header else text
    if not body.strip():
        raise TemplateFileError(f"{where}: the template is empty")
    return CommsTemplate(
        id=name, title=values.get("title") or name.replace("_", " ").replace("-", " ").capitalize(),
        source=body, audience=values.get("audience", ""),
        counts_as_update=update in ("yes", "true"), order=order, path=path)


def load_templates(*folders: Path) -> tuple[list[CommsTemplate], list[str]]:
    """Every `*.md` in the folders, later folders replacing earlier ones of
    the same name, in `order`. A broken file is a problem to show, never a
    reason to hide the others."""
    found: dict[str, CommsTemplate] = {}
    paths, problems = files_in(folders, "*.md")
    for path in paths:
        try:
            found[path.stem] = parse_template(read_text_file(path), path.stem, path)
        except (UnreadableFile, TemplateFileError) as error:
            problems.append(str(error))
    return sorted(found.values(), key=lambda template: (template.order, template.title)), \
        problems


def default_template(templates: list[CommsTemplate]) -> CommsTemplate | None:
    """The internal status update: what `y` copies and `U` sends."""
    return next((template for template in templates if template.id == DEFAULT_TEMPLATE),
                templates[0] if templates else None)
