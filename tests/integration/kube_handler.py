"""The loopback Kubernetes API server's request handler: authentication,
faults, discovery, and routing each GET to pods (list, get, watch, log),
Events, namespaces, ReplicaSets and Deployments, with RBAC refusals worded
as the real server words them."""

from __future__ import annotations

import base64
import json
import socket
import time
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from tests.integration.kube_objects import TOKEN, USER
from tests.integration.kube_store import wanted
from tests.integration.kube_streams import KubeReplies

if TYPE_CHECKING:
    from tests.integration.kube_server import KubeApiServer


class KubeHandler(KubeReplies):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if self.api._down:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.api.requests.append((parts.path, query))
        if self.api.require_token and self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self._status(401, "Unauthorized", "Unauthorized")
            return
        if self.api.faults.status:
            self._status(self.api.faults.status, "ServiceUnavailable",
                         "the server is currently unable to handle the request")
            return
        if parts.path in DISCOVERY:
            self._json(200, DISCOVERY[parts.path])
            return
        namespace, resource, name = "", "pods", ""
        segments = parts.path.strip("/").split("/")
        if parts.path == "/api/v1/namespaces":
            self._namespace_list()
            return
        if segments[:3] == ["apis", "apps", "v1"]:
            self._apps(segments[3:], query)
            return
        if (segments[:3] == ["api", "v1", "namespaces"] and len(segments) == 7
                and segments[4] == "pods" and segments[6] == "log"):
            self._log(segments[3], segments[5], query)
            return
        if segments[:3] == ["api", "v1", "namespaces"] and len(segments) in (5, 6):
            namespace, resource = segments[3], segments[4]
            name = segments[5] if len(segments) == 6 else ""
        if parts.path != "/api/v1/pods" and (resource not in ("pods", "events") or (
                resource == "events" and name) or not namespace):
            self._status(404, "NotFound", "the server could not find the resource")
            return
        forbidden = self.api.faults.forbidden_namespaces
        verb = "get" if name else ("watch" if query.get("watch") else "list")
        if ((namespace in forbidden) or (not namespace and forbidden)
                or resource in self.api.faults.forbidden_resources):
            scope = (f'in the namespace "{namespace}"' if namespace
                     else "at the cluster scope")
            self._status(403, "Forbidden", f'{resource} is forbidden: User "{USER}" '
                         f'cannot {verb} resource "{resource}" in API group "" {scope}')
            return
        if resource == "events":
            self._event_list(namespace, query.get("fieldSelector", ""))
            return
        if name:
            pod = self.api._pods.get(f"{namespace}/{name}")
            if pod is None:
                self._status(404, "NotFound", f'pods "{name}" not found')
            else:
                self._json(200, pod)
            return
        if query.get("watch") in ("true", "1"):
            self._watch(namespace, query)
        else:
            self._list(namespace, query)

    def _list(self, namespace: str, query: dict[str, str]) -> None:
        if self.api.faults.list_delay:
            time.sleep(self.api.faults.list_delay)
        limit = int(query.get("limit") or 0)
        token = query.get("continue", "")
        with self.api._changed:
            if token:
                if self.api.faults.expire_next_continue:
                    self.api.faults.expire_next_continue = False
                    self.api._version += 1  # the cluster moved on, and
                    self.api._compacted = self.api._version  # etcd compacted
                place = json.loads(base64.urlsafe_b64decode(token))
                snapshot = self.api._snapshots.get(place["id"])
                if snapshot is None or snapshot[0] < self.api._compacted:
                    self.api._snapshots.pop(place["id"], None)
                    self._status(410, "Expired", "The provided continue parameter is "
                                 "too old to display a consistent list result. You "
                                 "can start a new list without the continue "
                                 "parameter.")
                    return
                version, everything = snapshot
                start, snapshot_id = place["start"], place["id"]
            else:
                everything = [pod for _key, pod in sorted(self.api._pods.items())
                              if wanted(pod, namespace, query.get(
                                  "labelSelector", ""))]
                version, start, snapshot_id = self.api._version, 0, next(self.api._snapshot_ids)
            end = start + limit if limit else len(everything)
            metadata: dict[str, Any] = {"resourceVersion": str(version)}
            if end < len(everything):
                self.api._snapshots[snapshot_id] = (version, everything)
                metadata["continue"] = base64.urlsafe_b64encode(json.dumps(
                    {"id": snapshot_id, "start": end}).encode()).decode()
                metadata["remainingItemCount"] = len(everything) - end
            else:
                self.api._snapshots.pop(snapshot_id, None)
        self._json(200, {"kind": "PodList", "apiVersion": "v1", "metadata": metadata,
                         "items": everything[start:end]})

    def _apps(self, rest: list[str], query: dict[str, str]) -> None:
        """ReplicaSets and Deployments, all or one namespace's."""
        if len(rest) == 1:
            namespace, resource = "", rest[0]
        elif len(rest) == 3 and rest[0] == "namespaces":
            namespace, resource = rest[1], rest[2]
        else:
            resource = ""
        stored = {"replicasets": self.api.replicasets, "deployments": self.api.deployments}
        if resource not in stored:
            self._status(404, "NotFound", "the server could not find the resource")
            return
        if resource in self.api.faults.forbidden_resources:
            scope = (f'in the namespace "{namespace}"' if namespace
                     else "at the cluster scope")
            self._status(403, "Forbidden", f'{resource}.apps is forbidden: User '
                         f'"{USER}" cannot list resource "{resource}" in API group '
                         f'"apps" {scope}')
            return
        selector = query.get("labelSelector", "")
        items = [item for item in stored[resource].values()
                 if wanted(item, namespace, selector)]
        kind = "ReplicaSetList" if resource == "replicasets" else "DeploymentList"
        self._json(200, {"kind": kind, "apiVersion": "apps/v1",
                         "metadata": {"resourceVersion": str(self.api._version)},
                         "items": items})

    def _namespace_list(self) -> None:
        if "namespaces" in self.api.faults.forbidden_resources:
            self._status(403, "Forbidden", f'namespaces is forbidden: User "{USER}" '
                         'cannot list resource "namespaces" in API group "" at the '
                         'cluster scope')
            return
        with self.api._changed:
            names = self.api.namespaces | {pod["metadata"]["namespace"]
                                      for pod in self.api._pods.values()}
        items = [{"kind": "Namespace", "apiVersion": "v1",
                  "metadata": {"name": name}, "status": {"phase": "Active"}}
                 for name in sorted(names)]
        self._json(200, {"kind": "NamespaceList", "apiVersion": "v1",
                         "metadata": {"resourceVersion": str(self.api._version)},
                         "items": items})

    def _event_list(self, namespace: str, selector: str) -> None:
        fields = dict(term.split("=", 1) for term in selector.split(",") if "=" in term)
        items = [event for event in self.api.kube_events
                 if event["metadata"]["namespace"] == namespace
                 and all(event["involvedObject"].get(key.removeprefix(
                     "involvedObject.")) == value for key, value in fields.items())]
        self._json(200, {"kind": "EventList", "apiVersion": "v1",
                         "metadata": {"resourceVersion": str(self.api._version)},
                         "items": items})


