"""Use cases on follow-ups: one added, one edited. Each is one transaction."""

from __future__ import annotations

from tui.model.action_item import ActionDraft, ActionItem
from tui.store import Store


def add_follow_up(store: Store, incident_id: str, draft: ActionDraft,
                  author: str = "") -> ActionItem:
    return store.follow_ups.add(incident_id, draft, author)


def update_follow_up(store: Store, item_id: int, draft: ActionDraft,
                     author: str = "") -> ActionItem:
    return store.follow_ups.update(item_id, draft, author)
