"""Follow-up action items: made from a timeline entry (F) or typed in the
follow-ups pane, edited in the action editor, written to the store in a
worker. Shared by the war room and the review, where follow-ups stay
editable."""

from __future__ import annotations

from datetime import datetime

from tui import actions
from tui.model.action_item import ActionDraft, ActionItem
from tui.model.timeline import TimelineEntry
from tui.screens.warroom_parts import WarroomParts
from tui.ui.workers import work
from tui.widgets.action_items_pane import ActionItemsPane
from tui.widgets.timeline_pane import TimelinePane


class FollowUpWork(WarroomParts):
    """Mixed into WarroomScreen and ReviewScreen."""

    def on_timeline_pane_follow_up_requested(self, message: TimelinePane.FollowUpRequested
                                             ) -> None:
        entry: TimelineEntry = message.entry
        stamp = entry.at.strftime("%H:%MZ")
        self.edit_action(None, ActionDraft(entry.text.splitlines()[0][:200] if entry.text
                                           else "", source=f"timeline {stamp}: {entry.text[:80]}"))

    def on_action_items_pane_edit_requested(self, message: ActionItemsPane.EditRequested
                                            ) -> None:
        self.edit_action(message.item, message.draft)

    def on_action_items_pane_save_requested(self, message: ActionItemsPane.SaveRequested
                                            ) -> None:
        self._save_action(self.incident.id, message.item, message.draft)

    def edit_action(self, item: ActionItem | None, draft: ActionDraft | None) -> None:
        from tui.screens.action_editor import ActionItemEditor

        incident_id = self.incident.id
        now: datetime = self.context.clock.now()

        def saved(result: ActionDraft | None) -> None:
            if result is not None:
                self._save_action(incident_id, item, result)

        self.app.push_screen(ActionItemEditor(today=now.date(), item=item, draft=draft), saved)

    @work(thread=True, group="store", exit_on_error=False)
    def _save_action(self, incident_id: str, item: ActionItem | None, draft: ActionDraft
                     ) -> None:
        store, author = self.context.store, self.context.author
        if item is None:
            added = actions.add_follow_up(store, incident_id, draft, author)
            self._publish(incident_id, f"Follow-up #{added.id} added")
        else:
            actions.update_follow_up(store, item.id, draft, author)
            self._publish(incident_id, f"Follow-up #{item.id} saved")
