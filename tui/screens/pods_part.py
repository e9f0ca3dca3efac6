"""The war room's pods: each live refresh reads the pods (in a thread: the
demo replays a watch log, the live watch is a thread), shows them, stores
them for the review and offers what the signal detector finds; while a
first list pages in it is counted every 50 ms. Every half minute the rollout
history fills the rollouts tab and offers new revisions and stalls; `c` and
`ctrl+n` change the contexts and namespaces watched; Enter and `l` on a pod
open its detail and logs."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from tui.model.pod_signals import SignalDetector, Suggestion
from tui.model.pods import PodRow, PodSnapshot
from tui.model.rollout_news import RolloutWatch
from tui.screens.failures import ARCHIVE_FAILED
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
ROLLOUTS_FAILED = Failure("Rollout history failed: {error}", severity="warning", timeout=5)


class PodsPart:
    def __init__(self, host: Screen[None], context: WarroomContext, incident_id: str, *,
                 offer: Callable[[list[Suggestion]], None],
                 refresh_live: Callable[[bool], object]) -> None:
        self.host = host
        self.context = context
        # What the pods and the rollouts found, offered for the timeline.
        self._offer = offer
        self._refresh_live = refresh_live
        self._syncing_poll: Timer | None = None
        # The live refresh and the syncing poll may read the pods at once:
        # the signal detector and the heap settler see one snapshot at a time.
        self._pods_read = threading.Lock()
        self._signals = SignalDetector()
        self._heap = HeapSettler()
        self._pod_recorder = context.store.archives.pod_recorder(incident_id)
        self._rollout_watch = RolloutWatch()

    def start(self) -> None:
        if self.context.pods is not None:
            self.host.set_interval(ROLLOUTS_SECONDS, self.refresh_rollouts)

    async def close(self) -> None:
        """The watches stop (blocking: in a thread)."""
        if self.context.pods is not None:
            await asyncio.to_thread(self.context.pods.close)

    def switch(self, incident_id: str) -> None:
        """Another incident: the pods are stored for it from now on."""
        self._pod_recorder = self.context.store.archives.pod_recorder(incident_id)

    async def refresh(self, now: datetime) -> None:
        pods = self.context.pods
        assert pods is not None

        def read() -> tuple[PodSnapshot, list[Suggestion]]:
            # Blocking (the demo replays a watch log; the live watch is a thread).
            with self._pods_read:
                snapshot = pods.pods(now)
                if not snapshot.synced:
                    return snapshot, []
                self._heap.observe(len(snapshot.rows))
                return snapshot, self._signals.observe(snapshot.rows, now)

        snapshot, found = await asyncio.to_thread(read)
        self.host.query_one(PodTable).show(snapshot, self.context.clock.now())
        run_part(self.host, self._record_pods, snapshot, group="archive", thread=True,
                 failure=ARCHIVE_FAILED)
        self._offer(found)
        if not snapshot.synced and not snapshot.problem and self._syncing_poll is None:
            self._syncing_poll = self.host.set_timer(SYNCING_POLL_SECONDS, self._poll_syncing)

    def _poll_syncing(self) -> None:
        run_part(self.host, self._syncing, group="pods-syncing", exclusive=True,
                 failure=Failure("Live data failed: {error}"))

    async def _syncing(self) -> None:
        self._syncing_poll = None
        await self.refresh(self.context.clock.now())

    def _record_pods(self, snapshot: PodSnapshot) -> None:
        self._pod_recorder.record(snapshot)

    def refresh_rollouts(self) -> None:
        """The rollout history, every half minute: ReplicaSets change with
        deploys, not by the second. A new revision is offered for the timeline."""
        if self.context.pods is not None:
            run_part(self.host, self._rollouts, group="rollouts", exclusive=True,
                     failure=ROLLOUTS_FAILED)

    async def _rollouts(self) -> None:
        pods = self.context.pods
        assert pods is not None
        now = self.context.clock.now()

        history = await asyncio.to_thread(pods.rollouts, now)
        # On the loop, once read: a run cancelled by the next one moves no baseline.
        fresh = self._rollout_watch.observe(history, now)
        for table in self.host.query(RolloutsPane):
            table.show(history, now)
        for line in self.host.query("#rollouts-problem").results(Static):
            line.display = bool(history.problem)
            line.update(Text(f"⚠ {history.problem}"))
        self._offer(fresh)

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
