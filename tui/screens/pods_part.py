"""The war room's pods, two live feeds (LiveFeed): the pods, read in a
thread (the demo replays a watch log, the live watch is a thread), shown,
stored for the review, and what the signal detector finds offered; while a
first list pages in it is counted every 50 ms. Every half minute the rollout
history fills the rollouts tab and offers new revisions and stalls. `c` and
`ctrl+n` change the contexts and namespaces watched; Enter and `l` on a pod
open its detail and logs."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.dom import DOMNode
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from tui.model.incident import Incident
from tui.model.pod_signals import SignalDetector, Suggestion
from tui.model.pods import PodRow, PodSnapshot
from tui.model.rollout_news import RolloutWatch
from tui.model.rollouts import RolloutHistory
from tui.model.timefmt import clock_utc
from tui.screens.live_feed import LiveFeed
from tui.sources.protocols import ContextSwitch, SwitchablePods
from tui.ui.context import WarroomContext
from tui.ui.heap import HeapSettler
from tui.ui.workers import Failure, run_part
from tui.widgets.pod_table import PodTable
from tui.widgets.rollouts_pane import RolloutsPane

if TYPE_CHECKING:
    from tui.screens.scope_picker import ScopePicker

# While a first list pages in, the pods pane counts it this often (and
# shows the pods as soon as the list is whole), not at the next refresh.
SYNCING_POLL_SECONDS = 0.05
ROLLOUTS_SECONDS = 30.0


@dataclass(frozen=True)
class PodReading:
    snapshot: PodSnapshot
    # What the signal detector found in it, offered for the timeline.
    found: list[Suggestion]


class PodsPart:
    def __init__(self, host: Screen[None], context: WarroomContext, incident_id: str, *,
                 offer: Callable[[list[Suggestion]], None],
                 refresh_live: Callable[[bool], object],
                 refresh_feed: Callable[[str], object]) -> None:
        self.host = host
        self.context = context
        # What the pods and the rollouts found, offered for the timeline.
        self._offer = offer
        self._refresh_live = refresh_live
        # One feed refreshed now, outside the live refresh's round.
        self._refresh_feed = refresh_feed
        self._syncing_poll: Timer | None = None
        # The live refresh and the syncing poll may read the pods at once:
        # the signal detector and the heap settler see one snapshot at a time.
        self._pods_read = threading.Lock()
        self._signals = SignalDetector()
        self._heap = HeapSettler()
        self._pod_recorder = context.store.archives.pod_recorder(incident_id)
        self._rollout_watch = RolloutWatch()

    def feed(self) -> LiveFeed[PodReading]:
        pods = self.context.pods
        return LiveFeed("pods", self._read if pods is not None else None,
                        views=lambda screen: [PodsShown(self, screen.query_one(PodTable))],
                        close=self.close, archive=self._record_pods,
                        absent=self.context.pods_absent)

    def rollouts_feed(self) -> LiveFeed[RolloutHistory]:
        """ReplicaSets change with deploys, not by the second: every half minute."""
        pods = self.context.pods
        return LiveFeed("rollouts", self._rollouts if pods is not None else None,
                        views=self._rollouts_shown, close=self.close, every=ROLLOUTS_SECONDS)

    async def close(self) -> None:
        """The watches stop (blocking: in a thread)."""
        if self.context.pods is not None:
            await asyncio.to_thread(self.context.pods.close)

    def switch(self, incident_id: str) -> None:
        """Another incident: the pods are stored for it from now on."""
        self._pod_recorder = self.context.store.archives.pod_recorder(incident_id)

    async def _read(self, incident: Incident, now: datetime) -> PodReading:
        pods = self.context.pods
        assert pods is not None

        def read() -> PodReading:
            # Blocking (the demo replays a watch log; the live watch is a thread).
            with self._pods_read:
                snapshot = pods.pods(now)
                if not snapshot.synced:
                    return PodReading(snapshot, [])
                self._heap.observe(len(snapshot.rows))
                return PodReading(snapshot, self._signals.observe(snapshot.rows, now))

        return await asyncio.to_thread(read)

    def shown(self, reading: PodReading) -> None:
        """After the table shows them: what they offer, and while a first
        list pages in, a count every 50 ms."""
        snapshot = reading.snapshot
        self._offer(reading.found)
        if not snapshot.synced and not snapshot.problem and self._syncing_poll is None:
            self._syncing_poll = self.host.set_timer(SYNCING_POLL_SECONDS, self._poll_syncing)

    def _poll_syncing(self) -> None:
        self._syncing_poll = None
        self._refresh_feed("pods")

    def _record_pods(self, incident_id: str, reading: PodReading) -> None:
        # The recorder of the incident in view (switch): it keeps what it
        # stored last, to store only what changed.
        self._pod_recorder.record(reading.snapshot)

    async def _rollouts(self, incident: Incident, now: datetime) -> RolloutHistory:
        pods = self.context.pods
        assert pods is not None
        return await asyncio.to_thread(pods.rollouts, now)

    def _rollouts_shown(self, screen: DOMNode) -> list[RolloutsShown]:
        """In the workbench's rollouts tab, once it is mounted."""
        tables = list(screen.query(RolloutsPane).results())
        return [RolloutsShown(self, tables, list(screen.query("#rollouts-problem")
                                                 .results(Static)))] if tables else []

    def rollouts_read(self, history: RolloutHistory, now: datetime) -> None:
        # On the loop, once read: a run cancelled by the next one moves no baseline.
        self._offer(self._rollout_watch.observe(history, now))

    # -- contexts and namespaces ----------------------------------------------------------

    def pick_contexts(self) -> None:
        from tui.screens.scope_picker import ContextPicker

        def picked(contexts: tuple[str, ...] | None) -> None:
            if contexts:
                self._rescope(lambda pods: pods.set_contexts(contexts), ", ".join(contexts))

        self._pick_scope(ContextPicker, picked)

    def pick_namespaces(self) -> None:
        from tui.screens.scope_picker import NamespacePicker

        def picked(namespaces: tuple[str, ...] | None) -> None:
            if namespaces is not None:  # () is "all namespaces"
                self._rescope(lambda pods: pods.set_namespaces(namespaces),
                              ", ".join(namespaces) or "all namespaces")

        self._pick_scope(NamespacePicker, picked)

    def _pick_scope(self, picker: type[ScopePicker],
                    picked: Callable[[tuple[str, ...] | None], None]) -> None:
        if isinstance(self.context.pods, SwitchablePods):
            self.host.app.push_screen(picker(self.context.pods), picked)

    def _rescope(self, change: Callable[[ContextSwitch], None], watching: str) -> None:
        run_part(self.host, self._apply_scope, change, watching, group="contexts",
                 exclusive=True, failure=Failure("Context switch failed: {error}"))

    async def _apply_scope(self, change: Callable[[ContextSwitch], None], watching: str
                           ) -> None:
        """Apply a new set of contexts or namespaces (blocking, in a thread:
        watches stop and start) and refresh."""
        pods = self.context.pods
        assert isinstance(pods, SwitchablePods)
        # Another cluster's broken pods and deployments are not news: new baselines.
        self._signals = SignalDetector()
        self._rollout_watch.reset()
        await asyncio.to_thread(change, pods)
        self.host.notify(f"Watching {watching}", timeout=3)
        self._refresh_live(True)

    # -- one pod -------------------------------------------------------------------------

    def show_pod(self, row: PodRow) -> None:
        if self.context.pods is None:
            return
        from tui.screens.pod_detail import PodDetailScreen

        self.host.app.push_screen(PodDetailScreen(row, self.context.pods,
                                                  self.context.clock.now()))

    def show_pod_logs(self, row: PodRow) -> None:
        if self.context.pods is None:
            return
        from tui.screens.pod_logs import PodLogsScreen

        self.host.app.push_screen(PodLogsScreen(row, self.context.pods))


