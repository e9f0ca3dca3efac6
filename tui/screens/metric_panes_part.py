"""The war room's metric panes in the live refresh: each pane due is asked
of the metrics source, drawn, and stored for the review (its data, or the
failure, so the review shows the gap). A failure makes the pane stale and
backs off (PaneState); a pane built from the conventions that finds nothing
asks for them again (`found_nothing`). `p` pins a pane's values to the
timeline."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from textual.screen import Screen
from textual.widget import Widget

from tui import actions
from tui.model.metrics import MetricSnapshot, PaneSpec, pin_text
from tui.model.pane_state import PaneState
from tui.model.timefmt import format_window
from tui.model.timeline import EntryKind
from tui.screens.failures import ARCHIVE_FAILED
from tui.sources import describe_error
from tui.ui.context import WINDOWS, WarroomContext
from tui.ui.workers import run_part
from tui.widgets.metric_pane import MetricPane


class MetricPanes:
    def __init__(self, host: Screen[None], context: WarroomContext,
                 pane_states: dict[str, PaneState], *,
                 found_nothing: Callable[[PaneSpec, datetime], None],
                 publish: Callable[[str, str], None]) -> None:
        self.host = host
        self.context = context
        self.pane_states = pane_states
        # The chart window in seconds (`w` cycles it).
        self.window_seconds = context.window_seconds
        self._found_nothing = found_nothing
        # From a worker: the committed record re-read and handed to the UI.
        self._publish = publish

    def refresh(self, incident_id: str, now: datetime, force: bool) -> list[Awaitable[None]]:
        return [self._refresh_pane(incident_id, spec, now) for spec in self.context.panes
                if spec.queries and (force or self.pane_states[spec.id].due(now))]

    async def _refresh_pane(self, incident_id: str, spec: PaneSpec, now: datetime) -> None:
        pane = self.host.query_one(f"#pane-{spec.id}", MetricPane)
        state = self.pane_states.get(spec.id, PaneState())
        window_seconds = self.window_seconds
        try:
            snapshot = await self.context.metrics.fetch_pane(spec, now, window_seconds,
                                                             pane.chart_points())
        except Exception as error:  # any failure makes the pane stale, never the UI
            message = describe_error(error)
            state = state.failed(message, now, self.context.refresh_seconds)
            run_part(self.host, self._archive_failure, incident_id, spec.id, now,
                     window_seconds, message, group="archive", thread=True,
                     failure=ARCHIVE_FAILED)
        else:
            state = state.succeeded(snapshot)
            run_part(self.host, self._archive, incident_id, spec, snapshot, group="archive",
                     thread=True, failure=ARCHIVE_FAILED)
            if not snapshot.series:
                self._found_nothing(spec, now)
        if pane.spec != spec or not pane.is_attached:
            return  # edited or removed while the query ran: its answer is moot
        self.pane_states[spec.id] = state
        pane.show_state(state)

    def cycle_window(self) -> None:
        index = WINDOWS.index(self.window_seconds) if self.window_seconds in WINDOWS else 0
        self.window_seconds = WINDOWS[(index + 1) % len(WINDOWS)]
        self.host.notify(f"Chart window: {format_window(self.window_seconds)}", timeout=2)

    def pin(self, focused: Widget | None, incident_id: str) -> None:
        """`p`: the focused pane's values now, on the timeline."""
        pane = focused if isinstance(focused, MetricPane) else None
        if pane is None:
            self.host.notify("Focus a metric pane first (Tab), then press p to pin it",
                             severity="warning", timeout=4)
            return
        if pane.snapshot is None:
            self.host.notify("Nothing to pin yet: the pane has no data", severity="warning")
            return
        run_part(self.host, self._pin, incident_id, pin_text(pane.spec, pane.snapshot),
                 group="store", thread=True)

    def _pin(self, incident_id: str, text: str) -> None:
        actions.add_entry(self.context.store, incident_id, text, EntryKind.METRIC_PIN,
                                     author=self.context.author)
        self._publish(incident_id, "Pinned to the timeline")

    def _archive(self, incident_id: str, spec: PaneSpec, snapshot: MetricSnapshot) -> None:
        self.context.store.archives.save_metric_snapshot(incident_id, spec, snapshot)

    def _archive_failure(self, incident_id: str, pane_id: str, at: datetime,
                         window_seconds: int, error: str) -> None:
        self.context.store.archives.save_metric_failure(incident_id, pane_id, at,
                                               window_seconds, error)
