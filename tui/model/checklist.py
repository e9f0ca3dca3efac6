"""The checklist tracker's state: which playbooks are attached to an
incident, and every tick, untick and skip, who made it and when.

Marks are a log, never edited: an item's state is its latest mark, and the
log is its history ("ticked by ana 14:05, unticked by bo 14:07")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from tui.model.incident import Incident, Milestone
from tui.model.playbook import ChecklistItem, Playbook


class MarkState(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"
    OPEN = "open"  # unticked: back to be done

    @property
    def glyph(self) -> str:
        return {"done": "✔", "skipped": "⤼", "open": "☐"}[self.value]


@dataclass(frozen=True)
class Mark:
    playbook_id: str
    item_key: str
    state: MarkState
    at: datetime
    author: str = ""
    reason: str = ""
    # Its place in the log (0: not stored yet). The latest mark's is the
    # item's version: a tick names the one the tracker showed, and one
    # written since by someone else is not flipped blindly (tui/model/conflicts.py).
    id: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Attachment:
    """A playbook as it was when attached: editing the file later does not
    change what this incident was asked to do."""

    playbook: Playbook
    attached_at: datetime
    attached_by: str = ""


@dataclass(frozen=True)
class ItemStatus:
    playbook: Playbook
    section: str
    item: ChecklistItem
    # The latest mark, or None when nobody has touched the item.
    mark: Mark | None
    due_at: datetime | None

    @property
    def state(self) -> MarkState:
        return self.mark.state if self.mark else MarkState.OPEN

    def overdue(self, now: datetime) -> bool:
        return self.state is MarkState.OPEN and self.due_at is not None and now > self.due_at


@dataclass(frozen=True)
class Progress:
    done: int
    skipped: int
    total: int

    @property
    def finished(self) -> int:
        return self.done + self.skipped

    @property
    def ratio(self) -> float:
        return self.finished / self.total if self.total else 1.0

    def describe(self) -> str:
        """`5/8 done`, with the skipped items said apart: skipping is not doing."""
        text = f"{self.done}/{self.total} done"
        return text + (f" · {self.skipped} skipped" if self.skipped else "")


def due_anchor(incident: Incident, attachment: Attachment) -> datetime:
    """Due offsets count from the declaration, or from the attachment when
    the playbook came later: a runbook attached at minute 40 does not start
    overdue."""
    declared = incident.milestones.get(Milestone.DECLARED) or incident.started_at
    return max(declared, attachment.attached_at)


def latest_marks(marks: Iterable[Mark]) -> dict[tuple[str, str], Mark]:
    """The state-deciding mark of each item, from a log in the order written."""
    latest: dict[tuple[str, str], Mark] = {}
    for mark in marks:
        latest[(mark.playbook_id, mark.item_key)] = mark
    return latest


def item_statuses(incident: Incident, attachment: Attachment,
                  latest: dict[tuple[str, str], Mark]) -> list[ItemStatus]:
    book = attachment.playbook
    anchor = due_anchor(incident, attachment)
    return [ItemStatus(book, section.title, item, latest.get((book.id, item.key)),
                       anchor + item.due if item.due is not None else None)
            for section in book.sections for item in section.items]


def progress(statuses: Iterable[ItemStatus]) -> Progress:
    states = [status.state for status in statuses]
    return Progress(states.count(MarkState.DONE), states.count(MarkState.SKIPPED),
                    len(states))


def next_steps(incident: Incident, attachments: Iterable[Attachment], marks: Iterable[Mark],
               limit: int = 5) -> list[ItemStatus]:
    """The open checklist items, soonest due first (undated ones after, in
    playbook order): what a status update says happens next."""
    latest = latest_marks(marks)
    open_items = [status for attachment in attachments
                  for status in item_statuses(incident, attachment, latest)
                  if status.state is MarkState.OPEN]
    dated = sorted((s for s in open_items if s.due_at is not None),
                   key=lambda s: s.due_at or datetime.max)
    return (dated + [s for s in open_items if s.due_at is None])[:limit]


def mark_line(state: MarkState, playbook_title: str, item_text: str, reason: str = "") -> str:
    """The timeline entry for a mark."""
    if state is MarkState.DONE:
        return f"✔ Done: {item_text} ({playbook_title})"
    if state is MarkState.SKIPPED:
        return f"Skipped: {item_text} ({playbook_title}), because {reason}"
    return f"Unticked: {item_text} ({playbook_title})"


def newly_applying(playbooks: Iterable[Playbook], before: Incident | None, after: Incident,
                   attached: set[str]) -> list[Playbook]:
    """Playbooks to propose after a change: those that apply now, did not
    apply before the change (every one that applies, on declaration), and
    are not attached. One detached by hand is proposed again only when a
    later change makes it apply anew. In `attach_order`."""
    fresh = [book for book in playbooks
             if book.id not in attached and book.when.matches(after)
             and (before is None or not book.when.matches(before))]
    return sorted(fresh, key=attach_order)


def attach_order(book: Playbook) -> int:
    """General playbooks first (triage applies to everything), then the
    more particular ones; sorted stably, so the library's order breaks ties."""
    return book.when.particularity()
