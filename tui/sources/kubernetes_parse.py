"""Raw Kubernetes pod JSON → PodRow, with the STATUS column computed the way
`kubectl get pods` computes it (pkg/printers/internalversion, printPod)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tui.model.pods import PodRow
from tui.model.safe_text import printable
from tui.model.timefmt import from_iso


def _time(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return from_iso(text)
    except ValueError:
        return None


def _terminated_reason(terminated: dict[str, Any]) -> str:
    if terminated.get("reason"):
        return str(terminated["reason"])
    if terminated.get("signal"):
        return f"Signal:{terminated['signal']}"
    return f"ExitCode:{terminated.get('exitCode', 0)}"


def pod_status(pod: dict[str, Any]) -> str:
    status = pod.get("status") or {}
    reason = status.get("reason") or status.get("phase") or "Unknown"
    init_statuses = status.get("initContainerStatuses") or []
    initializing = False
    for index, container in enumerate(init_statuses):
        state = container.get("state") or {}
        terminated = state.get("terminated")
        waiting = state.get("waiting")
        if terminated and terminated.get("exitCode", 0) == 0:
            continue
        initializing = True
        if terminated:
            reason = "Init:" + _terminated_reason(terminated)
        elif waiting and waiting.get("reason") and waiting["reason"] != "PodInitializing":
            reason = "Init:" + waiting["reason"]
        else:
            reason = f"Init:{index}/{len(init_statuses)}"
        break

    if not initializing:
        has_running = False
        for container in reversed(status.get("containerStatuses") or []):
            state = container.get("state") or {}
            waiting, terminated = state.get("waiting"), state.get("terminated")
            if waiting and waiting.get("reason"):
                reason = waiting["reason"]
            elif terminated:
                reason = _terminated_reason(terminated)
            elif container.get("ready") and "running" in state:
                has_running = True
        if reason == "Completed" and has_running:
            conditions = {c.get("type"): c.get("status") for c in status.get("conditions") or []}
            reason = "Running" if conditions.get("Ready") == "True" else "NotReady"

    if (pod.get("metadata") or {}).get("deletionTimestamp"):
        reason = "Unknown" if status.get("reason") == "NodeLost" else "Terminating"
    return printable(str(reason))


def pod_row(pod: dict[str, Any], cluster: str = "") -> PodRow:
    metadata = pod.get("metadata") or {}
    spec = pod.get("spec") or {}
    status = pod.get("status") or {}
    containers = status.get("containerStatuses") or []
    last_restart: datetime | None = None
    last_reason, last_exit = "", None
    for container in containers:
        terminated = (container.get("lastState") or {}).get("terminated") or {}
        finished = _time(terminated.get("finishedAt"))
        if finished and (last_restart is None or finished > last_restart):
            last_restart = finished
            last_reason = printable(str(terminated.get("reason", "")))
            last_exit = terminated.get("exitCode")
    return PodRow(
        cluster=printable(cluster),
        namespace=printable(str(metadata.get("namespace", ""))),
        name=printable(str(metadata.get("name", ""))),
        ready=sum(1 for c in containers if c.get("ready")),
        containers=len(spec.get("containers") or containers),
        status=pod_status(pod),
        restarts=sum(int(c.get("restartCount", 0)) for c in containers),
        last_restart_at=last_restart,
        created_at=_time(metadata.get("creationTimestamp")),
        node=printable(str(spec.get("nodeName", ""))),
        ip=printable(str(status.get("podIP", ""))),
        qos=printable(str(status.get("qosClass", ""))),
        last_reason=last_reason,
        last_exit_code=last_exit if isinstance(last_exit, int) else None,
    )