class PodsShown:
    """The pods table as the pods feed's view."""

    def __init__(self, part: PodsPart, table: PodTable) -> None:
        self._part = part
        self._table = table

    def show_feed(self, data: PodReading, now: datetime) -> None:
        # Ages from when the read ended: a big cluster takes a while to list.
        self._table.show(data.snapshot, self._part.context.clock.now())
        self._part.shown(data)

    def show_absent(self, reason: str) -> None:
        self._table.show_absent(reason)

    def show_stale(self, error: str, since: datetime) -> None:
        """The source itself failed (not a list or watch, which say so in
        their snapshot): the last pods stay, stale since `since`."""
        last = self._table.snapshot or PodSnapshot((), since)
        self._table.show(replace(last, problem=error, stale_since=since),
                         self._part.context.clock.now())


class RolloutsShown:
    """The rollouts tab (its tables and its problem line) as the rollouts feed's view."""

    def __init__(self, part: PodsPart, tables: list[RolloutsPane], lines: list[Static]) -> None:
        self._part = part
        self._tables = tables
        self._lines = lines

    def show_feed(self, data: RolloutHistory, now: datetime) -> None:
        for table in self._tables:
            table.show(data, now)
        self._say(f"⚠ {data.problem}" if data.problem else "")
        self._part.rollouts_read(data, now)

    def show_stale(self, error: str, since: datetime) -> None:
        self._say(f"⚠ stale since {clock_utc(since)} · {error}")

    def _say(self, problem: str) -> None:
        for line in self._lines:
            line.display = bool(problem)
            line.update(Text(problem))
