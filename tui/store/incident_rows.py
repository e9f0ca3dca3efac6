"""Incidents and timeline entries from their rows, whatever the rows hold
(see row_reading): a column that cannot be read raises a ValueError naming
it, and a timeline entry that cannot be read is shown as unreadable."""

from __future__ import annotations

import json
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

from tui.model.incident import Incident, Milestone, Roles, Status
from tui.model.timefmt import readable_time
from tui.model.timeline import EntryKind, TimelineEntry
from tui.store.row_reading import UNREADABLE, column, stored_time, text


def add_milestone(milestones: dict[Milestone, datetime], name: Any, at: Any) -> None:
    # A milestone that cannot be read is left out: the others still date
    # the incident.
    with suppress(*UNREADABLE):
        milestones[Milestone(name)] = stored_time(at)


def _json_column(name: str, raw: Any) -> Any:
    return column(name, raw, json.loads)


def _roles(raw: Any) -> Roles:
    # Any: the names are Roles' fields (an unknown one raises TypeError, an
    # unreadable column), the values text but for the SMEs' tuple.
    fields: dict[str, Any] = {key: text(value, 500) for key, value in raw.items()
                              if key != "smes"}
    fields["smes"] = tuple(text(sme, 500) for sme in raw.get("smes", ()))
    return Roles(**fields)


def incident_from_row(row: dict[str, Any], milestones: dict[Milestone, datetime]) -> Incident:
    if not milestones:
        raise ValueError("no readable milestone")
    roles = _json_column("roles", row["roles"])
    roles = column("roles", roles, _roles)
    words = {name: column(name, _json_column(name, row[name]),
                          lambda value: tuple(text(word, 500) for word in value))
             for name in ("services", "scenarios")}
    return Incident(
        id=column("id", row["id"], text),
        title=column("title", row["title"], lambda raw: text(raw, 500)),
        description=column("description", row["description"], text),
        severity=column("severity", row["severity"], lambda raw: text(raw, 500)),
        status=column("status", row["status"], Status),
        impact=column("impact", row["impact"], text),
        services=words["services"],
        roles=roles,
        scenarios=words["scenarios"],
        milestones=milestones,
        last_update_at=column("last_update_at", row["last_update_at"], _maybe_time),
        is_demo=bool(row["is_demo"]),
        update_snoozed_until=column("update_snoozed_until", row["update_snoozed_until"],
                                    _maybe_time),
        update_snooze_reason=column("update_snooze_reason", row["update_snooze_reason"], text),
        version=column("version", row["version"], int),
    )


def _maybe_time(raw: Any) -> datetime | None:
    return stored_time(raw) if raw else None


def entry_from_row(row: dict[str, Any]) -> TimelineEntry:
    """The entry; one that cannot be read is shown as such, in its place
    (a hand-edited kind must not hide the notes around it)."""
    try:
        return TimelineEntry(id=row["id"], incident_id=row["incident_id"],
                             at=column("time", row["at"], stored_time),
                             kind=column("kind", row["kind"], EntryKind),
                             text=column("text", row["text"], text),
                             author=column("author", row["author"], lambda a: text(a, 500)),
                             starred=bool(row["starred"]),
                             version=column("version", row["version"], int))
    except UNREADABLE as error:
        at = readable_time(row["at"]) or readable_time(row["created_at"]) \
            or datetime(1970, 1, 1, tzinfo=UTC)
        version = row["version"] if isinstance(row["version"], int) else 1
        return TimelineEntry(id=row["id"], incident_id=row["incident_id"], at=at,
                             kind=EntryKind.NOTE, text=f"unreadable entry #{row['id']}: {error}",
                             version=version)
