"""Use cases on checklists: an item ticked (or unticked, or skipped),
playbooks attached and detached. Each is one transaction."""

from __future__ import annotations

from collections.abc import Sequence

from tui.model.checklist import Mark, MarkState
from tui.model.playbook import Playbook
from tui.store import Store


def tick_item(store: Store, incident_id: str, playbook_id: str, item_key: str,
              state: MarkState, author: str = "", *, reason: str = "", shown_text: str = "",
              seen: int | None = None) -> Mark:
    """`seen`: the id of the item's mark the tracker showed (0: unmarked);
    MarkConflict, nothing written, when someone else marked it since."""
    return store.checklists.mark(incident_id, playbook_id, item_key, state, author,
                                 reason=reason, shown_text=shown_text, seen=seen)


def attach_playbooks(store: Store, incident_id: str, books: Sequence[Playbook],
                     author: str = "") -> list[str]:
    """The ids of those attached now (not those attached already)."""
    return store.checklists.attach(incident_id, books, author)


def detach_playbook(store: Store, incident_id: str, playbook_id: str, author: str = "") -> None:
    store.checklists.detach(incident_id, playbook_id, author)


def change_playbooks(store: Store, incident_id: str, attach: Sequence[Playbook],
                     detach: Sequence[str], author: str = "") -> list[str]:
    """The picker's choice: some attached, some detached, together. The ids
    attached now."""
    with store.db.transaction():
        attached = store.checklists.attach(incident_id, attach, author)
        for playbook_id in detach:
            store.checklists.detach(incident_id, playbook_id, author)
    return attached
