"""The war room's part in the response: targets missed go on the timeline
once, `K` records an escalation, and each SLO's error budget is measured
for the incident's window (and stored, for the review)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from tui.model.response import (
    EscalationStep,
    escalation_state,
    newly_overdue,
    target_key,
    targets_for,
)
from tui.model.slo import SloEvents, SloSpec, window_end
from tui.screens.warroom_parts import WarroomParts
from tui.sources import describe_error
from tui.workers import work

# The budget's window grows by the minute; Prometheus is asked no more often.
SLO_EVERY = timedelta(seconds=60)


class ResponseWork(WarroomParts):
    def _init_response(self) -> None:
        # Keys being logged right now: a tick must not log them twice.
        self._logging: set[str] = set()
        self._slo_measured_at: datetime | None = None
        self._slo_problem = ""

    def check_targets(self, now: datetime) -> None:
        """Each tick: a response target that has just fallen overdue is
        logged on the timeline, once (the store refuses a second time, even
        from another Warroom on the same file)."""
        incident = self.incident
        targets = targets_for(incident, self.context.severity_levels)
        if targets is None:
            return  # a severity no scheme knows: no targets to hold it to
        done = set(self.record.response) | self._logging
        for state in newly_overdue(incident, targets, now, done):
            key = target_key(state.key)
            self._logging.add(key)
            self._log_missed(incident.id, key, state.missed_line(incident.severity))

    @work(thread=True, group="store", exit_on_error=False)
    def _log_missed(self, incident_id: str, key: str, text: str) -> None:
        try:
            if self.context.store.log_once(incident_id, key, text, self.context.author):
                self._publish(incident_id, text)
        finally:
            self._logging.discard(key)

    def action_escalate(self) -> None:
        """The step of the ladder due now has been called: log who, with how
        they were reached (from the roster), and mark the steps it covers."""
        now = self.context.clock.now()
        state = escalation_state(self.incident, self.context.escalation, now,
                                 set(self.record.response))
        if state is None or state.due_now is None:
            upcoming = state.upcoming if state else None
            when = (f": next is {upcoming.who} at {state.upcoming_at:%H:%MZ}"
                    if state and upcoming and state.upcoming_at else "")
            self.notify(f"No escalation is due now{when}", timeout=4, markup=False)
            return
        steps = (*state.also_due, state.due_now)
        self._escalate(self.incident.id, [step.key for step in steps],
                       self.escalation_line(state.due_now))

    def escalation_line(self, step: EscalationStep) -> str:
        contact = step.whom(self.context.roster)
        if contact is None:
            return f"Escalated to {step.who}"
        reach = f" ({contact.reach()})" if contact.reach() else ""
        return f"Escalated to {step.who}: {contact.name}{reach}"

    @work(thread=True, group="store", exit_on_error=False)
    def _escalate(self, incident_id: str, keys: list[str], text: str) -> None:
        self.context.store.escalate(incident_id, keys, text, self.context.author)
        self._publish(incident_id, text)

    async def refresh_slos(self, now: datetime) -> None:
        """Part of the live refresh, once a minute: the budget each SLO spent
        from the start to now (or the resolution). A failure keeps the last
        stored measurement on screen and says why once."""
        slos = self.context.slos
        if not slos or (self._slo_measured_at is not None
                        and now - self._slo_measured_at < SLO_EVERY):
            return
        self._slo_measured_at = now
        incident = self.incident
        end = window_end(incident, now)
        results = await asyncio.gather(
            *(self.context.metrics.slo_events(spec, incident.started_at, end, now)
              for spec in slos), return_exceptions=True)
        measured: list[tuple[SloSpec, SloEvents]] = []
        problems = []
        for spec, result in zip(slos, results, strict=True):
            if isinstance(result, BaseException):
                problems.append(f"{spec.id}: {describe_error(result)}")
            else:
                measured.append((spec, result))
        problem = "; ".join(problems)
        if problem and problem != self._slo_problem:
            self.notify(f"SLO not measured ({problem}); the last stored measurement is shown",
                        severity="warning", timeout=6, markup=False)
        self._slo_problem = problem
        if measured:
            self._store_slos(incident.id, measured)

    @work(thread=True, group="archive", exit_on_error=False)
    def _store_slos(self, incident_id: str, measured: list[tuple[SloSpec, SloEvents]]) -> None:
        for spec, events in measured:
            self.context.store.save_slo_events(incident_id, spec, events)
        self._publish(incident_id, "")
