"""What the loopback Kubernetes API server holds: pods with their
resourceVersions and the history of changes that watches replay, Events,
ReplicaSets, Deployments, namespaces and container logs; and what tests do
to that cluster. One condition guards it all and wakes the open watches and
followed logs on every change."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any


@dataclass
class Event:
    version: int
    type: str
    pod: dict[str, Any]



def matches(selector: str, labels: dict[str, str]) -> bool:
    for term in filter(None, (part.strip() for part in selector.split(","))):
        if "!=" in term:
            key, value = term.split("!=", 1)
            if labels.get(key.strip()) == value.strip():
                return False
        elif "=" in term:
            key, value = term.replace("==", "=").split("=", 1)
            if labels.get(key.strip()) != value.strip():
                return False
        elif labels.get(term) is None:
            return False
    return True


def wanted(pod: dict[str, Any], namespace: str, selector: str) -> bool:
    """Whether a list or watch of `namespace` ("" for all) with `selector` shows the pod."""
    metadata = pod["metadata"]
    return ((not namespace or metadata["namespace"] == namespace)
            and matches(selector, metadata.get("labels") or {}))


class KubeStore:
    """The cluster's state; KubeApiServer serves it."""

    def __init__(self) -> None:
        self._pods: dict[str, dict[str, Any]] = {}
        self._events: list[Event] = []
        self.kube_events: list[dict[str, Any]] = []  # core/v1 Event objects
        self.replicasets: dict[str, dict[str, Any]] = {}  # by namespace/name
        self.deployments: dict[str, dict[str, Any]] = {}  # by namespace/name
        self.namespaces: set[str] = set()  # besides those that have pods
        # Container logs by (namespace, pod, container, previous): (time, line).
        self.logs: dict[tuple[str, str, str, bool], list[tuple[str, str]]] = {}
        self._version = 1000
        self._compacted = 0  # watches from versions before this one get 410
        self._changed = threading.Condition()
        self._generation = 0  # bumped to cut every open watch
        # Paged lists in progress: id → (version, items), as a real server
        # serves every page of one list from the snapshot of its first.
        self._snapshots: dict[int, tuple[int, list[dict[str, Any]]]] = {}
        self._snapshot_ids = iter(range(1, 1 << 30))

    # -- what tests do to the cluster ----------------------------------------

    def _record(self, kind: str, pod: dict[str, Any]) -> None:
        with self._changed:
            self._version += 1
            pod.setdefault("metadata", {})["resourceVersion"] = str(self._version)
            key = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
            if kind == "DELETED":
                self._pods.pop(key, None)
            else:
                self._pods[key] = pod
            self._events.append(Event(self._version, kind, json.loads(json.dumps(pod))))
            self._changed.notify_all()

    def apply(self, pod: dict[str, Any]) -> None:
        """Create or replace a pod."""
        key = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
        self._record("MODIFIED" if key in self._pods else "ADDED", pod)

    def delete(self, namespace: str, name: str) -> None:
        pod = self._pods[f"{namespace}/{name}"]
        self._record("DELETED", pod)

    def load(self, pods: list[dict[str, Any]]) -> None:
        """Many pods at once, as one version: for the big-cluster tests."""
        with self._changed:
            self._version += 1
            for pod in pods:
                pod["metadata"]["resourceVersion"] = str(self._version)
                self._pods[f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"] = pod
            self._compacted = self._version

    def add_event(self, pod: dict[str, Any], reason: str, message: str, *,
                  type: str = "Warning", count: int = 1,
                  last: str = "2026-11-23T10:05:00Z") -> None:
        metadata = pod["metadata"]
        self.kube_events.append({
            "kind": "Event", "apiVersion": "v1",
            "metadata": {"name": f"{metadata['name']}.{len(self.kube_events)}",
                         "namespace": metadata["namespace"]},
            "involvedObject": {"kind": "Pod", "name": metadata["name"],
                               "namespace": metadata["namespace"]},
            "reason": reason, "message": message, "type": type, "count": count,
            "firstTimestamp": "2026-11-23T10:00:00Z", "lastTimestamp": last,
            "source": {"component": "kubelet"}})

    def write_log(self, namespace: str, pod: str, lines: list[str], *, container: str = "app",
                  previous: bool = False, at: str = "2026-11-23T10:00:00.000000000Z") -> None:
        """The container writes `lines`; followers receive them."""
        with self._changed:
            self.logs.setdefault((namespace, pod, container, previous), []).extend(
                (at, line) for line in lines)
            self._changed.notify_all()

    def apply_replicaset(self, replicaset: dict[str, Any]) -> None:
        metadata = replicaset["metadata"]
        self.replicasets[f"{metadata['namespace']}/{metadata['name']}"] = replicaset

    def apply_deployment(self, deployment: dict[str, Any]) -> None:
        metadata = deployment["metadata"]
        self.deployments[f"{metadata['namespace']}/{metadata['name']}"] = deployment

    def compact(self) -> None:
        """Forget the event history: resuming from an older version is 410."""
        with self._changed:
            self._compacted = self._version
            self._events.clear()

    def expire_watches(self) -> None:
        """The cluster moves on and compacts its history: every open watch
        is cut, and resuming it gets 410 Gone, so clients list again."""
        with self._changed:
            self._version += 1
        self.compact()
        self.cut_watches()

    def cut_watches(self) -> None:
        with self._changed:
            self._generation += 1
            self._changed.notify_all()
