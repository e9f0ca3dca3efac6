"""The war room's part in building its metric panes from what the
Prometheus holds: the detection runs in a worker after the first paint
(never on its path), replaces the placeholders, and runs again on `r`,
when a built pane finds nothing (at most every five minutes), and, with
back-off, after it failed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, MutableMapping
from datetime import datetime
from typing import TYPE_CHECKING

from tui.model.metrics import PaneSpec
from tui.model.pane_layout import arrange
from tui.model.pane_state import PaneState
from tui.model.red_panes import PANE_IDS, detected_panes, merged
from tui.sources import SourceError
from tui.ui.workers import run_part
from tui.widgets.metric_pane import MetricPane
from tui.widgets.metrics_area import MetricsArea

if TYPE_CHECKING:
    from tui.screens.incident_screen import IncidentScreen

# How often a built pane that finds nothing may ask for the conventions again.
REDETECT_SECONDS = 300.0


class PaneDetection:
    def __init__(self, host: IncidentScreen, pane_states: MutableMapping[str, PaneState],
                 panes_changed: Callable[[], None],
                 refresh_live: Callable[[bool], object]) -> None:
        self.host = host
        self.context = host.context
        self.pane_states = pane_states
        self._panes_changed = panes_changed
        self._refresh_live = refresh_live
        # When the HTTP conventions were last looked for: a built pane that
        # finds nothing asks again, but not at every refresh.
        self._detected_at: datetime | None = None

    def detect(self, force: bool = False) -> None:
        """The detection in a worker (a second one replaces the first)."""
        run_part(self.host, self._detect, self.host.incident.services, force, group="detect",
                 exclusive=True)

    async def _detect(self, services: tuple[str, ...], force: bool) -> None:
        """Ask the Prometheus which HTTP conventions it holds and build the
        error ratio, latency and rate panes from them (the config's panes
        added, the user's in-app edits kept)."""
        context, detector = self.context, self.context.detector
        if detector is None:
            return
        self._detected_at = context.clock.now()
        try:
            detection = await detector.detect(self._detected_at, force=force)
        except SourceError as error:
            self._detection_failed(str(error), self._detected_at)
            return
        for note in detection.notes:
            self.host.notify(note, severity="warning", timeout=8, markup=False)
        configured = merged(detected_panes(detection, services),
                            context.config_panes)
        overrides = await asyncio.to_thread(context.store.panes.overrides)
        self._show_panes(configured, arrange(configured, overrides))

    def _detection_failed(self, error: str, now: datetime) -> None:
        """The panes still waiting for the detection go stale with its
        error, and back off as a failing pane does; refresh_live asks again
        when they are due."""
        for spec in self.context.panes:
            if spec.id in PANE_IDS and not spec.queries:
                state = self.pane_states[spec.id].failed(error, now, self.context.refresh_seconds)
                self.pane_states[spec.id] = state
                self.host.query_one(f"#pane-{spec.id}", MetricPane).show_state(state)

    def due(self, now: datetime) -> bool:
        """Whether the panes waiting for a detection that failed are due again."""
        waiting = [self.pane_states[spec.id] for spec in self.context.panes
                   if spec.id in PANE_IDS and not spec.queries]
        return any(state.failures and state.due(now) for state in waiting)

    def found_nothing(self, spec: PaneSpec, now: datetime) -> None:
        """A pane built from the conventions found has no series (the
        service moved to other metrics, a relabel): look again, at most
        once every few minutes."""
        last = self._detected_at
        if (self.context.detector is not None and spec.id in PANE_IDS and spec.source
                and (last is None or (now - last).total_seconds() >= REDETECT_SECONDS)):
            self.detect(force=True)

    def _show_panes(self, configured: tuple[PaneSpec, ...], panes: tuple[PaneSpec, ...]
                    ) -> None:
        """New specs for the metric panes: changed ones redrawn, new ones
        mounted in order, those gone removed; then one refresh."""
        before = {spec.id: spec for spec in self.context.panes}
        self.context.configured_panes, self.context.panes = configured, panes
        container = self.host.query_one("#metrics", MetricsArea)
        previous: MetricPane | None = None
        for spec in panes:
            if spec.id not in before:
                pane = MetricPane(spec, id=f"pane-{spec.id}")
                if previous is None:
                    container.mount(pane, before=0)
                else:
                    container.mount(pane, after=previous)
                self.pane_states[spec.id] = PaneState()
            else:
                pane = self.host.query_one(f"#pane-{spec.id}", MetricPane)
                if before[spec.id] != spec:
                    pane.set_spec(spec)
                    self.pane_states[spec.id] = PaneState()
            previous = pane
        wanted = {spec.id for spec in panes}
        for spec_id in set(before) - wanted:
            self.pane_states.pop(spec_id, None)
            self.host.query_one(f"#pane-{spec_id}", MetricPane).remove()
        self.host.call_after_refresh(self._panes_changed)
        self._refresh_live(True)
