"""The war room's part in the response: targets missed go on the timeline
once, `K` records an escalation, `W` dismisses a missed one. (The SLOs'
error budget is a live feed: slo_part.py.)"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from tui import actions
from tui.model.response import (
    EscalationStep,
    MissedStep,
    escalation_state,
    missed_steps,
    newly_overdue,
    target_key,
    targets_for,
)
from tui.ui.workers import run_part

if TYPE_CHECKING:
    from tui.screens.incident_screen import IncidentScreen


class ResponsePart:
    def __init__(self, host: IncidentScreen, publish: Callable[[str, str], None]) -> None:
        self.host = host
        self.context = host.context
        # From a worker: the committed record re-read and handed to the UI.
        self._publish = publish
        # Keys being logged right now: a tick must not log them twice.
        self._logging: set[str] = set()
        self._snooze_offered = False

    def snooze_offered(self) -> bool:
        """Z (snooze the update reminder) is offered only when an update is
        due or nearly due."""
        return self.host.incident.update_due_soon(self.context.clock.now(),
                                             self.context.severity_levels)

    def check_snooze_offer(self) -> None:
        """Each tick: the footer gains or loses Z as the update nears or is sent."""
        offered = self.snooze_offered()
        if offered != self._snooze_offered:
            self._snooze_offered = offered
            self.host.refresh_bindings()

    def check_targets(self, now: datetime) -> None:
        """Each tick: a response target that has just fallen overdue, or an
        escalation step passed over, is logged on the timeline once (the
        store refuses a second time, even from another Warroom on the file)."""
        incident = self.host.incident
        logged = set(self.host.record.response)
        done = logged | self._logging
        # Steps missed first: a ladder may apply to a severity no scheme knows.
        for missed in missed_steps(incident, self.context.escalation, now, logged):
            if missed.key not in done:
                self._logging.add(missed.key)
                run_part(self.host, self._log_missed, incident.id, missed.key, missed.line(),
                         group="store", thread=True)
        targets = targets_for(incident, self.context.severity_levels)
        if targets is None:
            return  # a severity no scheme knows: no targets to hold it to
        for state in newly_overdue(incident, targets, now, done):
            key = target_key(state.key)
            self._logging.add(key)
            run_part(self.host, self._log_missed, incident.id, key,
                     state.missed_line(incident.severity), group="store", thread=True)

    def _log_missed(self, incident_id: str, key: str, text: str) -> None:
        try:
            if actions.log_once(self.context.store, incident_id, key, text, self.context.author):
                self._publish(incident_id, text)
        finally:
            self._logging.discard(key)

    def escalate(self) -> None:
        """The step of the ladder due now has been called: log who, with how
        they were reached (from the roster), and mark the steps it covers,
        naming those that were missed. With the ladder stopped, a step missed
        before it stopped is what K records (late)."""
        now = self.context.clock.now()
        done = set(self.host.record.response)
        state = escalation_state(self.host.incident, self.context.escalation, now, done)
        missed = missed_steps(self.host.incident, self.context.escalation, now, done)
        if (state is None or state.due_now is None) and not missed:
            upcoming = state.upcoming if state else None
            when = (f": next is {upcoming.who} at {state.upcoming_at:%H:%MZ}"
                    if state and upcoming and state.upcoming_at else "")
            self.host.notify(f"No escalation is due now{when}", timeout=4, markup=False)
            return
        if state is not None and state.due_now is not None:
            called, late = state.due_now, None
        else:
            called, late = missed[-1].step, missed[-1]
        covered = [step for step in missed if step.step is not called]
        text = self.escalation_line(called)
        if late is not None:
            text += f" (late: due {late.due:%H:%MZ})"
        if covered:
            text += "; covers " + ", ".join(
                f"{step.step.who}, missed (due {step.due:%H:%MZ})" for step in covered)
        # Steps passed over that were dismissed stay dismissed, not escalated.
        passed = {step.key for step in state.also_due
                  if MissedStep(step, now).dismiss_key not in done} if state else set()
        keys = sorted(passed | {step.step.key for step in missed} | {called.key})
        run_part(self.host, self._escalate, self.host.incident.id, keys, text, group="store",
                 thread=True)

    def dismiss_escalation(self) -> None:
        """W: a missed step nobody will be called for, dismissed with a reason
        (the reason goes on the timeline). The earliest missed goes first."""
        from tui.screens.reason_prompt import ReasonPrompt

        now = self.context.clock.now()
        missed = missed_steps(self.host.incident, self.context.escalation, now,
                              set(self.host.record.response))
        if not missed:
            self.host.notify("No missed escalation to dismiss", timeout=4, markup=False)
            return
        step, incident_id = missed[0], self.host.incident.id

        def dismissed(reason: str | None) -> None:
            if reason:
                run_part(self.host, self._dismiss_missed, incident_id, step, reason,
                         group="store", thread=True)

        self.host.app.push_screen(ReasonPrompt(
            title="Dismiss a missed escalation",
            question=f"{step.step.who} was due at {step.due:%H:%MZ} and not called. "
                     "Why will nobody call them? The reason goes on the timeline.",
            placeholder="on leave; the VP was called instead"), dismissed)

    def _dismiss_missed(self, incident_id: str, step: MissedStep, reason: str) -> None:
        text = (f"Escalation to {step.step.who} dismissed (due {step.due:%H:%MZ}): "
                f"{reason}")
        if actions.log_once(self.context.store, incident_id, step.dismiss_key, text,
                            self.context.author):
            self._publish(incident_id, text)

    def escalation_line(self, step: EscalationStep) -> str:
        contact = step.whom(self.context.roster)
        if contact is None:
            return f"Escalated to {step.who}"
        reach = f" ({contact.reach()})" if contact.reach() else ""
        return f"Escalated to {step.who}: {contact.name}{reach}"

    def _escalate(self, incident_id: str, keys: list[str], text: str) -> None:
        actions.escalate(self.context.store, incident_id, keys, text, self.context.author)
        self._publish(incident_id, text)
