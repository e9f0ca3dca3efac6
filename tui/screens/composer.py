"""Writing one communication: the text on the left (filled from the incident,
then yours to edit), its Markdown preview on the right.

What is typed is handed to `keep_draft` a moment after each pause in typing
and when leaving, so a closed laptop loses nothing. ctrl+g dismisses with the
text to log as sent; the screen itself never writes to the store."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Markdown, Static, TextArea

from tui.files.template_library import CommsTemplate
from tui.model.safe_text import printable
from tui.render.templates import missing_fields
from tui.screens.copied import PlainTextScreen
from tui.ui.confirmation import SEND_CONFIRM_SECONDS, SecondPress
from tui.ui.workers import work
from tui.widgets.composer_pane import describe
from tui.widgets.plain_text_area import PlainTextArea
from tui.widgets.warroom_footer import WarroomFooter

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

DRAFT_PAUSE = 0.5
PREVIEW_PAUSE = 0.25
# Markdown layout of a 10k-entry timeline takes seconds; the preview shows
# the head, the editor and the clipboard have all of it.
PREVIEW_LINES = 400
NARROW_WIDTH = 120


@dataclass(frozen=True)
class Composed:
    """The text as it went out."""

    template: CommsTemplate
    text: str


def preview_text(text: str) -> str:
    lines = printable(text, single_line=False).splitlines()
    if len(lines) <= PREVIEW_LINES:
        return "\n".join(lines)
    return "\n".join([*lines[:PREVIEW_LINES], "", f"*The preview shows the first "
                      f"{PREVIEW_LINES} of {len(lines)} lines; all of them are copied, "
                      "saved and sent.*"])


def _chat_markdown() -> MarkdownIt:
    """Markdown as chat tools and status pages show it: a line break is a
    line break, not a space."""
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore

    def hard_breaks(state: StateCore) -> None:
        for token in state.tokens:
            for child in token.children or ():
                if child.type == "softbreak":
                    child.type = "hardbreak"

    parser = MarkdownIt("gfm-like")
    parser.core.ruler.push("hard_breaks", hard_breaks)
    return parser


class ComposerScreen(Screen[Composed | None]):
    CSS_PATH = "composer.tcss"
    AUTO_FOCUS = "#composer-editor"
    BINDINGS = [
        Binding("ctrl+t", "copy", "Copy"),
        Binding("ctrl+s", "save", "Save to file"),
        Binding("ctrl+g", "send", "Mark as sent"),
        Binding("ctrl+r", "refill", "Re-fill from incident"),
        Binding("ctrl+l", "plain", "Plain text"),
        # The editor has no keys for the ends of the text.
        Binding("ctrl+home", "text_end(False)", "Start of text", show=False),
        Binding("ctrl+end", "text_end(True)", "End of text", show=False),
        # Priority: the editor would otherwise keep Escape.
        Binding("escape", "back", "Back (draft kept)", priority=True),
    ]

    def __init__(self, template: CommsTemplate, text: str, *, filled: str, draft: bool,
                 keep_draft: Callable[[str], None], save_as: Path,
                 copy_text: Callable[[str, str], None]) -> None:
        """`filled` is the template as the incident fills it now (ctrl+r
        returns to it); `draft` says `text` is a draft from before."""
        super().__init__()
        # As the editor will hold them: control characters made visible.
        self.template, self.filled = template, printable(filled, single_line=False)
        self._opening, self._draft = printable(text, single_line=False), draft
        self._keep_draft, self._save_as = keep_draft, save_as
        self._copy_text = copy_text
        self._draft_timer: Timer | None = None
        self._preview_timer: Timer | None = None
        self._send_confirm = SecondPress(SEND_CONFIRM_SECONDS)
        self._kept = self._opening if draft else None

    def compose(self) -> ComposeResult:
        yield Static(describe(self.template, self._opening, draft=self._draft),
                     id="composer-title")
        with Horizontal(id="composer-panes"):
            yield PlainTextArea(self._opening, id="composer-editor", soft_wrap=True,
                           show_line_numbers=False)
            with Vertical(id="composer-preview-box"):
                yield Markdown(preview_text(self._opening), id="composer-preview",
                               open_links=False, parser_factory=_chat_markdown)
        yield Static("", id="composer-status")
        yield WarroomFooter()

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < NARROW_WIDTH, "-narrow")
        self.query_one("#composer-editor").border_title = "Text"
        self.query_one("#composer-preview-box").border_title = "Preview"

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    @property
    def text(self) -> str:
        return self.query_one("#composer-editor", TextArea).text

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        self._send_confirm.disarm()
        for timer in (self._draft_timer, self._preview_timer):
            if timer is not None:
                timer.stop()
        self._draft_timer = self.set_timer(DRAFT_PAUSE, self._flush_draft)
        self._preview_timer = self.set_timer(PREVIEW_PAUSE, self._refresh_preview)

    def _refresh_preview(self) -> None:
        text = self.text
        self.query_one("#composer-preview", Markdown).update(preview_text(text))
        edited = self._draft or text != self._opening
        self.query_one("#composer-title", Static).update(
            describe(self.template, text, draft=edited))

    def _flush_draft(self) -> None:
        """Hand the text over as a draft, unless it is what the template gives."""
        text = self.text
        wanted = "" if text == self.filled and not self._draft else text
        if wanted != (self._kept or ""):
            self._kept = wanted
            self._keep_draft(wanted)

    def _say(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#composer-status", Static)
        status.update(Text(message))
        status.set_class(error, "-error")

    # -- actions ---------------------------------------------------------------------

    def action_back(self) -> None:
        self._flush_draft()
        self.dismiss(None)

    def action_text_end(self, end: bool) -> None:
        editor = self.query_one("#composer-editor", TextArea)
        editor.move_cursor(editor.document.end if end else editor.document.start)

    def action_refill(self) -> None:
        editor = self.query_one("#composer-editor", TextArea)
        # An edit, not a reload: ctrl+z brings the typed text back.
        editor.replace(self.filled, editor.document.start, editor.document.end)
        self._say("Re-filled from the incident; ctrl+z brings back what was there")

    def action_copy(self) -> None:
        # The war room says whether it reached the clipboard (a toast, or the
        # plain text where it cannot).
        self._copy_text(self.template.title, self.text)

    def action_plain(self) -> None:
        self.app.push_screen(PlainTextScreen(self.text, None))

    def action_save(self) -> None:
        from tui.screens.reason_prompt import ReasonPrompt

        def problem(answer: str) -> str | None:
            path = Path(answer).expanduser()
            if path.is_dir():
                return f"{path} is a folder; name a file in it"
            if not path.parent.is_dir():
                return f"there is no folder {path.parent}"
            return None

        def chosen(answer: str | None) -> None:
            if answer:
                self._write(Path(answer).expanduser(), self.text)

        self.app.push_screen(ReasonPrompt(
            title="Save to a file", question="Where? The file is replaced if it exists.",
            value=str(self._save_as), check=problem), chosen)

    @work(group="save", exit_on_error=False)
    async def _write(self, path: Path, text: str) -> None:
        try:
            await asyncio.to_thread(path.write_text, text, encoding="utf-8")
        except OSError as error:
            self._say(f"Not saved: {path}: {error.strerror or error}. The text is still here.",
                      error=True)
            return
        self._say(f"Saved to {path}")

    def action_send(self) -> None:
        text = self.text
        if not text.strip():
            self._say("Nothing to send: the text is empty", error=True)
            return
        gaps = missing_fields(text)
        if gaps and not self._send_confirm.confirmed("send"):
            self._say(f"Still missing: {', '.join(gaps)}. ctrl+g again to log it as sent "
                      "anyway.", error=True)
            return
        self.dismiss(Composed(self.template, text))
