"""The post-mortem as Markdown, built from the record: what happened, the
response times, the timeline in true order with UTC times, how far each
checklist got (with the reasons for skipping), and the follow-ups."""

from __future__ import annotations

from datetime import datetime

from tui.model.action_item import markdown_table
from tui.model.checklist import MarkState, item_statuses, latest_marks, progress
from tui.model.incident import Incident, Milestone, mttx
from tui.model.record import IncidentRecord
from tui.model.response import target_states, targets_for
from tui.model.review import REVIEW_FIELDS
from tui.model.severity import DEFAULT_LEVELS, SeverityLevel
from tui.model.timefmt import format_duration
from tui.model.timeline import TimelineEntry


def _utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%SZ")


def _line(text: str) -> str:
    """One Markdown list item: later lines indented under it, so that a
    pasted log stays inside its entry."""
    return text.replace("\r", "").replace("\n", "\n  ")


def timeline_section(entries: list[TimelineEntry], *, starred_only: bool) -> list[str]:
    shown = [entry for entry in entries if entry.starred or not starred_only]
    title = "## Timeline (starred entries, UTC)" if starred_only else "## Timeline (UTC)"
    lines = [title, ""]
    for entry in shown:
        star = "★ " if entry.starred else ""
        who = f" · {entry.author}" if entry.author else ""
        lines.append(f"- **{_utc(entry.at)}** {entry.kind.value}{who}: {star}"
                     f"{_line(entry.text)}")
    if not shown:
        lines.append("No entries.")
    return lines


def checklist_section(record: IncidentRecord) -> list[str]:
    lines = ["## Checklists", ""]
    if not record.attachments:
        return [*lines, "No playbook was attached."]
    latest = latest_marks(record.marks)
    for attachment in record.attachments:
        statuses = item_statuses(record.incident, attachment, latest)
        lines.append(f"- **{attachment.playbook.title}**: {progress(statuses).describe()}")
        for status in statuses:
            if status.state is MarkState.SKIPPED and status.mark is not None:
                lines.append(f"  - skipped: {status.item.text} ({status.mark.reason})")
            elif status.state is MarkState.OPEN:
                lines.append(f"  - not done: {status.item.text}")
    return lines


def target_lines(incident: Incident, levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS
                 ) -> list[str]:
    """`Respond within 15 min: met (2m)`, one per target."""
    targets = targets_for(incident, levels)
    if targets is None:
        return []
    lines = []
    for state in target_states(incident, targets):
        wanted = f"{state.label.capitalize()} within {state.target.describe()}"
        if state.met_at is None:
            lines.append(f"{wanted}: not yet (due {_utc(state.due)})")
        else:
            took = format_duration(state.met_at - state.start)
            lines.append(f"{wanted}: {'missed' if state.missed() else 'met'} ({took})")
    return lines


def postmortem_markdown(record: IncidentRecord, *, starred_only: bool = False,
                        levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS) -> str:
    incident = record.incident
    roles = incident.roles
    lines = [f"# Post-mortem: {incident.title}", "",
             f"{incident.id} · severity {incident.severity} · {incident.status.label}", ""]
    facts = [("Started", incident.started_at)]
    facts += [(milestone.value.capitalize(), incident.milestones[milestone])
              for milestone in (Milestone.DETECTED, Milestone.ACKNOWLEDGED,
                                Milestone.DECLARED, Milestone.MITIGATED, Milestone.RESOLVED)
              if milestone in incident.milestones]
    lines += [f"- {name}: {_utc(at)}" for name, at in facts]
    people = [("Incident commander", roles.incident_commander), ("Tech lead", roles.tech_lead),
              ("Comms lead", roles.comms_lead), ("Scribe", roles.scribe),
              ("SMEs", ", ".join(roles.smes))]
    lines += [f"- {name}: {who}" for name, who in people if who]
    lines += ["", "## Impact", "", incident.impact or "Not recorded."]
    if incident.services:
        lines += ["", f"Affected services: {', '.join(incident.services)}"]
    if incident.description:
        lines += ["", incident.description]
    times = mttx(incident)
    lines += ["", "## Response times", "", "| MTTD | MTTA | Time to mitigate | MTTR |",
              "|---|---|---|---|",
              "| " + " | ".join(format_duration(span) if span is not None else "—"
                               for span in times.values()) + " |", ""]
    lines += [f"- {line}" for line in target_lines(incident, levels)]
    lines += ["", "## SLO impact", ""]
    lines += ([f"- {impact.sentence()}" for impact in record.slos] if record.slos
              else ["No SLO was measured for this incident."])
    lines += [""]
    written = [(field.title, record.review[field.key].strip()) for field in REVIEW_FIELDS
               if record.review.get(field.key, "").strip()]
    # The summary leads, as a reader expects; the rest follows the timeline.
    if written and written[0][0] == REVIEW_FIELDS[0].title:
        lines[4:4] = [f"## {written[0][0]}", "", written.pop(0)[1], ""]
    lines += timeline_section(record.entries, starred_only=starred_only)
    for title, text in written:
        lines += ["", f"## {title}", "", text]
    lines += ["", *checklist_section(record)]
    lines += ["", "## Action items", "", markdown_table(record.actions), ""]
    return "\n".join(lines)
