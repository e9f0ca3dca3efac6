"""Follow-up action items: made from a timeline entry (F) or typed in the
follow-ups pane, edited in the action editor, written to the store in a
worker. A part of both incident screens (the war room and the review, where
follow-ups stay editable)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tui import actions
from tui.model.action_item import ActionDraft, ActionItem
from tui.model.timeline import TimelineEntry
from tui.ui.workers import run_part

if TYPE_CHECKING:
    from tui.screens.incident_screen import IncidentScreen


class FollowUps:
    def __init__(self, host: IncidentScreen, publish: Callable[[str, str], None]) -> None:
        self.host = host
        # From a worker: the committed record re-read and handed to the UI.
        self._publish = publish

    def from_entry(self, entry: TimelineEntry) -> None:
        """`F` on a timeline entry: a follow-up drafted from it."""
        stamp = entry.at.strftime("%H:%MZ")
        self.edit(None, ActionDraft(entry.text.splitlines()[0][:200] if entry.text else "",
                                    source=f"timeline {stamp}: {entry.text[:80]}"))

    def edit(self, item: ActionItem | None, draft: ActionDraft | None) -> None:
        from tui.screens.action_editor import ActionItemEditor

        incident_id = self.host.incident.id

        def saved(result: ActionDraft | None) -> None:
            if result is not None:
                self.save(incident_id, item, result)

        today = self.host.context.clock.now().date()
        self.host.app.push_screen(ActionItemEditor(today=today, item=item, draft=draft), saved)

    def save(self, incident_id: str, item: ActionItem | None, draft: ActionDraft) -> None:
        run_part(self.host, self._save_action, incident_id, item, draft, group="store",
                 thread=True)

    def _save_action(self, incident_id: str, item: ActionItem | None, draft: ActionDraft
                     ) -> None:
        store, author = self.host.context.store, self.host.context.author
        if item is None:
            added = actions.add_follow_up(store, incident_id, draft, author)
            self._publish(incident_id, f"Follow-up #{added.id} added")
        else:
            actions.update_follow_up(store, item.id, draft, author)
            self._publish(incident_id, f"Follow-up #{item.id} saved")
