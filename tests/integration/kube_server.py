"""A loopback Kubernetes API server for the tests: no kube-apiserver can be
installed here, so this serves the part of the API that Warroom's pods pane
uses, with the semantics the real one has:

- discovery (`/version`, `/api`, `/api/v1`, `/apis`, `/apis/apps/v1`), enough
  for `kubectl get pods` to talk to it;
- `GET /api/v1/pods` and `/api/v1/namespaces/NS/pods`, with `labelSelector`
  (equality and inequality), returning a PodList with a resourceVersion;
  `limit` pages it, and `continue` resumes the same consistent snapshot
  until that version is compacted away, then answers 410 Expired;
- `?watch=true&resourceVersion=RV`: a chunked stream of ADDED / MODIFIED /
  DELETED events after RV, BOOKMARKs when asked, ended after
  `timeoutSeconds`; a compacted RV gets an ERROR event with a 410 Status;
- `GET /api/v1/namespaces`: every namespace that has pods, or was added;
- `GET /api/v1/namespaces/NS/pods/NAME`, and `/api/v1/namespaces/NS/events`
  with the `involvedObject.kind` / `involvedObject.name` field selector;
- `GET /apis/apps/v1/replicasets` and `/apis/apps/v1/namespaces/NS/replicasets`,
  and the same for `deployments` (lists only: the rollout history is
  polled, not watched);
- `GET /api/v1/namespaces/NS/pods/NAME/log` with `container`, `previous`,
  `follow` (chunked, new lines as they are written), `tailLines`,
  `limitBytes` and `timestamps`, refusing as the real server does: 400
  when the pod has several containers and none is named, or when no
  previous instance terminated; 403 for `pods/log`;
- bearer-token authentication (401 Status) and per-namespace or
  per-resource RBAC (403 Status naming the user, the verb and the resource,
  as the real server words it).

Tests change pods through its methods; each change is an event that open
watches receive. It can also misbehave: refuse with a status, or cut every
open watch at once."""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.integration.loopback_http import serve

TOKEN = "loopback-test-token"
USER = "system:serviceaccount:warroom:tester"


@dataclass
class Event:
    version: int
    type: str
    pod: dict[str, Any]


@dataclass
class Faults:
    status: int = 0  # answer every request with this status
    forbidden_namespaces: set[str] = field(default_factory=set)
    forbidden_resources: set[str] = field(default_factory=set)  # e.g. {"events"}
    list_delay: float = 0.0  # before every list answer (each page of a paged one)
    # Compact the history before answering the next `continue`: the token
    # the client holds is then too old, as when the cluster churns fast.
    expire_next_continue: bool = False
    # Answer with 200 and a body that is not what was asked: "garbage" (not
    # JSON at all, with an escape code) or "truncated" (the first half).
    body: str = ""


def _matches(selector: str, labels: dict[str, str]) -> bool:
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


