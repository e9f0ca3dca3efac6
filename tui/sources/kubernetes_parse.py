"""Raw Kubernetes pod JSON → PodRow, with the STATUS column computed the way
`kubectl get pods` computes it (pkg/printers/internalversion, printPod)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tui.model.pod_detail import ContainerDetail, KubeEvent, PodCondition, PodDetail, recent_first
from tui.model.pods import PodRow
from tui.model.rollouts import DeploymentState, Revision
from tui.model.safe_text import printable
from tui.model.timefmt import from_iso
from tui.sources.kubectl_printer import _map, _maps, is_sidecar, pod_columns


def _time(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return from_iso(text)
    except ValueError:
        return None


def pod_status(pod: dict[str, Any]) -> str:
    """The STATUS column as kubectl computes it."""
    return pod_columns(pod).status


def _pod_ip(status: dict[str, Any]) -> str:
    # kubectl shows the first of podIPs (a dual-stack pod has two); podIP
    # is the same address, kept for older servers.
    first = next(iter(_maps(status.get("podIPs"))), {})
    return printable(str(first.get("ip") or status.get("podIP") or ""))


def pod_row(pod: dict[str, Any], cluster: str = "") -> PodRow:
    """One row of the pods pane. Never raises: a field of the wrong shape
    reads as absent, so one odd pod cannot stop a list of thousands."""
    pod = _map(pod)
    metadata = _map(pod.get("metadata"))
    spec = _map(pod.get("spec"))
    status = _map(pod.get("status"))
    columns = pod_columns(pod)
    last = columns.last_termination
    last_exit = last.get("exitCode")
    return PodRow(
        cluster=printable(cluster),
        namespace=printable(str(metadata.get("namespace", ""))),
        name=printable(str(metadata.get("name", ""))),
        ready=columns.ready,
        containers=columns.total,
        status=columns.status,
        restarts=columns.restarts,
        last_restart_at=columns.last_restart_at,
        created_at=_time(metadata.get("creationTimestamp")),
        node=printable(str(spec.get("nodeName", ""))),
        ip=_pod_ip(status),
        qos=printable(str(status.get("qosClass", ""))),
        last_reason=printable(str(last.get("reason", ""))),
        last_exit_code=last_exit if isinstance(last_exit, int) and not isinstance(last_exit, bool)
        else None,
    )


def _text(value: Any) -> str:
    return printable(str(value)) if value not in (None, "") else ""


def _container(raw: dict[str, Any], spec: dict[str, dict[str, Any]], init: bool,
               steps: dict[str, int]) -> ContainerDetail:
    state = _map(raw.get("state"))
    name, detail = next(iter(state.items()), ("waiting", {}))
    detail = _map(detail)
    last = _map(_map(raw.get("lastState")).get("terminated"))
    exit_code = detail.get("exitCode")
    last_exit = last.get("exitCode")
    key = str(raw.get("name"))
    return ContainerDetail(
        name=_text(raw.get("name")),
        image=_text(raw.get("image") or _map(spec.get(key)).get("image", "")),
        init=init,
        ready=raw.get("ready") is True,
        restarts=_count(raw.get("restartCount")),
        state=_text(name),
        reason=_text(detail.get("reason")),
        message=_text(detail.get("message")),
        since=_time(detail.get("startedAt") or detail.get("finishedAt")),
        exit_code=exit_code if isinstance(exit_code, int) else None,
        last_reason=_text(last.get("reason")),
        last_exit_code=last_exit if isinstance(last_exit, int) else None,
        last_finished_at=_time(last.get("finishedAt")),
        sidecar=init and is_sidecar(spec.get(key)),
        init_step=steps.get(key, 0) if init else 0,
    )


def kube_event(raw: dict[str, Any]) -> KubeEvent:
    """A core/v1 Event; newer servers fill eventTime and series instead of
    the timestamps and count."""
    series = _map(raw.get("series"))
    source = _map(raw.get("source"))
    last = (_time(series.get("lastObservedTime")) or _time(raw.get("lastTimestamp"))
            or _time(raw.get("eventTime")))
    return KubeEvent(
        type=_text(raw.get("type")) or "Normal",
        reason=_text(raw.get("reason")),
        message=_text(raw.get("message")),
        count=_count(series.get("count") or raw.get("count")) or 1,
        first_seen=_time(raw.get("firstTimestamp")) or _time(raw.get("eventTime")) or last,
        last_seen=last,
        source=_text(source.get("component") or raw.get("reportingComponent")),
    )


def pod_detail(pod: dict[str, Any], events: list[dict[str, Any]], cluster: str = "",
               events_problem: str = "") -> PodDetail:
    """The detail dialog's model; like pod_row, never raises on odd shapes."""
    pod = _map(pod)
    metadata, spec, status = (_map(pod.get(key)) for key in ("metadata", "spec", "status"))
    spec_init = _maps(spec.get("initContainers"))
    # Init containers are looked up in the spec apart from the app's: a
    # sidecar is one by its spec, and names may repeat across the two lists.
    init_spec = {str(c.get("name")): c for c in spec_init}
    app_spec = {str(c.get("name")): c for c in _maps(spec.get("containers"))}
    steps = {str(c.get("name")): index for index, c in enumerate(spec_init, start=1)}
    owners = _maps(metadata.get("ownerReferences"))
    owner = f"{owners[0].get('kind', '')}/{owners[0].get('name', '')}" if owners else ""
    conditions = tuple(
        PodCondition(type=_text(c.get("type")), status=_text(c.get("status")),
                     reason=_text(c.get("reason")), message=_text(c.get("message")),
                     since=_time(c.get("lastTransitionTime")))
        for c in _maps(status.get("conditions")))
    containers = tuple(
        [_container(c, init_spec, True, steps)
         for c in _maps(status.get("initContainerStatuses"))]
        + [_container(c, app_spec, False, steps)
           for c in _maps(status.get("containerStatuses"))])
    labels = tuple(sorted((printable(str(k)), printable(str(v)))
                          for k, v in _map(metadata.get("labels")).items()))
    columns = pod_columns(pod)
    return PodDetail(row=pod_row(pod, cluster), labels=labels, owner=printable(owner),
                     conditions=conditions, containers=containers,
                     events=recent_first([kube_event(e) for e in events if isinstance(e, dict)]),
                     events_problem=events_problem,
                     init_done=columns.init_done, init_total=columns.init_total)


