"""Follow-up action items: what the incident taught, owned and dated.

Types follow the usual post-incident split: detective (find it sooner),
preventive (stop it happening), corrective (fix what broke), mitigation
(limit the damage next time)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum


class Priority(StrEnum):
    P0 = "P0"
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"

    @property
    def meaning(self) -> str:
        return {"P0": "before anything else", "P1": "this sprint", "P2": "this quarter",
                "P3": "when there is room"}[self.value]


class ActionType(StrEnum):
    DETECTIVE = "detective"
    PREVENTIVE = "preventive"
    CORRECTIVE = "corrective"
    MITIGATION = "mitigation"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in progress"
    DONE = "done"
    WONT_DO = "won't do"

    @property
    def closed(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.WONT_DO)


@dataclass(frozen=True)
class ActionDraft:
    """What the follow-up editor gives back."""

    description: str
    owner: str = ""
    due: date | None = None
    priority: Priority = Priority.P2
    type: ActionType = ActionType.CORRECTIVE
    status: ActionStatus = ActionStatus.OPEN
    # Where it came from: "timeline 14:05Z …" or "checklist: …".
    source: str = ""


@dataclass(frozen=True)
class ActionItem:
    id: int
    incident_id: str
    description: str
    owner: str
    due: date | None
    priority: Priority
    type: ActionType
    status: ActionStatus
    source: str
    created_at: datetime
    created_by: str = ""

    def overdue(self, today: date) -> bool:
        return not self.status.closed and self.due is not None and today > self.due

    def draft(self) -> ActionDraft:
        return ActionDraft(self.description, self.owner, self.due, self.priority, self.type,
                           self.status, self.source)


def action_changes(before: ActionItem, after: ActionDraft) -> list[str]:
    """What an edit changed, in words, for the timeline."""
    said = []
    if before.description != after.description:
        said.append(f"now “{after.description}”")
    if before.status != after.status:
        said.append(after.status.value)
    if before.owner != after.owner:
        said.append(f"owner {after.owner or 'none'}")
    if before.due != after.due:
        said.append(f"due {after.due.isoformat() if after.due else 'none'}")
    if before.priority != after.priority:
        said.append(f"priority {after.priority}")
    if before.type != after.type:
        said.append(after.type.value)
    return said


def describe(draft: ActionDraft | ActionItem) -> str:
    """`[P1 corrective] Add a pool alert (owner bo, due 2026-03-20)`."""
    parts = [f"owner {draft.owner}" if draft.owner else "no owner yet"]
    if draft.due:
        parts.append(f"due {draft.due.isoformat()}")
    return f"[{draft.priority} {draft.type}] {draft.description} ({', '.join(parts)})"


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_OFFSET = re.compile(r"^\+?(\d+)\s*(d|day|days|w|week|weeks)$")


def parse_due_date(text: str, today: date) -> date | None:
    """`2026-04-01`, `+7d`, `+2w`, `today`, `tomorrow` or a weekday (`fri`:
    the next Friday). Empty means no due date."""
    typed = text.strip().lower()
    if not typed:
        return None
    if typed == "today":
        return today
    if typed == "tomorrow":
        return today + timedelta(days=1)
    if typed.isalpha() and typed[:3] in _WEEKDAYS:
        wanted = _WEEKDAYS.index(typed[:3])
        ahead = (wanted - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    match = _OFFSET.match(typed)
    if match:
        amount = int(match[1])
        return today + timedelta(days=amount * (7 if match[2].startswith("w") else 1))
    try:
        return date.fromisoformat(typed)
    except ValueError:
        raise ValueError(f"due {text!r}: write a date (2026-04-01), +7d, +2w, "
                         "tomorrow or a weekday") from None


def sort_key(item: ActionItem) -> tuple[bool, str, date, int]:
    """Open before closed, most urgent first, then soonest due."""
    return (item.status.closed, item.priority.value, item.due or date.max, item.id)


def markdown_table(items: Iterable[ActionItem]) -> str:
    """The action items of a post-mortem, as a Markdown table."""
    rows = ["| # | Priority | Type | Action | Owner | Due | Status |",
            "|---|---|---|---|---|---|---|"]
    for item in sorted(items, key=sort_key):
        cells = (str(item.id), item.priority.value, item.type.value, item.description,
                 item.owner or "—", item.due.isoformat() if item.due else "—",
                 item.status.value)
        rows.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(rows) if len(rows) > 2 else "No action items."


def _cell(text: str) -> str:
    # A pipe or a newline in a description would break the table.
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