def handler_for(api: KubeApiServer) -> type[BaseHTTPRequestHandler]:
    """A handler class that serves `api`."""
    return type("Handler", (KubeHandler,), {"api": api})


def _resources(group_version: str, kinds: dict[str, str]) -> dict[str, Any]:
    verbs = ["get", "list", "watch"]
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version,
            "resources": [{"name": name, "singularName": kind.lower(),
                           "namespaced": kind != "Namespace", "kind": kind, "verbs": verbs}
                          for name, kind in kinds.items()]}


DISCOVERY: dict[str, dict[str, Any]] = {
    "/version": {"major": "1", "minor": "31", "gitVersion": "v1.31.0"},
    "/api": {"kind": "APIVersions", "versions": ["v1"],
             "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0",
                                             "serverAddress": "127.0.0.1"}]},
    "/api/v1": _resources("v1", {"pods": "Pod", "events": "Event", "namespaces": "Namespace"}),
    "/apis": {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
        {"name": "apps", "versions": [{"groupVersion": "apps/v1", "version": "v1"}],
         "preferredVersion": {"groupVersion": "apps/v1", "version": "v1"}}]},
    "/apis/apps/v1": _resources("apps/v1", {"replicasets": "ReplicaSet",
                                            "deployments": "Deployment"}),
}
