"""Timeline entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class EntryKind(StrEnum):
    NOTE = "note"
    ACTION = "action"
    FINDING = "finding"
    DECISION = "decision"
    STATUS = "status"
    MILESTONE = "milestone"
    METRIC_PIN = "metric"
    POD_EVENT = "pod"
    DEPLOY = "deploy"
    COMMUNICATION = "comms"
    # A response target missed, a step of the escalation ladder taken.
    ESCALATION = "escalation"


@dataclass(frozen=True)
class TimelineEntry:
    id: int
    incident_id: str
    at: datetime
    kind: EntryKind
    text: str
    author: str = ""
    starred: bool = False
    # Bumped by every change to the stored row: an edit names the one it
    # was read at (tui/model/conflicts.py). Bookkeeping, not content: two
    # entries saying the same are equal whatever their versions.
    version: int = field(default=1, compare=False)


@dataclass(frozen=True)
class EntryDraft:
    """An entry as the editor hands it over, before the store numbers it."""

    at: datetime
    kind: EntryKind
    text: str
    starred: bool = False


def chronological(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """True chronological order: by event time, then by the order entered."""
    return sorted(entries, key=lambda entry: (entry.at, entry.id))
