"""What the war room asks of its sources. The demo recording and the live
clients answer the same calls with the same model types."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from tui.model.alerts import Alert
from tui.model.health import HealthResult
from tui.model.metrics import MetricSnapshot, PaneSpec
from tui.model.pod_detail import PodDetail
from tui.model.pod_logs import LogRequest
from tui.model.pods import PodRow, PodSnapshot
from tui.model.rollouts import RolloutHistory
from tui.model.silences import NewSilence
from tui.model.slo import SloEvents, SloSpec


class MetricsSource(Protocol):
    async def fetch_pane(self, spec: PaneSpec, now: datetime, window_seconds: int,
                         points: int) -> MetricSnapshot: ...

    async def alerts(self, now: datetime) -> tuple[Alert, ...]: ...

    async def slo_events(self, spec: SloSpec, start: datetime, end: datetime,
                         now: datetime) -> SloEvents:
        """Good and all events between `start` and `end`, and all events of
        the SLO's window ending at `end`. Raises SourceError."""
        ...

    async def aclose(self) -> None: ...


class Silencer(Protocol):
    """An Alertmanager (or the demo's stand-in): alerts with their silences,
    and silences made and expired. Raises SourceError."""

    @property
    def url(self) -> str: ...

    async def alerts(self, now: datetime) -> tuple[Alert, ...]: ...

    async def create_silence(self, silence: NewSilence) -> str:
        """The new silence's id."""
        ...

    async def expire_silence(self, silence_id: str) -> None: ...

    async def aclose(self) -> None: ...


class HealthSource(Protocol):
    async def health(self, now: datetime) -> tuple[HealthResult, ...]: ...

    async def aclose(self) -> None: ...


class PodsSource(Protocol):
    def pods(self, now: datetime) -> PodSnapshot:
        """Blocking; called from a thread."""
        ...

    def detail(self, row: PodRow) -> PodDetail:
        """One pod in depth with its Events. Blocking; called from a thread.
        Raises SourceError when the pod cannot be read."""
        ...

    def rollouts(self, now: datetime) -> RolloutHistory:
        """Deployment revisions in view, newest first. Blocking; called from
        a thread. Failures are in the history's `problem`, not raised."""
        ...

    def close(self) -> None:
        """Blocking (joins watch threads); called from a thread."""
        ...


@runtime_checkable
class ContextSwitch(Protocol):
    """A pods source whose kubeconfig contexts can be changed in the app."""

    def contexts(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Every context of the kubeconfig, and those in view. Blocking."""
        ...

    def set_contexts(self, contexts: tuple[str, ...]) -> None:
        """Watch these from now on. Blocking."""
        ...

    def namespaces(self) -> NamespaceChoice:
        """The namespaces of the contexts in view, and those watched. Blocking."""
        ...

    def set_namespaces(self, namespaces: tuple[str, ...]) -> None:
        """Watch these namespaces from now on; () is all of them. Blocking."""
        ...


@runtime_checkable
class SwitchablePods(PodsSource, ContextSwitch, Protocol):
    """A pods source (the live cluster) that is also a ContextSwitch. The
    type checker holds an `isinstance(pods, ContextSwitch)` on a PodsSource
    to be never true, as two unrelated protocols; this one says both."""


class LogStream(Protocol):
    """One read of a container's log (tui/sources/pod_logs.py)."""

    def batches(self) -> Iterator[list[str]]:
        """Cleaned lines as they arrive. Blocking; raises SourceError."""
        ...

    def close(self) -> None:
        """Stop the read, from any thread."""
        ...


@runtime_checkable
class PodLogSource(Protocol):
    """A pods source that can read containers' logs (a live cluster; the
    demo recording has none)."""

    def logs(self, row: PodRow, request: LogRequest) -> LogStream: ...


@dataclass(frozen=True)
class NamespaceChoice:
    names: tuple[str, ...]  # every namespace found, sorted
    in_view: tuple[str, ...]  # () when all namespaces are watched
    # Why the list may be short: many users may not list namespaces (403);
    # the names then come from the pods seen, and more can be typed.
    problem: str = ""


class MetricCatalog(Protocol):
    """Names for PromQL completion. Blocking; called from threads."""

    def metric_names(self) -> tuple[str, ...]: ...

    def label_names(self, metric: str = "") -> tuple[str, ...]: ...

    def label_values(self, label: str, metric: str = "") -> tuple[str, ...]: ...
