"""The war room's checklist work: what the tracker asks for (tick, skip,
graph, follow-up, attach or detach playbooks), written to the store in
workers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import TYPE_CHECKING

from tui import actions
from tui.actions.errors import MarkConflict
from tui.model.action_item import ActionDraft
from tui.model.checklist import (
    Attachment,
    ItemStatus,
    MarkState,
    attach_order,
    newly_applying,
)
from tui.model.incident import Incident
from tui.model.metrics import PaneSpec, QuerySpec, Unit
from tui.model.playbook import Playbook
from tui.screens.messages import PlaybooksOffered, Publish
from tui.ui.workers import run_part
from tui.widgets.checklist_pane import ChecklistPane

if TYPE_CHECKING:
    from tui.screens.incident_screen import IncidentScreen


class ChecklistPart:
    def __init__(self, host: IncidentScreen, publish: Publish,
                 open_pane_editor: Callable[[PaneSpec | None, PaneSpec | None], None]) -> None:
        self.host = host
        self.context = host.context
        # From a worker: the committed record re-read and handed to the UI.
        self._publish = publish
        self._open_pane_editor = open_pane_editor

    # -- ticks and skips -------------------------------------------------------------

    def mark(self, message: ChecklistPane.MarkRequested) -> None:
        self._mark(self.host.incident.id, message.status, message.state, "",
                   message.shown_text)

    def skip(self, message: ChecklistPane.SkipRequested) -> None:
        from tui.screens.reason_prompt import ReasonPrompt

        incident_id, status = self.host.incident.id, message.status

        def skipped(reason: str | None) -> None:
            if reason:
                self._mark(incident_id, status, MarkState.SKIPPED, reason, message.shown_text)

        self.host.app.push_screen(ReasonPrompt(
            title="Skip a checklist item", question=f"Why skip “{message.shown_text}”?",
            placeholder="e.g. not applicable: no deploy in the last day"), skipped)

    def _mark(self, incident_id: str, status: ItemStatus, state: MarkState, reason: str,
              shown_text: str) -> None:
        zone = self.host.query_one(ChecklistPane).grid.zone
        run_part(self.host, self._store_mark, incident_id, status, state, reason, shown_text,
                 zone, group="store", thread=True)

    def _store_mark(self, incident_id: str, status: ItemStatus, state: MarkState, reason: str,
                    shown_text: str, zone: tzinfo) -> None:
        try:
            # Named: the mark the tracker showed, so that one someone else
            # made since is never flipped back blindly.
            actions.tick_item(self.context.store, incident_id, status.playbook.id,
                              status.item.key, state, self.context.author, reason=reason,
                              shown_text=shown_text, seen=status.mark.id if status.mark else 0)
        except MarkConflict as conflict:
            # The tracker shows their mark, and the toast says whose it is.
            self._publish(incident_id, conflict.line(shown_text, self.context.clock.now(), zone),
                          severity="information" if conflict.already else "warning", timeout=6)
            return
        said = {MarkState.DONE: "Ticked", MarkState.SKIPPED: "Skipped",
                MarkState.OPEN: "Unticked"}[state]
        self._publish(incident_id, f"{said}: {shown_text}")

    def graph(self, message: ChecklistPane.GraphRequested) -> None:
        # A draft, not a saved pane: the user sees the query, tests it, names it.
        self._open_pane_editor(None, PaneSpec(
            id="", title=message.title[:60], unit=Unit.COUNT,
            queries=(QuerySpec(message.expr),)))

    def follow_up(self, message: ChecklistPane.FollowUpRequested) -> None:
        self.host.follow_ups.edit(None, ActionDraft(message.description,
                                                    source=message.source))

    # -- attaching and detaching playbooks ----------------------------------------------

    def choose_playbooks(self, incident: Incident, attachments: list[Attachment],
                         proposed: set[str], why: str) -> None:
        from tui.screens.playbook_picker import PlaybookPicker

        attached = {a.playbook.id for a in attachments}

        def chosen(selected: set[str] | None) -> None:
            if selected is None:
                return
            attach = sorted((book for book in self.context.playbooks
                             if book.id in selected - attached), key=attach_order)
            detach = sorted(attached - selected)
            if attach or detach:
                run_part(self.host, self._apply_playbooks, incident.id, attach, detach,
                         group="store", thread=True)

        self.host.app.push_screen(PlaybookPicker(library=self.context.playbooks,
                                                 attachments=attachments, incident=incident,
                                                 proposed=proposed, why=why), chosen)

    def _apply_playbooks(self, incident_id: str, attach: list[Playbook], detach: list[str]
                         ) -> None:
        store, author = self.context.store, self.context.author
        attached = actions.change_playbooks(store, incident_id, attach, detach, author)
        said = []
        if attached:
            said.append(f"{len(attached)} attached")
        if detach:
            said.append(f"{len(detach)} detached")
        self._publish(incident_id, f"Playbooks: {', '.join(said) or 'no change'}")

    def offer_playbooks(self, before: Incident | None, after: Incident) -> None:
        """From a worker, after a declaration or a change of the record:
        propose the playbooks the change made apply (PlaybooksOffered)."""
        attachments = self.context.store.checklists.attachments(after.id)
        fresh = newly_applying(self.context.playbooks, before, after,
                               {a.playbook.id for a in attachments})
        if not fresh:
            return
        which = "this playbook" if len(fresh) == 1 else "these playbooks"
        why = (f"Declared {after.id}: {which} apply." if before is None else
               f"The change to {after.id} makes {which} apply.")
        self.host.post_message(PlaybooksOffered(after, attachments, {book.id for book in fresh},
                                                why + " Ticked ones are attached on ctrl+s."))
