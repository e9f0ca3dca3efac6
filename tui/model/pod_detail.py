"""One pod in depth, as `kubectl describe pod` tells it: conditions, each
container's state and last termination, and the pod's recent Events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tui.model.pods import PodRow


@dataclass(frozen=True)
class PodCondition:
    type: str
    status: str  # "True", "False", "Unknown"
    reason: str = ""
    message: str = ""
    since: datetime | None = None


@dataclass(frozen=True)
class ContainerDetail:
    name: str
    image: str
    init: bool
    ready: bool
    restarts: int
    state: str  # running, waiting, terminated
    reason: str = ""
    message: str = ""
    since: datetime | None = None
    exit_code: int | None = None
    last_reason: str = ""
    last_exit_code: int | None = None
    last_finished_at: datetime | None = None
    # A native sidecar: an init container with restartPolicy Always, that
    # keeps running beside the app and counts in READY and RESTARTS.
    sidecar: bool = False
    # An init container's place in the spec's order, from 1; 0 for others.
    init_step: int = 0


@dataclass(frozen=True)
class KubeEvent:
    type: str  # Normal or Warning
    reason: str
    message: str
    count: int
    first_seen: datetime | None
    last_seen: datetime | None
    source: str = ""


@dataclass(frozen=True)
class PodDetail:
    row: PodRow
    labels: tuple[tuple[str, str], ...]
    owner: str  # e.g. "ReplicaSet/checkout-7d9f8c6b5"
    conditions: tuple[PodCondition, ...]
    containers: tuple[ContainerDetail, ...]
    events: tuple[KubeEvent, ...]
    # Why the events are missing, if they are (e.g. no permission to list them).
    events_problem: str = ""
    # Init progress as kubectl's Init:i/N counts it: init containers passed
    # (completed, or sidecars started) of those in the spec.
    init_done: int = 0
    init_total: int = 0


def recent_first(events: list[KubeEvent]) -> tuple[KubeEvent, ...]:
    return tuple(sorted(events, key=lambda event: (event.last_seen is None,
                                                   -(event.last_seen.timestamp()
                                                     if event.last_seen else 0.0))))
