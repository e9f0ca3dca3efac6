"""Response targets and the escalation ladder, on fixed times (the clock
is the test's)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import T0, make_incident
from tui.model.incident import Milestone, Status
from tui.model.response import (
    DEFAULT_LADDER,
    EscalationStep,
    MissedStep,
    escalation_state,
    newly_overdue,
    target_key,
    target_states,
)
from tui.model.severity import DEFAULT_LEVELS
from tui.model.targets import ResponseTargets, Target, parse_target

P1 = DEFAULT_LEVELS[0].targets  # respond within 15 min, resolve within 4 h
DECLARED = T0 + timedelta(minutes=8)  # the factory's incident is declared at 14:08


@pytest.mark.parametrize(("text", "target"), [
    ("15m", Target(15)), ("90", Target(90)), ("4h", Target(240)), ("1h30m", Target(90)),
    ("next business day", Target(business_days=1)), ("3 business days", Target(business_days=3)),
    ("2bd", Target(business_days=2)),
])
def test_targets_are_typed_as_durations_or_business_days(text: str, target: Target) -> None:
    assert parse_target(text) == target


@pytest.mark.parametrize("text", ["soon", "", "30s", "0 business days"])
def test_a_target_that_is_not_one_says_what_to_write(text: str) -> None:
    with pytest.raises(ValueError, match=r"next business day|at least one"):
        parse_target(text)


def test_business_days_skip_the_weekend() -> None:
    friday = datetime(2026, 11, 27, 16, 30, tzinfo=UTC)
    assert Target(business_days=1).due(friday) == datetime(2026, 11, 30, 16, 30, tzinfo=UTC)
    assert Target(business_days=3).due(friday).weekday() == 2  # Wednesday
    assert Target(business_days=1).describe() == "next business day"


def test_the_acknowledge_target_counts_from_detection_and_resolve_from_the_start() -> None:
    detected = T0 + timedelta(minutes=5)
    incident = make_incident(milestones={Milestone.STARTED: T0, Milestone.DETECTED: detected,
                                         Milestone.DECLARED: DECLARED})
    respond, resolve = target_states(incident, P1)
    assert respond.due == detected + timedelta(minutes=15)
    assert resolve.due == T0 + timedelta(hours=4)
    assert not respond.overdue(detected + timedelta(minutes=15))
    assert respond.overdue(detected + timedelta(minutes=15, seconds=1))
    assert respond.missed_line("P1") == "P1 respond target missed: within 15 min, due 14:20Z"


def test_an_overdue_target_is_offered_once_until_it_is_logged() -> None:
    incident = make_incident()  # no detection: the acknowledge target counts from 14:08
    assert newly_overdue(incident, P1, DECLARED + timedelta(minutes=14), set()) == []
    late = DECLARED + timedelta(minutes=16)
    assert [s.key for s in newly_overdue(incident, P1, late, set())] == ["acknowledge"]
    assert newly_overdue(incident, P1, late, {target_key("acknowledge")}) == []
    # Acknowledged, even late, it is no longer overdue: the miss shows in MTTA.
    acked = make_incident(milestones={**incident.milestones,
                                      Milestone.ACKNOWLEDGED: DECLARED + timedelta(minutes=20)})
    assert newly_overdue(acked, P1, late + timedelta(hours=1), set()) == []
    assert target_states(acked, P1)[0].missed()
    # A review's moment before the acknowledgement sees it not met, and late.
    before = DECLARED + timedelta(minutes=18)
    assert not target_states(acked, P1)[0].met(before)
    assert target_states(acked, P1)[0].overdue(before)
    # Four hours in, the resolve target falls too.
    hours_in = T0 + timedelta(hours=4, minutes=1)
    assert [s.key for s in newly_overdue(acked, P1, hours_in, set())] == ["resolve"]


def test_a_resolved_incident_has_met_its_resolve_target() -> None:
    resolved = make_incident(status=Status.RESOLVED, milestones={
        Milestone.STARTED: T0, Milestone.RESOLVED: T0 + timedelta(hours=5)})
    state = target_states(resolved, ResponseTargets(Target(15), Target(240)))[1]
    assert not state.overdue(T0 + timedelta(days=1))
    assert state.missed()


def test_the_ladder_calls_the_latest_step_due_and_names_the_next() -> None:
    incident = make_incident()
    at = DECLARED + timedelta(minutes=3)
    state = escalation_state(incident, DEFAULT_LADDER, at, set())
    assert state is not None
    assert state.due_now is not None and state.due_now.who == "on-call"
    assert state.upcoming is not None and state.upcoming.who == "tech lead"
    assert state.upcoming_at == DECLARED + timedelta(minutes=5)
    # Twelve minutes in with nobody marked: call the manager now; the
    # on-call and tech lead are passed over, and the VP is next at +15.
    state = escalation_state(incident, DEFAULT_LADDER, DECLARED + timedelta(minutes=12), set())
    assert state is not None and state.due_now is not None
    assert state.due_now.who == "engineering manager"
    assert [step.who for step in state.also_due] == ["on-call", "tech lead"]
    assert state.upcoming is not None and state.upcoming.who == "VP engineering"
    # Marked done: nothing to call now, the VP still next.
    done = {step.key for step in DEFAULT_LADDER[:3]}
    state = escalation_state(incident, DEFAULT_LADDER, DECLARED + timedelta(minutes=12), done)
    assert state is not None and state.due_now is None
    # An acknowledged incident has answered the first page: the on-call step
    # (after 0) is done without K.
    acked = make_incident(milestones={**incident.milestones, Milestone.ACKNOWLEDGED: DECLARED})
    answered = escalation_state(acked, DEFAULT_LADDER, DECLARED + timedelta(minutes=2), set())
    assert answered is not None and answered.due_now is None
    assert answered.reached is not None and answered.reached.who == "on-call"
    assert state.reached is not None and state.reached.who == "engineering manager"
    assert state.upcoming_at == DECLARED + timedelta(minutes=15)


def test_the_ladder_stops_once_mitigated_and_skips_other_severities() -> None:
    later = DECLARED + timedelta(minutes=40)
    assert escalation_state(make_incident(status=Status.MONITORING), DEFAULT_LADDER, later,
                            set()) is None
    assert escalation_state(make_incident(severity="P3"), DEFAULT_LADDER, later, set()) is None
    # SEV1 is P1's rank: the default ladder applies.
    assert escalation_state(make_incident(severity="SEV1"), DEFAULT_LADDER, later,
                            set()) is not None
    own = (EscalationStep(timedelta(minutes=30), "duty manager"),)
    state = escalation_state(make_incident(severity="P3"), own, later, set())
    assert state is not None and state.due_now == own[0]


def test_steps_passed_over_are_missed_until_done_or_dismissed() -> None:
    from dataclasses import replace

    from tui.model.incident import Roles
    from tui.model.response import missed_steps

    incident = make_incident()
    at = DECLARED + timedelta(minutes=12)

    def whos(found: tuple[MissedStep, ...]) -> list[tuple[str, datetime]]:
        return [(missed.step.who, missed.due) for missed in found]

    # The manager is due now; the two before were passed over.
    assert whos(missed_steps(incident, DEFAULT_LADDER, at, set())) == [
        ("on-call", DECLARED), ("tech lead", DECLARED + timedelta(minutes=5))]
    # Dismissed (with a reason, logged elsewhere): no longer missed.
    assert whos(missed_steps(incident, DEFAULT_LADDER, at, {"dismissed:on-call"})) == [
        ("tech lead", DECLARED + timedelta(minutes=5))]
    # Escalating to a later step covers those before it.
    assert missed_steps(incident, DEFAULT_LADDER, at, {"escalated:engineering manager"}) == ()
    # A tech lead named on the incident needs no call.
    led = replace(incident, roles=Roles(incident_commander="Priya", tech_lead="Marco"),
                  milestones={**incident.milestones, Milestone.ACKNOWLEDGED: DECLARED})
    assert missed_steps(led, DEFAULT_LADDER, at, set()) == ()
    # The ladder stopped at the mitigation: what fell due before it stays
    # missed, what would have fallen due after it never does.
    mitigated = replace(incident, milestones={
        **incident.milestones, Milestone.MITIGATED: DECLARED + timedelta(minutes=7)})
    assert whos(missed_steps(mitigated, DEFAULT_LADDER, at, set())) == [
        ("on-call", DECLARED), ("tech lead", DECLARED + timedelta(minutes=5))]
    # Resolved: the review tells it, the war room no longer nags.
    assert missed_steps(make_incident(status=Status.RESOLVED), DEFAULT_LADDER, at, set()) == ()
    assert MissedStep(DEFAULT_LADDER[2], at).line() == (
        f"Escalation missed: engineering manager, due {at:%H:%MZ}")
