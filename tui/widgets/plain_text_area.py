"""A TextArea that keeps control characters out of the document.

What is pasted (a log line, a chat message) may carry ESC sequences; the
TextArea would draw them raw, and the terminal would act on them. Here they
become visible escapes (`\\x1b`) as they come in, like everywhere else."""

from __future__ import annotations

from typing import Any

from textual.widgets import TextArea

from tui.model.safe_text import printable


class PlainTextArea(TextArea):
    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(printable(text, single_line=False), **kwargs)

    def load_text(self, text: str) -> None:
        # Text stored by another Warroom, or imported, is drawn the same way.
        super().load_text(printable(text, single_line=False))

    def _replace_via_keyboard(self, insert: str, start: Any, end: Any) -> Any:
        # Typing, pasting and ctrl+v all come through here.
        return super()._replace_via_keyboard(printable(insert, single_line=False), start, end)