class KubeApiServer:
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
        self.faults = Faults()
        self._down = False
        # kubectl sends no bearer token over plain HTTP: checking the server
        # by hand with it needs this off.
        self.require_token = True
        # Paged lists in progress: id → (version, items), as a real server
        # serves every page of one list from the snapshot of its first.
        self._snapshots: dict[int, tuple[int, list[dict[str, Any]]]] = {}
        self._snapshot_ids = iter(range(1, 1 << 30))
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._server = serve(self._handler())

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self.cut_watches()
        self._server.shutdown()
        self._server.server_close()

    @contextmanager
    def down(self) -> Iterator[None]:
        """The API server is gone (connections refused), then back on the
        same port with the same pods."""
        port = int(self._server.server_address[1])
        self._down = True  # connections kept alive from before die on their next request
        self.close()
        try:
            yield
        finally:
            self._down = False
            self._server = serve(self._handler(), port)

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

    @contextmanager
    def failing(self, status: int) -> Iterator[None]:
        self.faults.status = status
        self.cut_watches()
        try:
            yield
        finally:
            self.faults.status = 0

    def list_requests(self) -> list[dict[str, str]]:
        """The query of every pod list (not watch, not get) served so far."""
        return [query for path, query in self.requests if path.endswith("/pods")
                and query.get("watch") not in ("true", "1")]

    def watch_count(self) -> int:
        return sum(1 for path, query in self.requests if query.get("watch") in ("true", "1"))

    # -- HTTP -------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                if status == 200 and api.faults.body == "garbage":
                    data = b"\x1b[2J<html>502 Bad Gateway [red]proxy[/red]</html>"
                elif status == 200 and api.faults.body == "truncated":
                    data = data[: len(data) // 2]
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _status(self, code: int, reason: str, message: str) -> None:
                self._json(code, {"kind": "Status", "apiVersion": "v1", "metadata": {},
                                  "status": "Failure", "message": message, "reason": reason,
                                  "code": code})

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                if api._down:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                api.requests.append((parts.path, query))
                if api.require_token and self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    self._status(401, "Unauthorized", "Unauthorized")
                    return
                if api.faults.status:
                    self._status(api.faults.status, "ServiceUnavailable",
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
                forbidden = api.faults.forbidden_namespaces
                verb = "get" if name else ("watch" if query.get("watch") else "list")
                if ((namespace in forbidden) or (not namespace and forbidden)
                        or resource in api.faults.forbidden_resources):
                    scope = (f'in the namespace "{namespace}"' if namespace
                             else "at the cluster scope")
                    self._status(403, "Forbidden", f'{resource} is forbidden: User "{USER}" '
                                 f'cannot {verb} resource "{resource}" in API group "" {scope}')
                    return
                if resource == "events":
                    self._event_list(namespace, query.get("fieldSelector", ""))
                    return
                if name:
                    pod = api._pods.get(f"{namespace}/{name}")
                    if pod is None:
                        self._status(404, "NotFound", f'pods "{name}" not found')
                    else:
                        self._json(200, pod)
                    return
                if query.get("watch") in ("true", "1"):
                    self._watch(namespace, query)
                else:
                    self._list(namespace, query)

            def _wanted(self, pod: dict[str, Any], namespace: str, selector: str) -> bool:
                metadata = pod["metadata"]
                return ((not namespace or metadata["namespace"] == namespace)
                        and _matches(selector, metadata.get("labels") or {}))

            def _list(self, namespace: str, query: dict[str, str]) -> None:
                if api.faults.list_delay:
                    time.sleep(api.faults.list_delay)
                limit = int(query.get("limit") or 0)
                token = query.get("continue", "")
                with api._changed:
                    if token:
                        if api.faults.expire_next_continue:
                            api.faults.expire_next_continue = False
                            api._version += 1  # the cluster moved on, and
                            api._compacted = api._version  # etcd compacted
                        place = json.loads(base64.urlsafe_b64decode(token))
                        snapshot = api._snapshots.get(place["id"])
                        if snapshot is None or snapshot[0] < api._compacted:
                            api._snapshots.pop(place["id"], None)
                            self._status(410, "Expired", "The provided continue parameter is "
                                         "too old to display a consistent list result. You "
                                         "can start a new list without the continue "
                                         "parameter.")
                            return
                        version, everything = snapshot
                        start, snapshot_id = place["start"], place["id"]
                    else:
                        everything = [pod for _key, pod in sorted(api._pods.items())
                                      if self._wanted(pod, namespace, query.get(
                                          "labelSelector", ""))]
                        version, start, snapshot_id = api._version, 0, next(api._snapshot_ids)
                    end = start + limit if limit else len(everything)
                    metadata: dict[str, Any] = {"resourceVersion": str(version)}
                    if end < len(everything):
                        api._snapshots[snapshot_id] = (version, everything)
                        metadata["continue"] = base64.urlsafe_b64encode(json.dumps(
                            {"id": snapshot_id, "start": end}).encode()).decode()
                        metadata["remainingItemCount"] = len(everything) - end
                    else:
                        api._snapshots.pop(snapshot_id, None)
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
                stored = {"replicasets": api.replicasets, "deployments": api.deployments}
                if resource not in stored:
                    self._status(404, "NotFound", "the server could not find the resource")
                    return
                if resource in api.faults.forbidden_resources:
                    scope = (f'in the namespace "{namespace}"' if namespace
                             else "at the cluster scope")
                    self._status(403, "Forbidden", f'{resource}.apps is forbidden: User '
                                 f'"{USER}" cannot list resource "{resource}" in API group '
                                 f'"apps" {scope}')
                    return
                selector = query.get("labelSelector", "")
                items = [item for item in stored[resource].values()
                         if self._wanted(item, namespace, selector)]
                kind = "ReplicaSetList" if resource == "replicasets" else "DeploymentList"
                self._json(200, {"kind": kind, "apiVersion": "apps/v1",
                                 "metadata": {"resourceVersion": str(api._version)},
                                 "items": items})

            def _namespace_list(self) -> None:
                if "namespaces" in api.faults.forbidden_resources:
                    self._status(403, "Forbidden", f'namespaces is forbidden: User "{USER}" '
                                 'cannot list resource "namespaces" in API group "" at the '
                                 'cluster scope')
                    return
                with api._changed:
                    names = api.namespaces | {pod["metadata"]["namespace"]
                                              for pod in api._pods.values()}
                items = [{"kind": "Namespace", "apiVersion": "v1",
                          "metadata": {"name": name}, "status": {"phase": "Active"}}
                         for name in sorted(names)]
                self._json(200, {"kind": "NamespaceList", "apiVersion": "v1",
                                 "metadata": {"resourceVersion": str(api._version)},
                                 "items": items})

            def _event_list(self, namespace: str, selector: str) -> None:
                fields = dict(term.split("=", 1) for term in selector.split(",") if "=" in term)
                items = [event for event in api.kube_events
                         if event["metadata"]["namespace"] == namespace
                         and all(event["involvedObject"].get(key.removeprefix(
                             "involvedObject.")) == value for key, value in fields.items())]
                self._json(200, {"kind": "EventList", "apiVersion": "v1",
                                 "metadata": {"resourceVersion": str(api._version)},
                                 "items": items})

            def _log(self, namespace: str, name: str, query: dict[str, str]) -> None:
                """A container's log, as the API server relays the kubelet's."""
                if (namespace in api.faults.forbidden_namespaces
                        or "pods/log" in api.faults.forbidden_resources):
                    self._status(403, "Forbidden", f'pods "{name}" is forbidden: User "{USER}" '
                                 'cannot get resource "pods/log" in API group "" in the '
                                 f'namespace "{namespace}"')
                    return
                pod = api._pods.get(f"{namespace}/{name}")
                if pod is None:
                    self._status(404, "NotFound", f'pods "{name}" not found')
                    return
                spec = pod.get("spec") or {}
                names = [c["name"] for c in spec.get("containers") or []]
                inits = [c["name"] for c in spec.get("initContainers") or []]
                container = query.get("container", "")
                if not container:
                    if len(names) != 1:
                        words = (f"a container name must be specified for pod {name}, "
                                 f"choose one of: [{' '.join(names)}]")
                        if inits:
                            words += f" or one of the init containers: [{' '.join(inits)}]"
                        self._status(400, "BadRequest", words)
                        return
                    container = names[0]
                elif container not in names + inits:
                    self._status(400, "BadRequest",
                                 f"container {container} is not valid for pod {name}")
                    return
                previous = query.get("previous") in ("true", "1")
                key = (namespace, name, container, previous)
                if previous and key not in api.logs:
                    self._status(400, "BadRequest", f'previous terminated container '
                                 f'"{container}" in pod "{name}" not found')
                    return
                stamps = query.get("timestamps") in ("true", "1")

                def render(entries: list[tuple[str, str]]) -> bytes:
                    return "".join(f"{at} {line}\n" if stamps else f"{line}\n"
                                   for at, line in entries).encode()

                with api._changed:
                    entries = list(api.logs.get(key, []))
                    generation = api._generation
                sent = len(entries)
                if query.get("tailLines"):
                    tail = int(query["tailLines"])
                    entries = entries[-tail:] if tail else []
                body = render(entries)
                if query.get("limitBytes"):
                    body = body[: int(query["limitBytes"])]
                if query.get("follow") not in ("true", "1"):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.close_connection = True
                try:
                    if body:
                        self._chunk(body)
                    while True:
                        with api._changed:
                            if api._generation != generation or api._down:
                                self.connection.shutdown(socket.SHUT_RDWR)
                                return
                            if f"{namespace}/{name}" not in api._pods:
                                break  # the container is gone: the stream ends
                            fresh = api.logs.get(key, [])[sent:]
                            if not fresh:
                                api._changed.wait(0.5)
                                continue
                            sent += len(fresh)
                        self._chunk(render(fresh))
                    self._chunk(b"")
                except (BrokenPipeError, ConnectionResetError, OSError):
                    return

            def _chunk(self, data: bytes) -> None:
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

            def _watch(self, namespace: str, query: dict[str, str]) -> None:
                selector = query.get("labelSelector", "")
                since = int(query.get("resourceVersion") or 0)
                deadline = time.monotonic() + float(query.get("timeoutSeconds") or 30)
                bookmarks = query.get("allowWatchBookmarks") in ("true", "1")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.close_connection = True
                try:
                    with api._changed:
                        generation = api._generation
                        too_old = since < api._compacted
                    if too_old:
                        gone = {"kind": "Status", "apiVersion": "v1", "status": "Failure",
                                "message": f"too old resource version: {since}",
                                "reason": "Expired", "code": 410}
                        self._chunk(json.dumps({"type": "ERROR", "object": gone}).encode()
                                    + b"\n")
                        self._chunk(b"")
                        return
                    sent = since
                    while time.monotonic() < deadline:
                        with api._changed:
                            if api._generation != generation:
                                # Cut: hang up without ending the chunked body.
                                self.connection.shutdown(2)
                                return
                            fresh = [e for e in api._events if e.version > sent]
                            if not fresh:
                                api._changed.wait(min(0.5, max(0.0, deadline - time.monotonic())))
                                continue
                        for event in fresh:
                            sent = event.version
                            if self._wanted(event.pod, namespace, selector):
                                line = json.dumps({"type": event.type, "object": event.pod})
                                self._chunk(line.encode() + b"\n")
                            elif bookmarks:
                                mark = {"kind": "Pod", "apiVersion": "v1",
                                        "metadata": {"resourceVersion": str(event.version)}}
                                self._chunk(json.dumps({"type": "BOOKMARK", "object": mark})
                                            .encode() + b"\n")
                    self._chunk(b"")
                except (BrokenPipeError, ConnectionResetError, OSError):
                    return

        return Handler


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
