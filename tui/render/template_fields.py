"""What a communication template can say, taken from the incident record.

Text fields are ready to print; the lists (`entries`, `findings`, `actions`,
`steps`, `smes`) are there for templates that loop. An empty value is left
empty here and marked as missing by the renderer."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from typing import Any

from tui.model.action_item import markdown_table
from tui.model.incident import Milestone, mttx
from tui.model.record import IncidentRecord
from tui.model.review import REVIEW_KEYS
from tui.model.severity import DEFAULT_LEVELS, SeverityLevel
from tui.model.stakeholder import news, stakeholder_step
from tui.model.timefmt import format_duration, to_iso
from tui.model.timeline import EntryKind, TimelineEntry, chronological
from tui.render.postmortem import checklist_section, target_lines, timeline_section

FIELDS: dict[str, str] = {
    "incident_id": "the incident's id",
    "title": "the incident's title",
    "severity": "severity key (P1)",
    "severity_name": "severity name (Critical)",
    "status": "lifecycle status (Investigating…)",
    "description": "what is known so far",
    "impact": "who is affected and how",
    "services": "affected services, comma-separated",
    "scenarios": "scenario tags",
    "started": "when it started (UTC)",
    "detected": "when it was detected (UTC)",
    "declared": "when it was declared (UTC)",
    "mitigated": "when it was mitigated (UTC)",
    "resolved": "when it was resolved (UTC)",
    "duration": "how long it has lasted (or lasted)",
    "now": "the time of writing (UTC)",
    "incident_commander": "the incident commander",
    "tech_lead": "the tech lead",
    "comms_lead": "the comms lead",
    "scribe": "the scribe",
    "smes": "subject-matter experts, comma-separated",
    "recent": "the last five things done or found, one per line",
    "findings": "findings from the timeline, one per line",
    "root_cause": "starred findings: the cause, as the team marked it",
    "decisions": "decisions from the timeline, one per line",
    "timeline": "the whole timeline in true order, UTC",
    "starred": "the starred timeline entries",
    "pins": "live values pinned to the timeline",
    "next_steps": "open checklist items, soonest due first",
    "checklists": "how far each playbook got",
    "next_update": "when the next update is due (UTC)",
    "mttd": "started → detected", "mtta": "detected → acknowledged",
    "ttm": "started → mitigated", "mttr": "started → resolved",
    "action_items": "the follow-ups, as a Markdown table",
    "open_actions": "how many follow-ups are still open",
    "slo_impact": "the error budget each SLO spent, one line each",
    "response_targets": "the respond and resolve targets, met or missed",
    # Written by people in the review (`warroom review`, the Post-mortem tab),
    # never derived: marked missing until then.
    "summary": "executive summary (written in review)",
    "contributing_factors": "contributing factors (written in review)",
    "went_well": "what went well (written in review)",
    "went_badly": "what didn't go well (written in review)",
    "lessons": "lessons learned (written in review)",
}


def _utc(moment: datetime | None) -> str:
    return f"{to_iso(moment)[:16].replace('T', ' ')} UTC" if moment else ""


def _bullets(entries: Sequence[TimelineEntry]) -> str:
    return "\n".join(f"- {entry.at:%H:%M}Z {_one_item(entry.text)}" for entry in entries)


def _one_item(text: str) -> str:
    # A pasted log stays inside its list item.
    return text.replace("\r", "").replace("\n", "\n  ")


def _of_kind(entries: Sequence[TimelineEntry], kind: EntryKind) -> list[TimelineEntry]:
    return [entry for entry in entries if entry.kind is kind]


def _after_heading(lines: list[str]) -> str:
    return "\n".join(lines[2:])


def incident_fields(record: IncidentRecord, now: datetime,
                    levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS,
                    steps: Sequence[str] = (), used: Collection[str] | None = None
                    ) -> dict[str, Any]:
    """The fields; with `used`, the costly ones only where named (a status
    update of a 10k-entry incident need not format the whole timeline)."""
    incident, roles = record.incident, record.incident.roles
    entries = chronological(record.entries)
    costly: dict[str, Callable[[], str]] = {
        "timeline": lambda: _after_heading(timeline_section(entries, starred_only=False))
        if entries else "",
        "checklists": lambda: _after_heading(checklist_section(record))
        if record.attachments else "",
        "action_items": lambda: markdown_table(record.actions) if record.actions else "",
        # What people did and found, not the console's bookkeeping.
        "recent": lambda: _bullets(news(entries)[-5:]),
        "findings": lambda: _bullets(_of_kind(entries, EntryKind.FINDING)),
        "root_cause": lambda: "\n".join(_one_item(entry.text) for entry in
                                        _of_kind(entries, EntryKind.FINDING) if entry.starred),
        "decisions": lambda: _bullets(_of_kind(entries, EntryKind.DECISION)),
        "starred": lambda: _bullets([entry for entry in entries if entry.starred]),
        "pins": lambda: _bullets(_of_kind(entries, EntryKind.METRIC_PIN)),
    }
    due = incident.next_update_due(levels)
    milestones = incident.milestones
    spans = {name.lower(): format_duration(span) if span is not None else ""
             for name, span in mttx(incident).items()}
    # Readers outside the war room get the steps without the console's instructions.
    shown_steps = [step for step in map(stakeholder_step, steps) if step]
    open_actions = [action for action in record.actions if not action.status.closed]
    return {
        "incident_id": incident.id,
        "title": incident.title,
        "severity": incident.severity,
        "severity_name": incident.severity_level(levels).name,
        "status": incident.status.label,
        "description": incident.description,
        "impact": incident.impact,
        "services": ", ".join(incident.services),
        "scenarios": ", ".join(incident.scenarios),
        "started": _utc(incident.started_at),
        "detected": _utc(milestones.get(Milestone.DETECTED)),
        "declared": _utc(milestones.get(Milestone.DECLARED)),
        "mitigated": _utc(milestones.get(Milestone.MITIGATED)),
        "resolved": _utc(milestones.get(Milestone.RESOLVED)),
        "duration": format_duration(incident.elapsed(now)),
        "now": _utc(now),
        "incident_commander": roles.incident_commander,
        "tech_lead": roles.tech_lead,
        "comms_lead": roles.comms_lead,
        "scribe": roles.scribe,
        "smes": ", ".join(roles.smes),
        "next_steps": "\n".join(f"- {step}" for step in shown_steps),
        "next_update": f"{due:%H:%M} UTC" if due else "",
        **spans,
        "open_actions": str(len(open_actions)) if record.actions else "",
        "slo_impact": "\n".join(f"- {impact.sentence()}" for impact in record.slos),
        "response_targets": "\n".join(f"- {line}" for line in target_lines(incident, levels)),
        # For templates that loop.
        "entries": entries,
        "actions": record.actions,
        "steps": shown_steps,
        "smes_list": list(roles.smes),
        **{name: build() for name, build in costly.items() if used is None or name in used},
        # What the review wrote; missing until someone does.
        **{key: record.review.get(key, "") for key in REVIEW_KEYS},
    }
