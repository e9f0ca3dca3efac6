"""The composer tab: the communication templates on the left, the chosen one
filled from the incident (or its draft, as last typed) on the right."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.files.template_library import CommsTemplate
from tui.model.safe_text import printable
from tui.render.templates import missing_fields


def describe(template: CommsTemplate, text: str, *, draft: bool) -> Text:
    """One line about the text: who reads it, what sending it does, and
    what is still missing from it."""
    parts = [f"for {template.audience}" if template.audience else "",
             "sending restarts the update clock" if template.counts_as_update else "",
             "edited draft" if draft else "filled from the incident"]
    line = Text(printable(template.title), style="bold")
    line.append("  " + " · ".join(part for part in parts if part), style="dim")
    gaps = missing_fields(text)
    if gaps:
        line.append(f"  ⚠ missing: {printable(', '.join(gaps))}", style="bold")
    return line


class ComposerPane(Horizontal):
    DEFAULT_CSS = """
    ComposerPane #composer-about { background: $panel; }
    """
    BINDINGS = [Binding("e", "edit", "Edit")]

    class Chosen(Message):
        def __init__(self, template_id: str) -> None:
            super().__init__()
            self.template_id = template_id

    class EditRequested(Message):
        def __init__(self, template_id: str) -> None:
            super().__init__()
            self.template_id = template_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._ids: list[str] = []

    def compose(self) -> ComposeResult:
        yield OptionList(id="template-list")
        with Vertical(id="composer-body"):
            yield Static("", id="composer-about")
            with VerticalScroll(id="composer-scroll"):
                yield Static("", id="composer-view")

    def set_templates(self, templates: list[CommsTemplate], chosen: str) -> None:
        ids = [template.id for template in templates]
        if ids == self._ids:
            return
        self._ids = ids
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(Text(printable(template.title)), id=template.id)
                            for template in templates)
        if chosen in ids:
            options.highlighted = ids.index(chosen)

    def show(self, template: CommsTemplate | None, text: str, *, draft: bool) -> None:
        about = self.query_one("#composer-about", Static)
        view = self.query_one("#composer-view", Static)
        if template is None:
            about.update(Text("No communication templates were found.", style="bold"))
            view.update("")
            return
        about.update(describe(template, text, draft=draft))
        # Text, not str: a str would be parsed as Rich markup ("[P1]" vanishes).
        view.update(Text(printable(text, single_line=False)))

    @property
    def chosen(self) -> str | None:
        highlighted = self.query_one(OptionList).highlighted
        return self._ids[highlighted] if highlighted is not None and self._ids else None

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.EditRequested(event.option.id))

    def action_edit(self) -> None:
        if self.chosen:
            self.post_message(self.EditRequested(self.chosen))
