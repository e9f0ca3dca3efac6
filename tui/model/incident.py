"""The incident record: identity, severity, status lifecycle, roles, milestones."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from tui.model.severity import DEFAULT_LEVELS, SeverityLevel, level
from tui.model.timefmt import parse_delay

# An update due within this is "nearly due": the header warns and Z is offered.
UPDATE_DUE_SOON = timedelta(minutes=5)


class Status(StrEnum):
    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def is_open(self) -> bool:
        return self not in (Status.RESOLVED, Status.CLOSED)


class Milestone(StrEnum):
    """In the order they happen in a well-run incident."""

    STARTED = "started"
    DETECTED = "detected"
    ACKNOWLEDGED = "acknowledged"
    DECLARED = "declared"
    IDENTIFIED = "identified"
    MITIGATED = "mitigated"
    RESOLVED = "resolved"


@dataclass(frozen=True)
class Roles:
    incident_commander: str = ""
    tech_lead: str = ""
    comms_lead: str = ""
    scribe: str = ""
    smes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Incident:
    id: str
    title: str
    severity: str
    status: Status
    milestones: dict[Milestone, datetime]
    description: str = ""
    impact: str = ""
    services: tuple[str, ...] = ()
    roles: Roles = field(default_factory=Roles)
    # What kind of trouble ("db-pool", "deploy"): picks the playbooks.
    scenarios: tuple[str, ...] = ()
    last_update_at: datetime | None = None
    is_demo: bool = False
    # The update reminder put off until then, and why (see next_update_due).
    update_snoozed_until: datetime | None = None
    update_snooze_reason: str = ""
    # Bumped by every change to the stored row (see TimelineEntry.version).
    version: int = field(default=1, compare=False)

    @property
    def started_at(self) -> datetime:
        return (
            self.milestones.get(Milestone.STARTED)
            or self.milestones.get(Milestone.DECLARED)
            or min(self.milestones.values())
        )

    @property
    def ended_at(self) -> datetime | None:
        """When it was resolved; for one resolved or closed without that
        milestone (it was cleared), its last milestone; None until then."""
        resolved = self.milestones.get(Milestone.RESOLVED)
        if resolved is None and not self.status.is_open:
            return max(self.milestones.values())
        return resolved

    def severity_level(self, levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS) -> SeverityLevel:
        return level(self.severity, levels)

    def elapsed(self, now: datetime) -> timedelta:
        """Time since the incident started, frozen once it is resolved."""
        end = self.milestones.get(Milestone.RESOLVED) if not self.status.is_open else None
        return (end or now) - self.started_at

    def next_update_due(
        self, levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS
    ) -> datetime | None:
        """When the next status update is owed: the cadence of the severity,
        counted from the last update sent (or from the declaration), or
        later when the reminder was snoozed."""
        if not self.status.is_open:
            return None
        anchor = self.last_update_at or self.milestones.get(Milestone.DECLARED) or self.started_at
        due = anchor + timedelta(minutes=self.severity_level(levels).update_every_minutes)
        if self.update_snoozed_until is not None and self.update_snoozed_until > due:
            return self.update_snoozed_until
        return due

    def update_due_soon(self, now: datetime,
                        levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS) -> bool:
        """Whether the next update is due or nearly: only then is putting it
        off (Z) offered, so that a stray key cannot silence the reminder
        long before anyone needed to think about it."""
        due = self.next_update_due(levels)
        return due is not None and due - now < UPDATE_DUE_SOON

    def update_snoozed(self, levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS) -> bool:
        """Whether the next update's time comes from a snooze."""
        due = self.next_update_due(levels)
        return due is not None and due == self.update_snoozed_until


def parse_snooze(text: str) -> tuple[timedelta, str]:
    """`10m waiting for the vendor's ETA`: for how long (a bare number is
    minutes) and why. Raises ValueError saying what to type."""
    length, _, reason = text.strip().partition(" ")
    span = parse_delay(length)
    if not span or not reason.strip():
        raise ValueError("type how long and why, e.g. 10m waiting for the vendor's ETA")
    return span, reason.strip()


