"""Text from data (pane titles, incident ids, pod and cluster names, error
messages) for a border title: never read as markup, escape codes shown.

Textual parses a plain `str` given to `border_title` as content markup, so
"Queue depth [/]" raised MarkupError and "p95 [ms]" lost its "[ms]". A
`Content` is taken as it is."""

from __future__ import annotations

from textual.content import Content

from tui.model.safe_text import printable


def inert(text: str) -> Content:
    return Content(printable(text))
