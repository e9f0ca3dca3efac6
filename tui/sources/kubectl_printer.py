"""READY, STATUS and RESTARTS of one pod from its raw JSON, rule for rule as
`kubectl get pods` computes them (printPod in kubernetes
pkg/printers/internalversion/printers.go), so that the pane and the
engineer's own terminal never disagree during an incident.

The API's shape is not trusted: every field of the wrong type reads as
absent, and nothing here raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tui.model.safe_text import printable
from tui.model.timefmt import from_iso

# What the node lifecycle controller writes as status.reason on the pods
# of a node that stopped answering; kubectl prints such a pod as Unknown.
NODE_LOST = "NodeLost"
TERMINAL_PHASES = frozenset({"Succeeded", "Failed"})


def _map(value: Any) -> dict[str, Any]:
    """A JSON object, or an empty one."""
    return value if isinstance(value, dict) else {}


def _maps(value: Any) -> list[dict[str, Any]]:
    """A JSON array of objects, keeping only the objects."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return from_iso(value)
    except ValueError:
        return None


def _state(container: dict[str, Any], key: str) -> dict[str, Any] | None:
    """One of a container's states, None when it is not in it. An empty
    object is a state all the same: kubectl tests the pointer, and
    `"terminated": {}` is a clean exit (code 0) to it."""
    value = _map(container.get("state")).get(key)
    return value if isinstance(value, dict) else None


def is_sidecar(spec_container: dict[str, Any] | None) -> bool:
    """A native sidecar: an init container with restartPolicy Always
    (a "restartable init container"). It keeps running beside the app."""
    return spec_container is not None and spec_container.get("restartPolicy") == "Always"


def terminated_reason(terminated: dict[str, Any]) -> str:
    """`OOMKilled`, else `Signal:9`, else `ExitCode:1`, as kubectl words it."""
    if reason := _text(terminated.get("reason")):
        return reason
    if signal := _int(terminated.get("signal")):
        return f"Signal:{signal}"
    return f"ExitCode:{_int(terminated.get('exitCode'))}"


def _has_condition(status: dict[str, Any], kind: str) -> bool:
    """Whether the first condition of that type is True (kubectl looks no further)."""
    for condition in _maps(status.get("conditions")):
        if condition.get("type") == kind:
            return condition.get("status") == "True"
    return False


@dataclass
class _Restarts:
    """Restarts summed over some containers, and their latest termination."""

    count: int = 0
    last_at: datetime | None = None
    last: dict[str, Any] = field(default_factory=dict)

    def add(self, container: dict[str, Any]) -> None:
        self.count += max(0, _int(container.get("restartCount")))
        terminated = _map(_map(container.get("lastState")).get("terminated"))
        finished = _time(terminated.get("finishedAt"))
        # Strictly later only: on a tie the first container seen keeps it.
        if finished is not None and (self.last_at is None or finished > self.last_at):
            self.last_at, self.last = finished, terminated


@dataclass(frozen=True)
class PodColumns:
    ready: int
    total: int
    status: str
    restarts: int
    # When the last restart counted in `restarts` ended; None without one.
    last_restart_at: datetime | None
    # That termination (reason, exitCode), {} without one.
    last_termination: dict[str, Any]
    # Init progress as `Init:i/N` counts it: i init containers passed
    # (completed, or sidecars started) of N in the spec.
    init_done: int
    init_total: int


def pod_columns(pod: Any) -> PodColumns:
    pod = _map(pod)
    spec, status = _map(pod.get("spec")), _map(pod.get("status"))
    phase = _text(status.get("phase"))
    # An empty STATUS would read as a drawing fault; the API server always
    # sets a phase, so only odd data lands here.
    reason = _text(status.get("reason")) or phase or "Unknown"
    for condition in _maps(status.get("conditions")):
        # kubectl looks at the reason alone, whatever the condition's status.
        if condition.get("type") == "PodScheduled" and condition.get("reason") == "SchedulingGated":
            reason = "SchedulingGated"

    spec_init = _maps(spec.get("initContainers"))
    by_name = {_text(container.get("name")): container for container in spec_init}
    total = len(_maps(spec.get("containers"))) + sum(map(is_sidecar, spec_init))
    ready = 0

    restarts, sidecar_restarts = _Restarts(), _Restarts()
    initializing = False
    init_statuses = _maps(status.get("initContainerStatuses"))
    init_done = len(init_statuses)
    for index, container in enumerate(init_statuses):
        sidecar = is_sidecar(by_name.get(_text(container.get("name"))))
        restarts.add(container)
        if sidecar:
            sidecar_restarts.add(container)
        terminated, waiting = _state(container, "terminated"), _state(container, "waiting")
        if terminated is not None and _int(terminated.get("exitCode")) == 0:
            continue
        if sidecar and container.get("started") is True:
            ready += container.get("ready") is True
            continue
        initializing = True
        init_done = index
        if terminated is not None:
            reason = "Init:" + terminated_reason(terminated)
        elif waiting is not None and _text(waiting.get("reason")) not in ("", "PodInitializing"):
            reason = "Init:" + _text(waiting.get("reason"))
        else:
            reason = f"Init:{index}/{len(spec_init)}"
        break

    if not initializing or _has_condition(status, "Initialized"):
        # Past initialisation, init containers' restarts are history: only
        # the sidecars, still running, count with the app containers.
        restarts = sidecar_restarts
        has_running = False
        for container in reversed(_maps(status.get("containerStatuses"))):
            restarts.add(container)
            terminated, waiting = _state(container, "terminated"), _state(container, "waiting")
            if waiting is not None and _text(waiting.get("reason")):
                reason = _text(waiting.get("reason"))
            elif terminated is not None:
                reason = terminated_reason(terminated)
            elif container.get("ready") is True and _state(container, "running") is not None:
                has_running = True
                ready += 1
        # A finished container next to a running one is not a Completed pod.
        if reason == "Completed" and has_running:
            reason = "Running" if _has_condition(status, "Ready") else "NotReady"

    if _map(pod.get("metadata")).get("deletionTimestamp"):
        if _text(status.get("reason")) == NODE_LOST:
            reason = "Unknown"
        elif phase not in TERMINAL_PHASES:
            reason = "Terminating"

    counted = restarts.count > 0 and restarts.last_at is not None
    return PodColumns(
        ready=ready, total=total, status=printable(reason), restarts=restarts.count,
        last_restart_at=restarts.last_at if counted else None,
        last_termination=restarts.last if counted else {},
        init_done=init_done, init_total=len(spec_init),
    )