def revision(replicaset: dict[str, Any], cluster: str = "") -> Revision | None:
    """A ReplicaSet as one revision of its Deployment; None for a ReplicaSet
    no Deployment owns (or one without a revision)."""
    metadata = replicaset.get("metadata") or {}
    owner = next((ref for ref in metadata.get("ownerReferences") or []
                  if isinstance(ref, dict) and ref.get("kind") == "Deployment"), None)
    annotations = metadata.get("annotations") or {}
    try:
        number = int(annotations.get("deployment.kubernetes.io/revision", ""))
    except ValueError:
        return None
    if owner is None:
        return None
    template = ((replicaset.get("spec") or {}).get("template") or {}).get("spec") or {}
    status = replicaset.get("status") or {}
    return Revision(
        cluster=printable(cluster),
        namespace=_text(metadata.get("namespace")),
        deployment=_text(owner.get("name")),
        revision=number,
        replicaset=_text(metadata.get("name")),
        images=tuple(_text(c.get("image")) for c in template.get("containers") or []
                     if isinstance(c, dict)),
        created_at=_time(metadata.get("creationTimestamp")),
        replicas=int(status.get("replicas") or 0),
        ready=int(status.get("readyReplicas") or 0),
        change_cause=_text(annotations.get("kubernetes.io/change-cause")),
    )


def deployment_state(deployment: dict[str, Any], cluster: str = "") -> DeploymentState:
    """A Deployment's rollout as `kubectl rollout status` judges it: the
    Progressing condition False (ProgressDeadlineExceeded) is a stalled
    rollout; fewer updated or available replicas than desired, one under way."""
    metadata = deployment.get("metadata") or {}
    spec = deployment.get("spec") or {}
    status = deployment.get("status") or {}
    progressing = next((c for c in status.get("conditions") or []
                        if isinstance(c, dict) and c.get("type") == "Progressing"), {})
    stalled = progressing.get("status") == "False"
    desired = spec.get("replicas")
    return DeploymentState(
        cluster=printable(cluster),
        namespace=_text(metadata.get("namespace")),
        deployment=_text(metadata.get("name")),
        desired=_count(1 if desired is None else desired),
        updated=_count(status.get("updatedReplicas")),
        ready=_count(status.get("readyReplicas")),
        available=_count(status.get("availableReplicas")),
        stalled_reason=_text(progressing.get("reason") or "Stalled") if stalled else "",
        stalled_message=_text(progressing.get("message")) if stalled else "",
    )


def _count(value: Any) -> int:
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError):
        return 0
