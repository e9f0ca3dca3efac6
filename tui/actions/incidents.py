"""Use cases on the incident record: declare, edit, change the status
(with its milestones), the severity, the roles. Each is one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from tui.model.incident import Incident, IncidentDraft, Milestone, Roles, Status
from tui.store import Store


def declare(store: Store, draft: IncidentDraft, author: str = "") -> Incident:
    """A new incident from the declare dialog, with its first timeline lines."""
    return store.incidents.declare(draft, author)


def update_record(store: Store, incident_id: str, draft: IncidentDraft,
                  author: str = "", *, base: Incident | None = None) -> Incident:
    """The edit dialog's changes: details, severity (with its reason), roles;
    each change logged, all of them or none. `base` is the record the
    dialog was opened on: what others changed since stands where nothing
    was typed, and RecordConflict refuses the save (nothing written) where
    both changed the same field."""
    with store.db.transaction():
        if base is not None:
            draft = store.incidents.merged(incident_id, base, draft)
        store.incidents.set_details(incident_id, title=draft.title.strip(),
                                    description=draft.description, impact=draft.impact,
                                    services=draft.services, scenarios=draft.scenarios,
                                    author=author)
        store.incidents.set_severity(incident_id, draft.severity, author,
                                     reason=draft.severity_reason)
        return store.incidents.set_roles(incident_id, draft.roles, author)


def change_status(store: Store, incident_id: str, status: Status, author: str = "") -> Incident:
    """A new status, logged, with the milestone it marks the first time."""
    return store.incidents.set_status(incident_id, status, author)


def change_lifecycle(store: Store, incident_id: str, status: Status,
                     milestones: Mapping[Milestone, datetime | None], author: str = "", *,
                     was: Status | None = None) -> tuple[Incident, Incident]:
    """The lifecycle editor's milestones (set, corrected or cleared) and
    status, in one transaction: the incident before the status changed and
    after. `was` is the status the editor showed (by default the stored
    one): the status is set only when the editor changed it. Milestones
    first: a typed "resolved" time wins over the one the status would stamp."""
    with store.db.transaction():
        for milestone, at in milestones.items():
            store.incidents.set_milestone(incident_id, milestone, at, author)
        before = store.incidents.required(incident_id)
        if status is not (before.status if was is None else was):
            store.incidents.set_status(incident_id, status, author)
        return before, store.incidents.required(incident_id)


def set_milestone(store: Store, incident_id: str, milestone: Milestone, at: datetime | None,
                  author: str = "") -> Incident:
    return store.incidents.set_milestone(incident_id, milestone, at, author)


def change_severity(store: Store, incident_id: str, severity: str, author: str = "",
                    reason: str = "") -> Incident:
    return store.incidents.set_severity(incident_id, severity, author, reason=reason)


def set_roles(store: Store, incident_id: str, roles: Roles, author: str = "") -> Incident:
    return store.incidents.set_roles(incident_id, roles, author)
