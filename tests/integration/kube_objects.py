"""The objects tests put in the loopback Kubernetes API server, as the real
API shapes them (Pods, ReplicaSets, Deployments), and a kubeconfig that
points at servers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TOKEN = "loopback-test-token"
USER = "system:serviceaccount:warroom:tester"


def write_kubeconfig(path: Path, servers: dict[str, str], *, current: str = "",
                     token: str = TOKEN) -> Path:
    """A kubeconfig with one context per server, each named after its key."""
    clusters, users, contexts = [], [], []
    for name, url in servers.items():
        clusters.append({"name": name, "cluster": {"server": url}})
        users.append({"name": f"{name}-user", "user": {"token": token}})
        contexts.append({"name": name, "context": {"cluster": name, "user": f"{name}-user"}})
    config = {"apiVersion": "v1", "kind": "Config", "clusters": clusters, "users": users,
              "contexts": contexts, "current-context": current or next(iter(servers))}
    path.write_text(json.dumps(config))  # JSON is YAML
    return path


def make_pod(name: str, namespace: str = "shop", *, phase: str = "Running", ready: bool = True,
             restarts: int = 0, waiting: str = "", labels: dict[str, str] | None = None,
             node: str = "node-1", created: str = "2026-11-23T10:00:00Z",
             last_terminated: dict[str, Any] | None = None) -> dict[str, Any]:
    state: dict[str, Any] = ({"waiting": {"reason": waiting}} if waiting
                             else {"running": {"startedAt": created}})
    container: dict[str, Any] = {"name": "app", "ready": ready, "restartCount": restarts,
                                 "state": state, "image": "registry.local/app:1.0"}
    if last_terminated:
        container["lastState"] = {"terminated": last_terminated}
    return {
        "kind": "Pod", "apiVersion": "v1",
        "metadata": {"name": name, "namespace": namespace, "uid": f"uid-{namespace}-{name}",
                     "creationTimestamp": created, "labels": labels or {"app": "shop"}},
        "spec": {"nodeName": node, "containers": [{"name": "app"}]},
        "status": {"phase": phase, "podIP": "10.0.0.1", "qosClass": "Burstable",
                   "containerStatuses": [container]},
    }


def make_replicaset(deployment: str, revision: int, image: str, *, namespace: str = "shop",
                    created: str = "2026-11-23T10:00:00Z", replicas: int = 3,
                    cause: str = "", labels: dict[str, str] | None = None) -> dict[str, Any]:
    """A ReplicaSet owned by `deployment`, named after its revision."""
    annotations = {"deployment.kubernetes.io/revision": str(revision)}
    if cause:
        annotations["kubernetes.io/change-cause"] = cause
    return {
        "kind": "ReplicaSet", "apiVersion": "apps/v1",
        "metadata": {"name": f"{deployment}-r{revision}", "namespace": namespace,
                     "creationTimestamp": created, "annotations": annotations,
                     "labels": labels or {"app": "shop"},
                     "ownerReferences": [{"kind": "Deployment", "name": deployment}]},
        "spec": {"replicas": replicas,
                 "template": {"spec": {"containers": [{"name": "app", "image": image}]}}},
        "status": {"replicas": replicas, "readyReplicas": replicas},
    }


def make_deployment(name: str, *, namespace: str = "shop", replicas: int = 3,
                    updated: int | None = None, available: int | None = None,
                    stalled: bool = False, labels: dict[str, str] | None = None
                    ) -> dict[str, Any]:
    """A Deployment with its status; `stalled` sets Progressing False with
    ProgressDeadlineExceeded, as the controller does after the deadline."""
    updated = replicas if updated is None else updated
    available = replicas if available is None else available
    progressing = ({"type": "Progressing", "status": "False",
                    "reason": "ProgressDeadlineExceeded",
                    "message": f'ReplicaSet "{name}-r2" has timed out progressing.'}
                   if stalled else
                   {"type": "Progressing", "status": "True",
                    "reason": "NewReplicaSetAvailable",
                    "message": f'ReplicaSet "{name}-r2" has successfully progressed.'})
    return {
        "kind": "Deployment", "apiVersion": "apps/v1",
        "metadata": {"name": name, "namespace": namespace, "labels": labels or {"app": "shop"}},
        "spec": {"replicas": replicas},
        "status": {"replicas": replicas, "updatedReplicas": updated,
                   "readyReplicas": available, "availableReplicas": available,
                   "conditions": [progressing]},
    }
