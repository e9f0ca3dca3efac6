"""The war room's communications: which template is chosen, its text filled
from the record (or its draft), and what the composer asks for (keep a
draft, copy, log as sent) written to the store in workers. A part of
WarroomScreen, kept apart so that each file has one job."""

from __future__ import annotations

import functools
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from tui.clipboard import osc52_problem
from tui.confirmation import SEND_CONFIRM_SECONDS, SecondPress
from tui.exports import export_path
from tui.model.checklist import next_steps
from tui.model.playbook import fill
from tui.model.safe_text import file_stem
from tui.screens.warroom_parts import WarroomParts
from tui.template_fields import incident_fields
from tui.template_library import CommsTemplate, default_template
from tui.templates import TemplateError, fields_used, missing_fields, render
from tui.widgets.composer_pane import ComposerPane
from tui.workers import work

if TYPE_CHECKING:
    from tui.screens.composer import Composed

_CLOCK_FIELDS = frozenset({"duration", "now", "next_update"})


class ComposerWork(WarroomParts):
    """Mixed into WarroomScreen."""

    _template_id: str = ""

    @functools.cached_property
    def _send_confirm(self) -> SecondPress:
        # Per screen: a class attribute would be shared by every war room.
        return SecondPress(SEND_CONFIRM_SECONDS)

    # -- what is composed --------------------------------------------------------------

    @property
    def chosen_template(self) -> CommsTemplate | None:
        templates = self.context.templates
        return next((template for template in templates if template.id == self._template_id),
                    None) or default_template(templates)

    def filled(self, template: CommsTemplate) -> str:
        """The template filled from the record as it stands now."""
        values = self.values()
        steps = [fill(status.item.text, values) for status in next_steps(
            self.incident, self.record.attachments, self.record.marks)]
        fields = incident_fields(self.record, self.context.clock.now(),
                                 self.context.severity_levels, steps,
                                 used=fields_used(template.source))
        try:
            return render(template.source, fields)
        except TemplateError as error:
            where = f" ({template.path})" if template.path else ""
            return f"Template error in {template.title}{where}: {error}"

    def composed(self, template: CommsTemplate) -> tuple[str, bool]:
        """The text to show, copy and send: the draft as last typed, or the
        template freshly filled; and whether it is a draft."""
        draft = self.record.drafts.get(template.id)
        return (draft, True) if draft is not None else (self.filled(template), False)

    def show_composer(self) -> None:
        template = self.chosen_template
        for pane in self.query(ComposerPane).results(ComposerPane):  # type: ignore[attr-defined]
            pane.set_templates(self.context.templates, template.id if template else "")
            text, draft = self.composed(template) if template else ("", False)
            pane.show(template, text, draft=draft)

    def composer_tick(self) -> None:
        """Each second with the tab open: the text again if it names a field
        that moves with the clock (and is not a draft, which does not)."""
        template = self.chosen_template
        if template is None or template.id in self.record.drafts:
            return
        used = fields_used(template.source)
        if used is None or used & _CLOCK_FIELDS:
            self.show_composer()

    def on_composer_pane_chosen(self, message: ComposerPane.Chosen) -> None:
        self._template_id = message.template_id
        self._send_confirm.disarm()
        self.show_composer()

    # -- writing -----------------------------------------------------------------------

    def on_composer_pane_edit_requested(self, message: ComposerPane.EditRequested) -> None:
        self._template_id = message.template_id
        self.open_composer()

    def compose_with(self, template_id: str) -> None:
        self._template_id = template_id
        self.show_composer()
        self.open_composer()

    def open_composer(self) -> None:
        from tui.screens.composer import ComposerScreen

        template = self.chosen_template
        if template is None:
            return
        incident_id = self.incident.id
        filled = self.filled(template)
        draft_text = self.record.drafts.get(template.id)

        def keep(typed: str) -> None:
            self._keep_draft(incident_id, template.id, typed)

        self.app.push_screen(ComposerScreen(
            template, filled if draft_text is None else draft_text, filled=filled,
            draft=draft_text is not None, keep_draft=keep,
            save_as=export_path(Path.cwd(), incident_id, f"-{file_stem(template.id)}.md"),
            copy_text=self.copy_text), self._composer_closed)

    def _composer_closed(self, result: Composed | None) -> None:
        if result is not None:
            self._send(self.incident.id, result.template, result.text)

    @work(thread=True, group="drafts", exit_on_error=False)
    def _keep_draft(self, incident_id: str, template_id: str, text: str) -> None:
        self.context.store.save_draft(incident_id, template_id, text, self.context.author)
        self.app.call_from_thread(self._draft_kept, incident_id, template_id, text)

    def _draft_kept(self, incident_id: str, template_id: str, text: str) -> None:
        # The record is not read again for a draft: typing in a 10k-entry
        # incident must not re-read its timeline twice a second.
        if self.record.incident.id != incident_id:
            return
        drafts = {key: value for key, value in self.record.drafts.items() if key != template_id}
        if text:
            drafts[template_id] = text
        self.record = replace(self.record, drafts=drafts)
        self.show_composer()

    # -- sending and copying -----------------------------------------------------------

    def send_chosen(self) -> None:
        """`U`: the chosen communication went out as shown. Fields still
        missing are named first; `U` again within a few seconds sends anyway."""
        template = self.chosen_template
        if template is None:
            return
        text, _ = self.composed(template)
        gaps = missing_fields(text)
        if gaps and not self._send_confirm.confirmed(template.id):
            self.notify(f"{template.title} still has missing fields: {', '.join(gaps)}. "
                        "Press U again to log it as sent anyway.", severity="warning",
                        timeout=SEND_CONFIRM_SECONDS, markup=False)
            return
        self._send(self.incident.id, template, text)

    @work(thread=True, group="store", exit_on_error=False)
    def _send(self, incident_id: str, template: CommsTemplate, text: str) -> None:
        self.context.store.mark_sent(incident_id, text, self.context.author,
                                     title=template.title, template_id=template.id,
                                     restarts_cadence=template.counts_as_update)
        restarted = "; the next update is counted from now" if template.counts_as_update \
            else ""
        self._publish(incident_id, f"{template.title} logged as sent{restarted}")

    def copy_chosen(self) -> None:
        template = self.chosen_template
        if template is None:
            return
        self.copy_text(template.title, self.composed(template)[0])

    def copy_text(self, title: str, text: str) -> None:
        """Put the text on the clipboard with OSC 52, and where the terminal
        will not take it, show the text alone, ready to select by hand."""
        self.app.copy_to_clipboard(text)
        self._check_clipboard(title, text)

    @work(thread=True, group="clipboard", exclusive=True, exit_on_error=False)
    def _check_clipboard(self, title: str, text: str) -> None:
        # The check may ask tmux, so it runs off the UI thread.
        problem = osc52_problem(os.environ)
        self.app.call_from_thread(self._copied, title, text, problem)

    def _copied(self, title: str, text: str, problem: str | None) -> None:
        if problem is None:
            self.notify(f"{title} copied to the clipboard (OSC 52)", timeout=3, markup=False)
            return
        from tui.screens.composer import PlainTextScreen

        self.app.push_screen(PlainTextScreen(text, problem))

