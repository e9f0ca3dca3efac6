"""What the review writes: the executive summary, contributing factors,
what went well and what didn't, lessons. One text box each; the screen
keeps them in the store as they are typed."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static, TextArea

from tui.model.review import REVIEW_FIELDS
from tui.model.safe_text import printable
from tui.widgets.plain_text_area import PlainTextArea

# Typing pauses this long before a field is kept.
KEEP_PAUSE = 0.5


class ReviewNotes(VerticalScroll):
    DEFAULT_CSS = """
    ReviewNotes { padding: 0 1; }
    ReviewNotes .review-title { text-style: bold; margin-top: 1; }
    ReviewNotes .review-prompt { color: $text-muted; }
    ReviewNotes PlainTextArea { height: auto; min-height: 4; max-height: 14; }
    ReviewNotes #review-hint { color: $text-muted; }
    """

    class Changed(Message):
        """A field's text, to be kept."""

        def __init__(self, key: str, text: str) -> None:
            super().__init__()
            self.key = key
            self.text = text

    def __init__(self, notes: dict[str, str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._notes = dict(notes)
        self._pending: dict[str, Timer] = {}

    def compose(self) -> ComposeResult:
        yield Static("Kept as you type. ctrl+p then \"Compose: Post-mortem\" (or c) "
                     "writes the post-mortem with these and the record.", id="review-hint")
        for field in REVIEW_FIELDS:
            yield Static(field.title, classes="review-title")
            yield Static(field.prompt, classes="review-prompt")
            yield PlainTextArea(self._notes.get(field.key, ""), id=f"review-{field.key}",
                                soft_wrap=True, show_line_numbers=False)

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        key = (event.text_area.id or "").removeprefix("review-")
        text = event.text_area.text
        if self._notes.get(key, "") == text:
            return  # filled, not typed
        self._notes[key] = text
        if key in self._pending:
            self._pending[key].stop()
        self._pending[key] = self.set_timer(KEEP_PAUSE, lambda: self._keep(key))

    def _keep(self, key: str) -> None:
        self._pending.pop(key, None)
        self.post_message(self.Changed(key, self._notes[key]))

    def flush(self) -> None:
        """Keep what waits for a pause now (leaving the screen)."""
        for key, timer in list(self._pending.items()):
            timer.stop()
            self._keep(key)

    def show(self, notes: dict[str, str]) -> None:
        """Notes written elsewhere (another Warroom on the file); a field
        being typed in keeps what is typed."""
        for field in REVIEW_FIELDS:
            if field.key in self._pending:
                continue
            text = notes.get(field.key, "")
            area = self.query_one(f"#review-{field.key}", PlainTextArea)
            if area.text != printable(text, single_line=False) and not area.has_focus:
                self._notes[field.key] = text
                area.load_text(text)
