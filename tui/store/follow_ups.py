"""The follow-up aggregate: action items raised during or after an
incident, each addition and edit logged on its incident's timeline."""

from __future__ import annotations

from tui.model import timeline_wording as wording
from tui.model.action_item import ActionDraft, ActionItem, action_changes
from tui.model.timeline import EntryKind
from tui.store import action_items as action_sql
from tui.store.database import Database
from tui.store.incidents import Incidents
from tui.store.timeline import Timeline


class FollowUps:
    def __init__(self, db: Database, incidents: Incidents, timeline: Timeline) -> None:
        self._db = db
        self._incidents = incidents
        self._timeline = timeline

    def add(self, incident_id: str, draft: ActionDraft, author: str = "") -> ActionItem:
        if not draft.description.strip():
            raise ValueError("an action item needs a description")
        with self._db.transaction() as conn:
            self._incidents.field(incident_id, "id")
            item_id = action_sql.insert(conn, incident_id, draft, self._db.clock.now(), author)
            self._timeline.log(incident_id, EntryKind.ACTION,
                               wording.follow_up_added_line(item_id, draft), author)
            item = action_sql.one(conn, item_id)
        assert item is not None
        return item

    def update(self, item_id: int, draft: ActionDraft, author: str = "") -> ActionItem:
        """Save an edited follow-up; what changed is logged on its incident's timeline."""
        if not draft.description.strip():
            raise ValueError("an action item needs a description")
        with self._db.transaction() as conn:
            before = action_sql.one(conn, item_id)
            if before is None:
                raise KeyError(f"no action item #{item_id}")
            changes = action_changes(before, draft)
            if changes:
                action_sql.update(conn, item_id, draft, self._db.clock.now())
                self._timeline.log(before.incident_id, EntryKind.ACTION,
                                   wording.follow_up_changed_line(item_id, changes), author)
            item = action_sql.one(conn, item_id)
        assert item is not None
        return item

    def for_incident(self, incident_id: str) -> list[ActionItem]:
        with self._db.reading() as conn:
            return action_sql.for_incident(conn, incident_id)

    def every(self) -> list[ActionItem]:
        with self._db.reading() as conn:
            return action_sql.every(conn)
