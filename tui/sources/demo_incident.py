"""The demo's incident as the recording holds it: read by the demo source,
and by the header-first start (tui.cli.first_look) before anything heavier
is imported."""

from __future__ import annotations

from typing import Any

from tui.model.incident import Incident, Milestone, Roles, Status
from tui.model.timefmt import from_iso
from tui.model.timeline import EntryKind, TimelineEntry


def recorded_incident(raw: dict[str, Any]) -> tuple[Incident, tuple[TimelineEntry, ...]]:
    roles = dict(raw.get("roles", {}))
    roles["smes"] = tuple(roles.get("smes", ()))
    incident = Incident(
        id=raw["id"],
        title=raw["title"],
        description=raw.get("description", ""),
        severity=raw["severity"],
        status=Status(raw["status"]),
        impact=raw.get("impact", ""),
        services=tuple(raw.get("services", ())),
        scenarios=tuple(raw.get("scenarios", ())),
        roles=Roles(**roles),
        milestones={Milestone(k): from_iso(v) for k, v in raw["milestones"].items()},
        last_update_at=from_iso(raw["last_update_at"]) if raw.get("last_update_at") else None,
        is_demo=True,
    )
    timeline = tuple(
        TimelineEntry(0, incident.id, from_iso(e["at"]), EntryKind(e["kind"]), e["text"],
                      e.get("author", ""))
        for e in raw.get("timeline", ())
    )
    return incident, timeline
