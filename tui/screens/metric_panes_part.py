"""The war room's metric panes: one live feed each (LiveFeed), asked of the
metrics source, drawn, and stored for the review (its data, or the failure,
so the review shows the gap), stale and backing off as every feed does
(PaneState); a pane built from the conventions that finds nothing asks for
them again (`found_nothing`). `w` cycles the chart window, `p` pins a
pane's values to the timeline."""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from datetime import datetime
from typing import Any

from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from tui import actions
from tui.model.feed_state import FeedState
from tui.model.incident import Incident
from tui.model.metrics import MetricSnapshot, PaneSpec, pin_text
from tui.model.pane_state import PaneState
from tui.model.timefmt import format_window
from tui.model.timeline import EntryKind
from tui.screens.live_feed import LiveFeed
from tui.ui.context import WINDOWS, WarroomContext
from tui.ui.workers import run_part
from tui.widgets.metric_pane import MetricPane


class PaneStates(MutableMapping[str, PaneState]):
    """The metric panes' feed states by pane id, for the parts that add,
    edit and detect panes; the feeds hold them under their widget's id."""

    def __init__(self, states: dict[str, FeedState[Any]]) -> None:
        self._states = states

    def __getitem__(self, pane_id: str) -> PaneState:
        state = self._states[f"pane-{pane_id}"]
        assert isinstance(state, PaneState)
        return state

    def __setitem__(self, pane_id: str, state: PaneState) -> None:
        self._states[f"pane-{pane_id}"] = state

    def __delitem__(self, pane_id: str) -> None:
        del self._states[f"pane-{pane_id}"]

    def __iter__(self) -> Iterator[str]:
        return (name.removeprefix("pane-") for name in self._states if name.startswith("pane-"))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class MetricPanes:
    def __init__(self, host: Screen[None], context: WarroomContext, *,
                 found_nothing: Callable[[PaneSpec, datetime], None],
                 publish: Callable[[str, str], None]) -> None:
        self.host = host
        self.context = context
        # The chart window in seconds (`w` cycles it).
        self.window_seconds = context.window_seconds
        self._found_nothing = found_nothing
        # From a worker: the committed record re-read and handed to the UI.
        self._publish = publish

    def feeds(self) -> list[LiveFeed[MetricSnapshot]]:
        """One feed per pane with queries, named as its widget."""
        return [self._feed(spec) for spec in self.context.panes if spec.queries]

    def _feed(self, spec: PaneSpec) -> LiveFeed[MetricSnapshot]:
        metrics = self.context.metrics
        # The window as this refresh asks it (`w` may change it meanwhile).
        window = self.window_seconds

        def shown_in(screen: DOMNode) -> list[MetricPane]:
            # Edited or removed while the query ran: its answer is moot.
            return [pane for pane in screen.query(f"#pane-{spec.id}").results(MetricPane)
                    if pane.spec == spec and pane.is_attached]

        async def fetch(incident: Incident, now: datetime) -> MetricSnapshot:
            pane = self.host.query_one(f"#pane-{spec.id}", MetricPane)
            snapshot = await metrics.fetch_pane(spec, now, window, pane.chart_points())
            if not snapshot.series:
                self._found_nothing(spec, now)
            return snapshot

        def archive(incident_id: str, snapshot: MetricSnapshot) -> None:
            self.context.store.archives.save_metric_snapshot(incident_id, spec, snapshot)

        def archive_failure(incident_id: str, at: datetime, error: str) -> None:
            self.context.store.archives.save_metric_failure(incident_id, spec.id, at,
                                                            window, error)

        return LiveFeed(f"pane-{spec.id}", fetch, views=shown_in,
                        archive=archive, archive_failure=archive_failure, state=PaneState)

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
