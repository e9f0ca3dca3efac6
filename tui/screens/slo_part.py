"""The war room's SLO feed: once a minute, the error budget each SLO spent
from the incident's start to now (or its resolution), stored for the
review; the header shows the stored measurement through the record. What
could not be measured is said once, while the last stored measurement stays
shown."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from textual.screen import Screen

from tui.model.incident import Incident
from tui.model.slo import SloEvents, SloSpec, window_end
from tui.screens.live_feed import LiveFeed
from tui.sources import SourceError, describe_error
from tui.ui.context import WarroomContext

# The budget's window grows by the minute; Prometheus is asked no more often.
SLO_EVERY_SECONDS = 60.0


@dataclass(frozen=True)
class SloReading:
    measured: list[tuple[SloSpec, SloEvents]]
    # The SLOs not measured, each with why ("" when all were).
    problem: str = ""


class SloNotMeasured(SourceError):
    """Not one SLO could be measured."""


class SloPart:
    def __init__(self, host: Screen[None], context: WarroomContext,
                 publish: Callable[[str, str], None]) -> None:
        self.host = host
        self.context = context
        # From a worker: the committed record re-read and handed to the UI.
        self._publish = publish
        self._problem = ""

    def feed(self) -> LiveFeed[SloReading]:
        return LiveFeed("slo", self._measure if self.context.slos else None,
                        views=lambda screen: [self], archive=self._store,
                        every=SLO_EVERY_SECONDS)

    async def _measure(self, incident: Incident, now: datetime) -> SloReading:
        slos = self.context.slos
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
        if not measured:
            raise SloNotMeasured("; ".join(problems))
        return SloReading(measured, "; ".join(problems))

    def _store(self, incident_id: str, reading: SloReading) -> None:
        for spec, events in reading.measured:
            self.context.store.archives.save_slo_events(incident_id, spec, events)
        self._publish(incident_id, "")

    # -- the feed's view: the header shows the record; a problem is a toast -----------

    def show_feed(self, data: SloReading, now: datetime) -> None:
        self._say(data.problem)

    def show_stale(self, error: str, since: datetime) -> None:
        self._say(error)

    def _say(self, problem: str) -> None:
        if problem and problem != self._problem:
            self.host.notify(f"SLO not measured ({problem}); the last stored measurement "
                             "is shown", severity="warning", timeout=6, markup=False)
        self._problem = problem
