"""What the timeline says when the record changes: the words of the lines
the store writes beside each change ("Status Investigating → Mitigated",
"Severity SEV2 → SEV1 (…)"), kept here so that the store only stores them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from tui.model.action_item import ActionDraft, describe
from tui.model.incident import IncidentDraft, Milestone, Roles, Status, role_changes
from tui.model.timefmt import clock_utc


def declared_lines(draft: IncidentDraft, title: str) -> list[str]:
    """The first lines of a new incident: the declaration, then what it said."""
    lines = [f"Incident declared: {draft.severity} {title}"]
    if draft.impact:
        lines.append(f"Customer impact: {draft.impact}")
    if draft.services:
        lines.append(f"Affected services: {', '.join(draft.services)}")
    if draft.scenarios:
        lines.append(f"Scenario: {', '.join(draft.scenarios)}")
    return lines + role_changes(Roles(), draft.roles)


def status_line(before: Status, after: Status) -> str:
    return f"Status {before.label} → {after.label}"


def severity_line(before: str, after: str, reason: str = "") -> str:
    because = f" ({reason})" if reason else ""
    return f"Severity {before} → {after}{because}"


def detail_lines(before: tuple[str, str, str, tuple[str, ...], tuple[str, ...]],
                 after: tuple[str, str, str, tuple[str, ...], tuple[str, ...]]) -> list[str]:
    """What an edit of (title, description, impact, services, scenarios)
    changed: the title and impact in full, the rest by name."""
    (old_title, old_description, old_impact, old_services, old_scenarios) = before
    (title, description, impact, services, scenarios) = after
    lines = []
    if old_title != title:
        lines.append(f"Title changed to “{title}”")
    if old_impact != impact:
        lines.append(f"Customer impact: {impact}" if impact else "Customer impact cleared")
    if old_services != services:
        lines.append(f"Affected services: {', '.join(services) or 'none'}")
    if old_scenarios != scenarios:
        lines.append(f"Scenario: {', '.join(scenarios) or 'none'}")
    if old_description != description:
        lines.append("Description edited")
    return lines


def milestone_line(milestone: Milestone, before: datetime | None, after: datetime | None) -> str:
    """A milestone set (`before` None), corrected, or cleared (`after` None)."""
    if after is None:
        assert before is not None
        return f"Milestone {milestone.value} cleared (was {clock_utc(before)})"
    if before is None:
        return f"Milestone {milestone.value} at {clock_utc(after)}"
    return f"Milestone {milestone.value} corrected: {clock_utc(before)} → {clock_utc(after)}"


def snooze_line(until: datetime, reason: str) -> str:
    return f"Update reminder snoozed until {clock_utc(until)}: {reason}"


def sent_line(text: str, title: str = "") -> str:
    """A communication that went out, in full, under its title."""
    return f"{title} sent:\n{text}" if title else text


def playbooks_attached_line(titles: Sequence[str]) -> str:
    # One line for what was attached together: the timeline is for the
    # incident, not for bookkeeping.
    label = "Playbook attached" if len(titles) == 1 else "Playbooks attached"
    return f"{label}: {', '.join(titles)}"


def playbook_detached_line(title: str, how_far: str) -> str:
    return f"Playbook detached: {title} ({how_far})"


def follow_up_added_line(item_id: int, draft: ActionDraft) -> str:
    return f"Follow-up #{item_id}: {describe(draft)}"


def follow_up_changed_line(item_id: int, changes: Sequence[str]) -> str:
    return f"Follow-up #{item_id}: {', '.join(changes)}"
