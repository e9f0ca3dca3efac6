"""The incident record's rules: typed times, the impact matrix, severity
schemes, milestone order, and every change of the record logged on the
timeline of a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from tests.factories import T0, make_incident
from tui.model.clock import FrozenClock
from tui.model.impact import ImpactKind, Scope, impact_summary, propose_severity
from tui.model.incident import (
    IncidentDraft,
    Milestone,
    Roles,
    Status,
    milestone_problems,
    mttx,
    new_incident_id,
    split_names,
)
from tui.model.severity import DEFAULT_LEVELS, SEV_LEVELS, SeverityLevel, level, scheme
from tui.model.timeline import EntryKind
from tui.model.typed_time import TimeParseError, parse_typed_time, time_warnings, typeable
from tui.store import Store

# Every store behaviour here is checked on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.both_engines

NOW = datetime(2026, 3, 14, 14, 40, 30, tzinfo=UTC)
BERLIN = timezone(timedelta(hours=1))


@pytest.mark.parametrize(("typed", "expected"), [
    ("14:32", datetime(2026, 3, 14, 14, 32, tzinfo=UTC)),
    ("14:32Z", datetime(2026, 3, 14, 14, 32, tzinfo=UTC)),
    ("9:05:07", datetime(2026, 3, 14, 9, 5, 7, tzinfo=UTC)),
    ("-5m", NOW - timedelta(minutes=5)),
    ("-1h30m", NOW - timedelta(minutes=90)),
    ("- 90s", NOW - timedelta(seconds=90)),
    ("now", NOW),
    ("2026-03-14T13:58:00Z", datetime(2026, 3, 14, 13, 58, tzinfo=UTC)),
    ("2026-03-14T14:58:00+01:00", datetime(2026, 3, 14, 13, 58, tzinfo=UTC)),
    # A bare time more than an hour ahead is yesterday's (just after midnight).
    ("23:50", datetime(2026, 3, 13, 23, 50, tzinfo=UTC)),
    ("15:30", datetime(2026, 3, 14, 15, 30, tzinfo=UTC)),  # 50 min ahead: today
])
def test_typed_times_in_utc(typed: str, expected: datetime) -> None:
    assert parse_typed_time(typed, NOW) == expected


def test_a_bare_time_is_read_in_the_zone_shown_and_z_means_utc() -> None:
    assert parse_typed_time("15:32", NOW, BERLIN) == datetime(2026, 3, 14, 14, 32, tzinfo=UTC)
    assert parse_typed_time("14:32Z", NOW, BERLIN) == datetime(2026, 3, 14, 14, 32, tzinfo=UTC)


@pytest.mark.parametrize("typed", ["25:00", "14:61", "yesterday", "14h32", "-5x", "[red]x"])
def test_unparsable_times_say_what_would_do(typed: str) -> None:
    with pytest.raises(TimeParseError, match="not a time"):
        parse_typed_time(typed, NOW)


def test_future_and_before_start_times_are_warned_about() -> None:
    started = datetime(2026, 3, 14, 14, 0, tzinfo=UTC)
    assert time_warnings(NOW, NOW, started) == []
    assert time_warnings(NOW + timedelta(seconds=30), NOW, started) == []  # clock skew
    assert time_warnings(NOW + timedelta(minutes=12), NOW, started) == [
        "14:52:30Z is 12 min in the future"]
    assert time_warnings(started - timedelta(minutes=90), NOW, started) == [
        "12:30:00Z is 1h 30m before the incident started (14:00:00Z)"]


def test_the_impact_matrix_proposes_a_level_in_either_scheme() -> None:
    assert propose_severity(Scope.MANY, ImpactKind.OUTAGE, DEFAULT_LEVELS).key == "P1"
    assert propose_severity(Scope.FEW, ImpactKind.OUTAGE, DEFAULT_LEVELS).key == "P2"
    assert propose_severity(Scope.SOME, ImpactKind.DEGRADED, DEFAULT_LEVELS).key == "P3"
    assert propose_severity(Scope.MANY, ImpactKind.FEATURE, SEV_LEVELS).key == "SEV2"
    assert propose_severity(Scope.MANY, ImpactKind.COSMETIC, SEV_LEVELS).key == "SEV4"
    assert propose_severity(Scope.MANY, ImpactKind.COSMETIC, DEFAULT_LEVELS[:2]).key == "P2"
    assert impact_summary(Scope.SOME, ImpactKind.DEGRADED) == \
        "Degraded performance for 100–1000 users"


def test_severity_schemes() -> None:
    assert [level.key for level in scheme("sev")] == ["SEV1", "SEV2", "SEV3", "SEV4"]
    assert scheme("P")[0].update_every_minutes == 15
    with pytest.raises(ValueError, match="unknown severity scheme 'X'"):
        scheme("X")


def test_mttx_and_milestones_out_of_order() -> None:
    incident = make_incident(milestones={
        Milestone.STARTED: T0, Milestone.DETECTED: T0 + timedelta(minutes=4),
        Milestone.ACKNOWLEDGED: T0 + timedelta(minutes=6),
        Milestone.MITIGATED: T0 + timedelta(minutes=31),
        Milestone.RESOLVED: T0 + timedelta(minutes=50)})
    assert mttx(incident) == {"MTTD": timedelta(minutes=4), "MTTA": timedelta(minutes=2),
                              "TTM": timedelta(minutes=31), "MTTR": timedelta(minutes=50)}
    assert milestone_problems(incident.milestones) == []
    assert mttx(make_incident())["MTTA"] is None  # not acknowledged yet: unknown, not zero
    wrong = {**incident.milestones, Milestone.ACKNOWLEDGED: T0 + timedelta(minutes=2)}
    assert milestone_problems(wrong) == ["acknowledged (14:02Z) is before detected (14:04Z)"]


def test_every_change_of_the_record_is_logged(store: Store, clock: FrozenClock) -> None:
    store.incidents.create(make_incident())
    store.incidents.set_severity("INC-1", "P2", author="Priya", reason="only EU users affected")
    store.incidents.set_severity("INC-1", "P2", author="Priya")  # no change, no line
    store.incidents.set_roles("INC-1", Roles(incident_commander="Marco", tech_lead="Dana",
                                   smes=("db-oncall",)), author="Priya")
    store.incidents.set_details("INC-1", title="Checkout [red]down[/red]", description="d",
                      impact="Degraded performance for over 1000 users",
                      services=("checkout", "payments"), author="Marco")
    store.incidents.set_milestone("INC-1", Milestone.DETECTED, T0 + timedelta(minutes=3),
                                  author="Marco")
    incident = store.incidents.set_milestone("INC-1", Milestone.DETECTED, T0 + timedelta(minutes=2))
    assert incident.severity == "P2" and incident.roles.tech_lead == "Dana"
    assert incident.title == "Checkout [red]down[/red]"
    assert incident.milestones[Milestone.DETECTED] == T0 + timedelta(minutes=2)
    lines = [(entry.kind, entry.text) for entry in store.timeline.entries("INC-1")]
    assert lines == [
        (EntryKind.STATUS, "Severity P1 → P2 (only EU users affected)"),
        (EntryKind.STATUS, "Incident commander: Priya → Marco"),
        (EntryKind.STATUS, "Tech lead: nobody → Dana"),
        (EntryKind.STATUS, "SMEs joined: db-oncall"),
        (EntryKind.STATUS, "Title changed to “Checkout [red]down[/red]”"),
        (EntryKind.STATUS, "Customer impact: Degraded performance for over 1000 users"),
        (EntryKind.STATUS, "Affected services: checkout, payments"),
        (EntryKind.STATUS, "Description edited"),
        (EntryKind.MILESTONE, "Milestone detected at 14:03:00Z"),
        (EntryKind.MILESTONE, "Milestone detected corrected: 14:03:00Z → 14:02:00Z"),
    ]
    store.incidents.set_milestone("INC-1", Milestone.DETECTED, None)
    cleared = store.incidents.get("INC-1")
    assert cleared is not None and Milestone.DETECTED not in cleared.milestones
    assert store.timeline.entries("INC-1")[-1].text == "Milestone detected cleared (was 14:02:00Z)"
    with pytest.raises(ValueError, match="needs a title"):
        store.incidents.set_details("INC-1", title="  ", description="", impact="", services=())


def test_entries_are_edited_starred_deleted_and_restored(store: Store) -> None:
    store.incidents.create(make_incident())
    first = store.timeline.add("INC-1", "pool at 100%", EntryKind.FINDING, at=T0)
    second = store.timeline.add("INC-1", "rolled back", EntryKind.ACTION,
                             at=T0 + timedelta(minutes=5))
    edited = store.timeline.edit(first.id, text="pool at 100% on db-1",
                              at=T0 + timedelta(minutes=9), kind=EntryKind.DECISION)
    assert (edited.text, edited.kind) == ("pool at 100% on db-1", EntryKind.DECISION)
    # A corrected time moves the entry to its true place.
    assert [entry.id for entry in store.timeline.entries("INC-1")] == [second.id, first.id]
    store.timeline.set_starred(second.id, True)
    assert store.timeline.entries("INC-1")[0].starred
    store.timeline.delete(second.id)
    assert [entry.id for entry in store.timeline.entries("INC-1")] == [first.id]
    store.timeline.restore(second.id)
    assert [entry.id for entry in store.timeline.entries("INC-1")] == [second.id, first.id]
    with pytest.raises(KeyError):
        store.timeline.edit(9999, text="x")


def test_a_record_from_another_scheme_keeps_its_key_and_takes_the_same_rank() -> None:
    assert level("P2", SEV_LEVELS) == SeverityLevel("P2", "High", SEV_LEVELS[1].description,
                                                     30, SEV_LEVELS[1].targets)
    assert level("SEV1", DEFAULT_LEVELS).name == "Critical"
    with pytest.raises(ValueError, match=r"unknown severity 'P9' \(known: SEV1"):
        level("P9", SEV_LEVELS)


def test_typed_names_and_incident_ids() -> None:
    assert split_names("checkout, payments,,checkout\n cart ") == (
        "checkout", "payments", "cart")
    now = datetime(2026, 11, 23, 14, 2, 59, tzinfo=UTC)
    assert new_incident_id(now, set()) == "INC-20261123-1402"
    assert new_incident_id(now, {"INC-20261123-1402", "INC-20261123-1402-2"}) == (
        "INC-20261123-1402-3")


def test_typeable_times_read_back_to_themselves() -> None:
    now = datetime(2026, 11, 23, 0, 10, tzinfo=UTC)
    for at in (now - timedelta(minutes=5), now - timedelta(minutes=20), now - timedelta(days=3),
               now + timedelta(minutes=30)):
        shown = typeable(at, now)
        assert parse_typed_time(shown, now) == at.replace(microsecond=0), shown
    assert typeable(now - timedelta(minutes=20), now) == "2026-11-22 23:50:00"
    assert typeable(now - timedelta(minutes=5), now) == "00:05:00"


def test_declare_logs_the_opening_lines_and_find_searches_record_and_timeline(
        store: Store, clock: FrozenClock) -> None:
    started = clock.now() - timedelta(minutes=20)
    declared = store.incidents.declare(IncidentDraft(
        "Payments 50% timeouts", "P2", impact="Degraded performance for over 1000 users",
        services=("payments",), roles=Roles(incident_commander="Zoë"), started_at=started),
        author="zoe")
    assert declared.milestones == {Milestone.STARTED: started, Milestone.DECLARED: clock.now()}
    assert [(e.kind, e.text) for e in store.timeline.entries(declared.id)] == [
        (EntryKind.MILESTONE, "Incident declared: P2 Payments 50% timeouts"),
        (EntryKind.STATUS, "Customer impact: Degraded performance for over 1000 users"),
        (EntryKind.STATUS, "Affected services: payments"),
        (EntryKind.STATUS, "Incident commander: nobody → Zoë"),
    ]
    with pytest.raises(ValueError, match="needs a title"):
        store.incidents.declare(IncidentDraft("  ", "P1"))
    other = store.incidents.declare(IncidentDraft("Login slow", "P3"))
    store.timeline.add(other.id, "Redis eviction storm on session-cache")
    store.incidents.set_status(other.id, Status.RESOLVED)

    def ids(text: str = "", which: str = "all") -> list[str]:
        return [incident.id for incident in store.incidents.find(text, which=which)]

    assert ids() == [other.id, declared.id]  # newest first
    assert ids(which="open") == [declared.id]
    assert ids(which="resolved") == [other.id]
    assert ids("zoë") == [declared.id]  # a role, in any case
    assert ids("EVICTION") == [other.id]  # the timeline
    assert ids("50%") == [declared.id]  # words are searched: % is no wildcard
    assert ids("%_") == []  # and punctuation alone finds nothing, without an error
    assert ids("eviction", which="open") == []
