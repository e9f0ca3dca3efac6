"""Communication templates filled from the incident.

`string.Template` substitutes names only: a template cannot reach attributes,
call anything or read files. A field with no value is marked where it would go,
never rendered empty."""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from datetime import datetime

from tui.model.action_item import ActionItem, markdown_table
from tui.model.incident import Incident
from tui.model.severity import DEFAULT_LEVELS, SeverityLevel
from tui.model.timefmt import format_duration, to_iso
from tui.model.timeline import EntryKind, TimelineEntry


def missing(name: str) -> str:
    return f"⟨missing: {name}⟩"


class _Marked(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return missing(key)


def incident_fields(
    incident: Incident, entries: list[TimelineEntry], now: datetime,
    actions: Sequence[ActionItem] = (),
    levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS,
    steps: Sequence[str] = (),
) -> dict[str, str]:
    roles = incident.roles
    due = incident.next_update_due(levels)
    recent = [e for e in entries if e.kind is not EntryKind.COMMUNICATION][-5:]
    return {
        "title": incident.title,
        "severity": incident.severity,
        "status": incident.status.label,
        "impact": incident.impact,
        "services": ", ".join(incident.services),
        "started": to_iso(incident.started_at)[:16].replace("T", " ") + " UTC",
        "duration": format_duration(incident.elapsed(now)),
        "incident_commander": roles.incident_commander,
        "tech_lead": roles.tech_lead,
        "comms_lead": roles.comms_lead,
        "recent": "\n".join(f"- {e.at:%H:%M}Z {e.text}" for e in recent),
        "next_update": f"{due:%H:%M} UTC" if due else "",
        # Open checklist items, soonest due first.
        "next_steps": "\n".join(f"- {step}" for step in steps),
        # The post-mortem's follow-ups, as a Markdown table.
        "action_items": markdown_table(actions) if actions else "",
    }


def render(template: str, fields: Mapping[str, str]) -> str:
    present = _Marked({key: value for key, value in fields.items() if value})
    try:
        return string.Template(template).substitute(present)
    except ValueError as error:
        raise TemplateError(f"bad placeholder in template ({error}); write $$ for a dollar sign") \
            from error


class TemplateError(Exception):
    pass
