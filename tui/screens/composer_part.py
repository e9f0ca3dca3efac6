"""The war room's communications: which template is chosen, its text filled
from the record (or its draft), and what the composer asks for (keep a
draft, copy, log as sent) written to the store in workers. A part of both
incident screens (the review composes its post-mortem)."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui import actions
from tui.files.exports import export_path
from tui.files.template_library import CommsTemplate, default_template
from tui.model.checklist import next_steps
from tui.model.playbook import fill
from tui.model.record import IncidentRecord
from tui.model.resend import LastSend, last_send, resend_question
from tui.model.safe_text import file_stem
from tui.render.process import shared_template_process
from tui.render.queue import RenderKey, RenderQueue
from tui.render.template_fields import incident_fields
from tui.render.templates import TemplateError, fields_used, missing_fields
from tui.ui.confirmation import SEND_CONFIRM_SECONDS, SecondPress
from tui.ui.workers import Failure, run_part
from tui.widgets.composer_pane import ComposerPane
from tui.widgets.copy_feedback import copy_and_say

if TYPE_CHECKING:
    from tui.screens.composer import Composed
    from tui.screens.incident_screen import IncidentScreen

DRAFT_NOT_KEPT = Failure("Draft not kept: {error}. The text is still in the composer.",
                         timeout=10)
_CLOCK_FIELDS = frozenset({"duration", "now", "next_update"})
# In the pane until a template's first render answers.
RENDERING = "rendering…"


@dataclass(frozen=True)
class _RenderRequest:
    """What a render reads, taken on the UI thread: the worker must not read
    the screen's record while a refresh replaces it."""

    template: CommsTemplate
    record: IncidentRecord
    values: dict[str, str]
    now: datetime


