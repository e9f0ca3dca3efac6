"""The post-incident review: what people write about the incident once it is
over, and the span of time the review looks across."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from tui.model.incident import Incident, Milestone
from tui.model.timeline import TimelineEntry


@dataclass(frozen=True)
class ReviewField:
    key: str  # the template field it fills
    title: str
    prompt: str


# In the order of a post-mortem; each is a template field of the same key.
REVIEW_FIELDS: tuple[ReviewField, ...] = (
    ReviewField("summary", "Executive summary",
                "What happened, to whom, for how long, and what fixed it, in a paragraph."),
    ReviewField("contributing_factors", "Contributing factors",
                "What made it possible or worse: one per line."),
    ReviewField("went_well", "What went well", "Detection, tooling, people: keep doing."),
    ReviewField("went_badly", "What didn't go well", "Where time was lost: fix it."),
    ReviewField("lessons", "Lessons learned", "What the next incident team should know."),
)
REVIEW_KEYS = frozenset(field.key for field in REVIEW_FIELDS)

# Room around the incident on the charts: what led up to it, and the recovery.
MARGIN = timedelta(minutes=10)


def review_span(incident: Incident, entries: Sequence[TimelineEntry],
                last_stored: datetime | None) -> tuple[datetime, datetime]:
    """The time the review's charts cover: from a little before the incident
    started (or its first entry) to a little after it was resolved. An
    incident never resolved runs to its last entry or its last stored data."""
    times = [entry.at for entry in entries]
    start = min([incident.started_at, *times])
    resolved = incident.milestones.get(Milestone.RESOLVED)
    if resolved is not None:
        end = max(resolved, start)
    else:
        end = max([start, *times, *([last_stored] if last_stored else [])])
    return start - MARGIN, end + MARGIN


def moment_label(moment: datetime, started: datetime) -> str:
    """`T+1h20m`, or `T-5m` before the start: where a moment falls."""
    seconds = int((moment - started).total_seconds())
    sign = "+" if seconds >= 0 else "-"
    seconds = abs(seconds)
    hours, minutes = divmod(seconds // 60, 60)
    if hours:
        return f"T{sign}{hours}h{minutes:02d}m"
    return f"T{sign}{minutes}m{seconds % 60:02d}s" if minutes < 10 else f"T{sign}{minutes}m"
