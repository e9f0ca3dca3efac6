"""Where an incident stands against its response targets, and on the
escalation ladder: who is called in as time passes.

The acknowledge target counts from detection (MTTA), the resolve target
from the start (MTTR), as the runbooks measure them. The ladder counts from the
declaration and stops once the incident is mitigated: after that nobody
more needs waking."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from tui.model.contacts import Contact, Roster
from tui.model.incident import Incident, Milestone, Status
from tui.model.playbook import same_level
from tui.model.severity import SeverityLevel
from tui.model.targets import ResponseTargets, Target


@dataclass(frozen=True)
class TargetState:
    """One target of one incident at one moment."""

    key: str  # "acknowledge" or "resolve": also the key it is logged under once
    label: str  # "respond", "resolve"
    target: Target
    start: datetime  # what it counts from: detection, or the start
    due: datetime
    met_at: datetime | None

    def met(self, now: datetime) -> bool:
        """Met by `now` (a review's moment may come before it was)."""
        return self.met_at is not None and self.met_at <= now

    def overdue(self, now: datetime) -> bool:
        return not self.met(now) and now > self.due

    def missed(self) -> bool:
        """Met, but late."""
        return self.met_at is not None and self.met_at > self.due

    def missed_line(self, severity: str) -> str:
        """The timeline line for a missed target (logged once)."""
        return (f"{severity} {self.label} target missed: within {self.target.describe()}, "
                f"due {self.due:%H:%MZ}")


def target_states(incident: Incident, targets: ResponseTargets) -> tuple[TargetState, ...]:
    milestones = incident.milestones
    acknowledge_from = (milestones.get(Milestone.DETECTED)
                        or milestones.get(Milestone.DECLARED) or incident.started_at)
    return (
        TargetState("acknowledge", "respond", targets.acknowledge, acknowledge_from,
                    targets.acknowledge.due(acknowledge_from),
                    milestones.get(Milestone.ACKNOWLEDGED)),
        TargetState("resolve", "resolve", targets.resolve, incident.started_at,
                    targets.resolve.due(incident.started_at), incident.ended_at),
    )


def targets_for(incident: Incident, levels: tuple[SeverityLevel, ...]
                ) -> ResponseTargets | None:
    """The targets of the incident's severity; None for a key no scheme knows."""
    try:
        return incident.severity_level(levels).targets
    except ValueError:
        return None


def newly_overdue(incident: Incident, targets: ResponseTargets, now: datetime,
                  logged: set[str]) -> list[TargetState]:
    """Targets now overdue and not logged yet: each goes on the timeline once."""
    return [state for state in target_states(incident, targets)
            if state.overdue(now) and target_key(state.key) not in logged]


def target_key(name: str) -> str:
    return f"target:{name}"


@dataclass(frozen=True)
class EscalationStep:
    after: timedelta
    who: str  # "engineering manager": what the header says
    # Whom in the contacts roster: a name, a rotation label or a role.
    contact: str = ""
    # The severities it applies to (P2 matches SEV2); empty: every one.
    severities: tuple[str, ...] = ()

    def applies(self, severity: str) -> bool:
        return not self.severities or any(same_level(key, severity) for key in self.severities)

    @property
    def key(self) -> str:
        """What marks it done, once, in the store."""
        return f"escalated:{self.who.lower()}"

    def whom(self, roster: Roster) -> Contact | None:
        """The roster's entry for this step: its contact, else its who."""
        return roster.find(self.contact or self.who)


# Each step is found in the roster by its who (a role: "tech lead").
DEFAULT_LADDER: tuple[EscalationStep, ...] = tuple(
    EscalationStep(timedelta(minutes=minutes), who, severities=("P1", "P2"))
    for minutes, who in ((0, "on-call"), (5, "tech lead"), (10, "engineering manager"),
                         (15, "VP engineering"), (30, "CTO")))


@dataclass(frozen=True)
class EscalationState:
    """Where the incident stands on its ladder."""

    # The latest step that has fallen due and is not marked done: call them now.
    due_now: EscalationStep | None
    due_now_at: datetime | None
    # The step after that, and when it falls due.
    upcoming: EscalationStep | None
    upcoming_at: datetime | None
    # The furthest step marked done.
    reached: EscalationStep | None
    # Steps due now and passed over (escalating to the VP covers the EM).
    also_due: tuple[EscalationStep, ...] = ()


@dataclass(frozen=True)
class MissedStep:
    """A step of the ladder that fell due and was neither marked done nor
    dismissed: it stays on screen, and on the timeline once, so that a later
    step falling due never makes the room forget it."""

    step: EscalationStep
    due: datetime

    @property
    def key(self) -> str:
        """What logs it as missed, once per incident (and per file)."""
        return f"missed:{self.step.who.lower()}"

    @property
    def dismiss_key(self) -> str:
        """What marks it dismissed, with the reason on the timeline."""
        return f"dismissed:{self.step.who.lower()}"

    def line(self) -> str:
        """The timeline's line when it is found missed."""
        return f"Escalation missed: {self.step.who}, due {self.due:%H:%MZ}"


def _ladder(incident: Incident, ladder: tuple[EscalationStep, ...]
            ) -> list[EscalationStep]:
    return sorted((step for step in ladder if step.applies(incident.severity)),
                  key=lambda step: step.after)


def _anchor(incident: Incident) -> datetime:
    return incident.milestones.get(Milestone.DECLARED) or incident.started_at


def _last_done(incident: Incident, steps: list[EscalationStep], done: set[str]) -> int:
    """The index of the furthest step done (-1: none)."""
    # An acknowledgement is the first page answered: the steps at zero are
    # done. A role filled on the incident ("tech lead") is someone already in
    # the room: nobody need be called for it.
    acknowledged = Milestone.ACKNOWLEDGED in incident.milestones
    roles = incident.roles
    filled = {field.name.replace("_", " ") for field in fields(roles)
              if isinstance(getattr(roles, field.name), str) and getattr(roles, field.name)}
    marked = [index for index, step in enumerate(steps)
              if step.key in done or (acknowledged and not step.after)
              or step.who.lower() in filled]
    return max(marked, default=-1)


def _ladder_running(incident: Incident) -> bool:
    return incident.status.is_open and incident.status is not Status.MONITORING \
        and Milestone.MITIGATED not in incident.milestones


def escalation_state(incident: Incident, ladder: tuple[EscalationStep, ...], now: datetime,
                     done: set[str]) -> EscalationState | None:
    """None when there is no ladder for this severity, or no need for one
    (mitigated, resolved)."""
    steps = _ladder(incident, ladder)
    if not steps or not _ladder_running(incident):
        return None
    anchor = _anchor(incident)
    last_done = _last_done(incident, steps, done)
    fallen = [index for index, step in enumerate(steps)
              if index > last_done and anchor + step.after <= now]
    due_index = max(fallen, default=None)
    after = (due_index if due_index is not None else last_done) + 1
    upcoming = steps[after] if after < len(steps) else None
    due_now = steps[due_index] if due_index is not None else None
    return EscalationState(
        due_now=due_now,
        due_now_at=anchor + due_now.after if due_now else None,
        upcoming=upcoming,
        upcoming_at=anchor + upcoming.after if upcoming else None,
        reached=steps[last_done] if last_done >= 0 else None,
        also_due=tuple(steps[index] for index in fallen if index != due_index),
    )


def missed_steps(incident: Incident, ladder: tuple[EscalationStep, ...], now: datetime,
                 done: set[str]) -> tuple[MissedStep, ...]:
    """Steps that fell due and were passed over by a later one, or left due
    when the ladder stopped (mitigated, monitoring), and neither done nor
    dismissed. A resolved incident shows none: its review says what happened."""
    steps = _ladder(incident, ladder)
    if not steps or not incident.status.is_open:
        return ()
    anchor = _anchor(incident)
    last_done = _last_done(incident, steps, done)
    running = _ladder_running(incident)
    # A stopped ladder counts no further than the mitigation, when known.
    until = now if running else min(now, incident.milestones.get(Milestone.MITIGATED, now))
    fallen = [index for index, step in enumerate(steps)
              if index > last_done and anchor + step.after <= until]
    if running and fallen:
        fallen.pop()  # the latest is the one to call now, not missed yet
    found = (MissedStep(steps[index], anchor + steps[index].after) for index in fallen)
    return tuple(missed for missed in found if missed.dismiss_key not in done)
