"""Live pods from one or more Kubernetes contexts, through the `kubernetes`
client: one list-then-watch thread per (context, namespace)
(tui/sources/pod_watch.py), merged into one snapshot; the contexts and
namespaces in view can change while it runs. Reads that a worker asks for
once (a pod's detail, namespaces, rollouts) are in tui/sources/kube_reads.py,
and the connection to a context in tui/sources/kube_connect.py."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from tui.model.pod_detail import PodDetail
from tui.model.pods import PodRow, PodSnapshot
from tui.model.rollouts import RolloutHistory
from tui.sources import SourceError
from tui.sources.kube_connect import kubeconfig_contexts, open_api
from tui.sources.kube_reads import read_detail, read_namespaces, read_rollouts
from tui.sources.pod_watch import PodWatch, stop_all
from tui.sources.protocols import NamespaceChoice
from tui.sources.settings import KubernetesSettings
from tui.ui.heap import freeze_start

if TYPE_CHECKING:
    from kubernetes.client import ApiClient

    from tui.model.pod_logs import LogRequest
    from tui.sources.pod_logs import PodLogStream

# How often a context whose kubeconfig failed to load is tried again.
REOPEN_SECONDS = 30.0


class KubernetesPods:
    """The pods source of the war room: every context and namespace in the
    settings, merged into one snapshot."""

    def __init__(self, settings: KubernetesSettings, now: Callable[[], datetime]) -> None:
        self.settings = settings
        self._now = now
        self._watches: list[PodWatch] = []
        self._failed: dict[str, tuple[str, float]] = {}  # context → (problem, when)
        self._lock = threading.Lock()
        self._opened: dict[str, str] = {}  # context → the label its rows carry
        self._apis: dict[str, ApiClient] = {}  # by the label rows carry
        self._closed = False

    def _open(self) -> None:
        settings = self.settings
        for context in settings.contexts or ("",):
            if context in self._opened:
                continue
            failed = self._failed.get(context)
            if failed and time.monotonic() - failed[1] < REOPEN_SECONDS:
                continue
            try:
                api, label = open_api(settings.kubeconfig, context)
            except SourceError as error:
                self._failed[context] = (str(error), time.monotonic())
                continue
            # Before the first list: what start-up allocated (the kubernetes
            # client included) is kept out of the collections its pods trigger.
            freeze_start()
            self._failed.pop(context, None)
            self._opened[context] = label
            self._apis[label] = api
            for namespace in settings.namespaces or ("",):
                watch = PodWatch(api, label, namespace, settings.label_selector, self._now)
                self._watches.append(watch)
                watch.start()

    def contexts(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Every context of the kubeconfig, and those in view; blocking."""
        names = kubeconfig_contexts(self.settings.kubeconfig)
        with self._lock:
            in_view = tuple(dict.fromkeys(self._opened.values()))
        return names, in_view

    def set_contexts(self, contexts: tuple[str, ...]) -> None:
        """Watch these contexts from now on: dropped ones stop, new ones open.
        Blocking (it waits for the dropped watches to end)."""
        with self._lock:
            self.settings = replace(self.settings, contexts=contexts)
            wanted = set(contexts or ("",))
            dropped = {label for context, label in self._opened.items() if context not in wanted}
            self._opened = {c: label for c, label in self._opened.items() if c in wanted}
            self._failed = {c: failure for c, failure in self._failed.items() if c in wanted}
            stopping = [watch for watch in self._watches if watch.cluster in dropped]
            self._watches = [watch for watch in self._watches if watch.cluster not in dropped]
            for label in dropped:
                self._apis.pop(label, None)
            if not self._closed:
                self._open()
        stop_all(stopping)

    def namespaces(self) -> NamespaceChoice:
        """Every namespace of the contexts in view (and of the pods seen, for
        users who may not list namespaces); blocking."""
        with self._lock:
            if not self._closed:
                self._open()
            apis = dict(self._apis)
            seen = {row.namespace for watch in self._watches for row in watch.state()[0]}
        names = set(seen) | set(self.settings.namespaces)
        found, problems = read_namespaces(apis)
        names |= found
        return NamespaceChoice(tuple(sorted(names)), tuple(self.settings.namespaces),
                               " · ".join(problems))

    def set_namespaces(self, namespaces: tuple[str, ...]) -> None:
        """Watch these namespaces (() for all) in every context in view from
        now on: the watches restart. Blocking."""
        with self._lock:
            self.settings = replace(self.settings, namespaces=namespaces)
            stopping, self._watches = self._watches, []
            self._opened, self._apis = {}, {}
            if not self._closed:
                self._open()
        stop_all(stopping)

    def pods(self, now: datetime) -> PodSnapshot:
        """Blocking the first time (kubeconfig, imports); then a copy."""
        with self._lock:
            if not self._closed:
                self._open()
            watches = list(self._watches)
            open_problems = [problem for problem, _ in self._failed.values()]
        rows: list[PodRow] = []
        synced = bool(watches) or not open_problems
        problems = list(open_problems)
        stale: list[datetime] = []
        listed = 0
        for watch in watches:
            found, watch_synced, problem, since, in_progress = watch.state()
            rows.extend(found)
            listed += in_progress if not watch_synced else len(found)
            synced = synced and watch_synced
            if problem:
                where = watch.cluster if len(watches) > 1 else ""
                problems.append(f"{where}: {problem}" if where else problem)
            if since is not None:
                stale.append(since)
        clusters = tuple(dict.fromkeys(watch.cluster for watch in watches))
        return PodSnapshot(rows=tuple(rows), as_of=now, synced=synced,
                           problem=" · ".join(problems), stale_since=min(stale, default=None),
                           clusters=clusters, listed=0 if synced else listed,
                           namespaces=tuple(self.settings.namespaces))

    def detail(self, row: PodRow) -> PodDetail:
        """The pod as it is now, and its Events; blocking (a worker calls it).
        Events that cannot be read leave the pod shown, with the reason."""
        with self._lock:
            api = self._apis.get(row.cluster)
        if api is None:
            raise SourceError(f"the context {row.cluster!r} is not connected")
        return read_detail(api, row)

    def logs(self, row: PodRow, request: LogRequest) -> PodLogStream:
        """A container's log, to be read in a thread (tui/sources/pod_logs.py)."""
        from tui.sources.pod_logs import PodLogStream

        with self._lock:
            api = self._apis.get(row.cluster)
        if api is None:
            raise SourceError(f"the context {row.cluster!r} is not connected")
        return PodLogStream(api, row, request)

    def rollouts(self, now: datetime) -> RolloutHistory:
        """Every Deployment revision in the namespaces in view, from their
        ReplicaSets, and where each Deployment's rollout stands; blocking (a
        worker calls it every half minute)."""
        with self._lock:
            if not self._closed:
                self._open()
            apis = dict(self._apis)
        settings = self.settings
        return read_rollouts(apis, settings.namespaces, settings.label_selector)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            watches = list(self._watches)
        stop_all(watches)
