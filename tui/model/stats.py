"""Incident metrics over the whole database: how fast the team detects,
acknowledges and resolves, by severity, over the last 30 and 90 days; how
many incidents each week; which services break most; who holds the open
follow-ups. Pure: the store hands in the incidents and action items."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tui.model.action_item import ActionItem, Priority
from tui.model.incident import Incident, Milestone, Status, mttx
from tui.model.severity import DEFAULT_LEVELS, SeverityLevel
from tui.model.wording import counted

PERIODS = (30, 90)
WEEKS = 13  # a quarter: the 90-day period, week by week


@dataclass(frozen=True)
class Spans:
    """One response time over a set of incidents."""

    measured: int  # incidents that have both milestones
    mean: timedelta | None
    median: timedelta | None
    worst: timedelta | None

    @staticmethod
    def of(values: Sequence[timedelta]) -> Spans:
        if not values:
            return Spans(0, None, None, None)
        seconds = [value.total_seconds() for value in values]
        return Spans(len(values), timedelta(seconds=statistics.fmean(seconds)),
                     timedelta(seconds=statistics.median(seconds)), max(values))


# The response times reported, as the header and the post-mortem count them (mttx).
MEASURES = ("MTTD", "MTTA", "MTTR")


@dataclass(frozen=True)
class SeverityStats:
    severity: str  # "all" for every severity together
    incidents: int
    open: int
    times: dict[str, Spans]


@dataclass(frozen=True)
class PeriodStats:
    days: int
    since: datetime
    rows: list[SeverityStats]  # by severity, most severe first, then "all"


@dataclass(frozen=True)
class WeekCount:
    week: date  # the Monday
    by_severity: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())


@dataclass(frozen=True)
class ServiceCount:
    service: str
    incidents: int
    # Started → resolved (or now, for those still open), added up.
    duration: timedelta


@dataclass(frozen=True)
class OwnerLoad:
    owner: str  # "" for nobody yet
    open: int
    overdue: int
    most_urgent: Priority


@dataclass(frozen=True)
class StatsReport:
    now: datetime
    severities: list[str]
    periods: list[PeriodStats]
    weeks: list[WeekCount]
    services: list[ServiceCount]
    owners: list[OwnerLoad]
    counted: int  # incidents in the 90 days
    demo_left_out: int = 0
    notes: list[str] = field(default_factory=list)


def _severity_order(levels: Sequence[SeverityLevel]) -> Callable[[str], tuple[int, str]]:
    keys = [item.key for item in levels]

    def order(key: str) -> tuple[int, str]:
        return (keys.index(key) if key in keys else len(keys), key)

    return order


def _period(incidents: Sequence[Incident], days: int, now: datetime,
            severities: list[str]) -> PeriodStats:
    since = now - timedelta(days=days)
    chosen = [incident for incident in incidents if since <= incident.started_at <= now]
    rows = []
    for severity in [*severities, "all"]:
        group = [incident for incident in chosen
                 if severity == "all" or incident.severity == severity]
        if severity != "all" and not group:
            continue
        measured = [mttx(incident) for incident in group]
        times = {name: Spans.of([span for each in measured
                                 if (span := each[name]) is not None and span >= timedelta(0)])
                 for name in MEASURES}
        rows.append(SeverityStats(severity, len(group),
                                  sum(incident.status.is_open for incident in group), times))
    return PeriodStats(days, since, rows)


def _monday(moment: datetime) -> date:
    day = moment.date()
    return day - timedelta(days=day.weekday())


def _weeks(incidents: Sequence[Incident], now: datetime, severities: list[str]
           ) -> list[WeekCount]:
    this_week = _monday(now)
    starts = [this_week - timedelta(weeks=back) for back in range(WEEKS - 1, -1, -1)]
    counts: dict[date, Counter[str]] = {start: Counter() for start in starts}
    for incident in incidents:
        week = _monday(incident.started_at)
        if week in counts and incident.started_at <= now:
            counts[week][incident.severity] += 1
    return [WeekCount(start, {key: counts[start][key] for key in severities
                              if counts[start][key]}) for start in starts]


def _services(incidents: Sequence[Incident], now: datetime) -> list[ServiceCount]:
    count: Counter[str] = Counter()
    duration: dict[str, timedelta] = defaultdict(timedelta)
    for incident in incidents:
        end = now if incident.status.is_open else incident.ended_at or now
        span = max(timedelta(0), end - incident.started_at)
        for service in incident.services:
            count[service] += 1
            duration[service] += span
    ranked = sorted(count, key=lambda name: (-count[name], -duration[name], name))
    return [ServiceCount(name, count[name], duration[name]) for name in ranked[:10]]


def _owners(actions: Sequence[ActionItem], today: date) -> list[OwnerLoad]:
    by_owner: dict[str, list[ActionItem]] = defaultdict(list)
    for item in actions:
        if not item.status.closed:
            by_owner[item.owner.strip()].append(item)
    loads = [OwnerLoad(owner, len(items), sum(item.overdue(today) for item in items),
                       min(item.priority for item in items))
             for owner, items in by_owner.items()]
    return sorted(loads, key=lambda load: (-load.open, -load.overdue, load.owner == "",
                                           load.owner.lower()))


def incident_stats(incidents: Sequence[Incident], actions: Sequence[ActionItem],
                   now: datetime, levels: Sequence[SeverityLevel] = DEFAULT_LEVELS
                   ) -> StatsReport:
    """The report over every incident that is not the demo. Follow-ups are
    counted wherever they come from: an old incident's open action items
    are still someone's work."""
    real = [incident for incident in incidents if not incident.is_demo]
    demo_ids = {incident.id for incident in incidents if incident.is_demo}
    recent = [incident for incident in real
              if now - timedelta(days=max(PERIODS)) <= incident.started_at <= now]
    severities = sorted({incident.severity for incident in recent},
                        key=_severity_order(levels))
    notes = []
    closed_without = [incident.id for incident in recent
                      if incident.status in (Status.RESOLVED, Status.CLOSED)
                      and Milestone.RESOLVED not in incident.milestones]
    if closed_without:
        has, are = ("has", "is") if len(closed_without) == 1 else ("have", "are")
        notes.append(f"{counted(len(closed_without), 'resolved incident')} {has} no "
                     f"resolved milestone and {are} left out of MTTR")
    return StatsReport(
        now=now,
        severities=severities,
        periods=[_period(recent, days, now, severities) for days in PERIODS],
        weeks=_weeks(recent, now, severities),
        services=_services(recent, now),
        owners=_owners([item for item in actions if item.incident_id not in demo_ids],
                       now.date()),
        counted=len(recent),
        demo_left_out=len(demo_ids),
        notes=notes,
    )