class ComposerPart:
    def __init__(self, host: IncidentScreen, publish: Callable[[str, str], None]) -> None:
        self.host = host
        self.context = host.context
        # From a worker: the committed record re-read and handed to the UI.
        self._publish = publish
        self._template_id = ""
        self._send_confirm = SecondPress(SEND_CONFIRM_SECONDS)
        # When this screen last logged each (incident, template) as sent:
        # the record catches up a moment later, a double U is quicker.
        self._sent_here: dict[tuple[str, str], datetime] = {}
        self._renders: RenderQueue[_RenderRequest] = RenderQueue()

    @property
    def record(self) -> IncidentRecord:
        return self.host.record

    # -- what is composed --------------------------------------------------------------

    @property
    def chosen_template(self) -> CommsTemplate | None:
        templates = self.context.templates
        return next((template for template in templates if template.id == self._template_id),
                    None) or default_template(templates)

    def _render_key(self, template: CommsTemplate) -> RenderKey:
        return self.host.incident.id, template.id

    def render_then(self, template: CommsTemplate,
                    then: Callable[[str], None] | None = None) -> None:
        """Fill the template from the record as it stands now, in a thread
        (a user's template may run for its whole budget), then call `then`
        with the text on the UI thread."""
        request = _RenderRequest(template, self.record, self.host.values(),
                                 self.context.clock.now())
        job = self._renders.want(self._render_key(template), request, then)
        if job is not None:
            self._render(job.request)

    def _render(self, request: _RenderRequest) -> None:
        run_part(self.host, self._render_template, request, group="render")

    async def _render_template(self, request: _RenderRequest) -> None:
        try:
            text = await asyncio.to_thread(self._filled, request)
        except Exception as error:  # any failure is said in the pane; the queue goes on
            text = f"Template not filled ({request.template.title}): {error}"
        self._rendered(text)

    def _filled(self, request: _RenderRequest) -> str:
        """From a worker: the template filled from the request's record."""
        template, record = request.template, request.record
        steps = [fill(status.item.text, request.values) for status in next_steps(
            record.incident, record.attachments, record.marks)]
        used = fields_used(template.source)
        fields = incident_fields(record, request.now, self.context.severity_levels, steps,
                                 used=used)
        if used is not None:  # what the child need not be sent
            fields = {name: value for name, value in fields.items() if name in used}
        try:
            return shared_template_process().render(template.source, fields)
        except TemplateError as error:
            where = f" ({template.path})" if template.path else ""
            return f"Template error in {template.title}{where}: {error}"

    def _rendered(self, text: str) -> None:
        job, following = self._renders.done(text)
        if following is not None:
            self._render(following.request)
        if job is None:
            return
        self._show_pane()
        for then in job.then:
            then(text)

    def composed_then(self, template: CommsTemplate, then: Callable[[str], None]) -> None:
        """`then` with the text to copy and send: the draft as last typed at
        once, or the template freshly filled once it is rendered."""
        draft = self.record.drafts.get(template.id)
        if draft is not None:
            then(draft)
        else:
            self.render_then(template, then)

    def show_composer(self) -> None:
        """The pane as it can be shown now, and a render of the record as it
        stands, shown when it answers."""
        template = self.chosen_template
        if template is not None and template.id not in self.record.drafts:
            self.render_then(template)
        self._show_pane()

    def _show_pane(self) -> None:
        """The draft, or the last text rendered for this incident, or word
        that it is on its way: never a wait for a render."""
        template = self.chosen_template
        text, draft = "", False
        if template is not None:
            draft_text = self.record.drafts.get(template.id)
            text, draft = (draft_text, True) if draft_text is not None else (
                self._renders.last.get(self._render_key(template), RENDERING), False)
        for pane in self.host.query(ComposerPane).results(ComposerPane):
            pane.set_templates(self.context.templates, template.id if template else "")
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

    def chosen(self, template_id: str) -> None:
        """A template chosen in the pane."""
        self._template_id = template_id
        self._send_confirm.disarm()
        self.show_composer()

    # -- writing -----------------------------------------------------------------------

    def edit(self, template_id: str) -> None:
        """The composer opened on a template (Enter in the pane)."""
        self._template_id = template_id
        self.open_composer()

    def compose_with(self, template_id: str) -> None:
        self._template_id = template_id
        # The pane only: the editor's own render answers it too (one render, not two).
        self._show_pane()
        self.open_composer()

    def open_composer(self) -> None:
        from tui.screens.composer import ComposerScreen

        template = self.chosen_template
        if template is None:
            return
        incident_id = self.host.incident.id

        def keep(typed: str) -> None:
            run_part(self.host, self._keep_draft, incident_id, template.id, typed,
                     group="drafts", failure=DRAFT_NOT_KEPT)

        def opened(filled: str) -> None:
            # The draft as it is when the render answers: one kept meanwhile counts.
            if self.host.incident.id != incident_id:
                return  # another incident was opened while it rendered
            draft_text = self.record.drafts.get(template.id)
            self.host.app.push_screen(ComposerScreen(
                template, filled if draft_text is None else draft_text, filled=filled,
                draft=draft_text is not None, keep_draft=keep,
                save_as=export_path(Path.cwd(), incident_id, f"-{file_stem(template.id)}.md"),
                copy_text=self.copy_text), self._composer_closed)

        # The editor's re-fill needs the filled text even when a draft is shown.
        self.render_then(template, opened)

    def _composer_closed(self, result: Composed | None) -> None:
        if result is not None:
            self._send_unless_just_sent(self.host.incident.id, result.template, result.text)

    async def _keep_draft(self, incident_id: str, template_id: str, text: str) -> None:
        await asyncio.to_thread(actions.save_draft, self.context.store, incident_id,
                                template_id, text, self.context.author)
        self._draft_kept(incident_id, template_id, text)

    def _draft_kept(self, incident_id: str, template_id: str, text: str) -> None:
        # The record is not read again for a draft: typing in a 10k-entry
        # incident must not re-read its timeline twice a second.
        if self.record.incident.id != incident_id:
            return
        drafts = {key: value for key, value in self.record.drafts.items() if key != template_id}
        if text:
            drafts[template_id] = text
        self.host.record = replace(self.record, drafts=drafts)
        self.show_composer()

    # -- sending and copying -----------------------------------------------------------

    def send_chosen(self) -> None:
        """`U`: the chosen communication went out as shown. Fields still
        missing are named first; `U` again within a few seconds sends anyway."""
        template = self.chosen_template
        if template is None:
            return
        incident_id = self.host.incident.id

        def composed(text: str) -> None:
            if self.host.incident.id != incident_id:
                return  # not sent for an incident the user has left
            gaps = missing_fields(text)
            if gaps and not self._send_confirm.confirmed(template.id):
                self.host.notify(f"{template.title} still has missing fields: {', '.join(gaps)}. "
                            "Press U again to log it as sent anyway.", severity="warning",
                            timeout=SEND_CONFIRM_SECONDS, markup=False)
                return
            self._send_unless_just_sent(incident_id, template, text)

        self.composed_then(template, composed)

    def _send_unless_just_sent(self, incident_id: str, template: CommsTemplate,
                               text: str) -> None:
        """A second send of the same communication within a minute (a double
        U) is asked about first; sends by another Warroom count too."""
        from tui.screens.quit_confirm import ConfirmScreen

        now = self.context.clock.now()
        question = resend_question(template.title, last_send(self.record.entries,
                                                             template.title), now)
        # A send this screen logged a moment ago may not be in the record yet.
        here = self._sent_here.get((incident_id, template.id))
        if question is None and here is not None:
            question = resend_question(template.title, LastSend(here, self.context.author),
                                       now)
        if question is None:
            self._sent_here[(incident_id, template.id)] = now
            self._send(incident_id, template, text)
            return

        def answered(yes: bool | None) -> None:
            if yes and self.host.incident.id == incident_id:
                self._sent_here[(incident_id, template.id)] = self.context.clock.now()
                self._send(incident_id, template, text)

        self.host.app.push_screen(ConfirmScreen(question), answered)

    def _send(self, incident_id: str, template: CommsTemplate, text: str) -> None:
        run_part(self.host, self._store_sent, incident_id, template, text, group="store",
                 thread=True)

    def _store_sent(self, incident_id: str, template: CommsTemplate, text: str) -> None:
        actions.mark_sent(self.context.store, incident_id, text, self.context.author,
                          title=template.title, template_id=template.id,
                          restarts_cadence=template.counts_as_update)
        restarted = "; the next update is counted from now" if template.counts_as_update \
            else ""
        self._publish(incident_id, f"{template.title} logged as sent{restarted}")

    def copy_chosen(self) -> None:
        template = self.chosen_template
        if template is None:
            return
        self.composed_then(template, functools.partial(self.copy_text, template.title))

    def copy_text(self, title: str, text: str) -> None:
        """Copy, and say where it went (tui.screens.copied: ctrl+l shows it
        plain where the terminal may not take it)."""
        copy_and_say(self.host.app, text, title)