def time_between(incident: Incident, first: Milestone, second: Milestone) -> timedelta | None:
    a, b = incident.milestones.get(first), incident.milestones.get(second)
    return b - a if a and b else None


# MTTD (started→detected), MTTA (detected→acknowledged), time to mitigate
# and MTTR (started→mitigated, →resolved), as incident.io and FireHydrant count them.
RESPONSE_SPANS: dict[str, tuple[Milestone, Milestone]] = {
    "MTTD": (Milestone.STARTED, Milestone.DETECTED),
    "MTTA": (Milestone.DETECTED, Milestone.ACKNOWLEDGED),
    "TTM": (Milestone.STARTED, Milestone.MITIGATED),
    "MTTR": (Milestone.STARTED, Milestone.RESOLVED),
}


def mttx(incident: Incident) -> dict[str, timedelta | None]:
    """Each of RESPONSE_SPANS for one incident (None until both milestones are set)."""
    return {name: time_between(incident, *pair) for name, pair in RESPONSE_SPANS.items()}


MILESTONE_ORDER = tuple(Milestone)


def milestone_problems(milestones: dict[Milestone, datetime]) -> list[str]:
    """Milestones out of their natural order (acknowledged before detected,
    resolved before mitigated…): shown as warnings, since a correction
    may be on its way, never refused."""
    problems = []
    placed = [(name, milestones[name]) for name in MILESTONE_ORDER if name in milestones]
    for index, (later, later_at) in enumerate(placed):
        for earlier, earlier_at in placed[:index]:
            if later_at < earlier_at:
                problems.append(f"{later.value} ({later_at:%H:%MZ}) is before "
                                f"{earlier.value} ({earlier_at:%H:%MZ})")
                break
    return problems


ROLE_NAMES = {"incident_commander": "Incident commander", "tech_lead": "Tech lead",
              "comms_lead": "Comms lead", "scribe": "Scribe"}


def role_changes(before: Roles, after: Roles) -> list[str]:
    """One line per role that changed hands, as the timeline says it."""
    lines = []
    for field_name, label in ROLE_NAMES.items():
        old, new = getattr(before, field_name), getattr(after, field_name)
        if old != new:
            lines.append(f"{label}: {old or 'nobody'} → {new or 'nobody'}")
    joined = sorted(set(after.smes) - set(before.smes))
    left = sorted(set(before.smes) - set(after.smes))
    if joined:
        lines.append(f"SMEs joined: {', '.join(joined)}")
    if left:
        lines.append(f"SMEs left: {', '.join(left)}")
    return lines


@dataclass(frozen=True)
class IncidentDraft:
    """What the declare / edit dialog hands over."""

    title: str
    severity: str
    description: str = ""
    impact: str = ""
    services: tuple[str, ...] = ()
    roles: Roles = field(default_factory=Roles)
    scenarios: tuple[str, ...] = ()
    # Declare only: when the trouble began, if before the declaration.
    started_at: datetime | None = None
    # Edit only: why the severity changed, for the timeline.
    severity_reason: str = ""


def split_names(text: str) -> tuple[str, ...]:
    """`checkout, payments,, checkout` → ("checkout", "payments"): the way
    services and SMEs are typed, in order, each once."""
    names: list[str] = []
    for part in text.replace("\n", ",").split(","):
        name = part.strip()
        if name and name not in names:
            names.append(name)
    return tuple(names)


def new_incident_id(now: datetime, taken: set[str]) -> str:
    """`INC-20261123-1402`; a second incident declared in the same minute
    gets a suffix."""
    base = f"INC-{now:%Y%m%d-%H%M}"
    candidate, suffix = base, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate


@dataclass(frozen=True)
class LifecycleChange:
    """What the lifecycle dialog hands over: the status, and the milestones
    set, corrected or (None) cleared."""

    status: Status
    milestones: dict[Milestone, datetime | None] = field(default_factory=dict)
