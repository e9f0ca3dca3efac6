"""The loopback Kubernetes API server's answers: JSON and Status replies,
and the two that stream in chunks, a watch of pods (ADDED / MODIFIED /
DELETED after a resourceVersion, BOOKMARKs, 410 once compacted) and a
container's log (followed as it is written)."""

from __future__ import annotations

import json
import socket
import time
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any, ClassVar

from tests.integration.kube_objects import USER
from tests.integration.kube_store import wanted

if TYPE_CHECKING:
    from tests.integration.kube_server import KubeApiServer


class KubeReplies(BaseHTTPRequestHandler):
    api: ClassVar[KubeApiServer]

    def _json(self, status: int, body: dict[str, Any]) -> None:
        data = self.api.faults.spoil(status, json.dumps(body).encode())
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _status(self, code: int, reason: str, message: str) -> None:
        self._json(code, {"kind": "Status", "apiVersion": "v1", "metadata": {},
                          "status": "Failure", "message": message, "reason": reason,
                          "code": code})

    def _log(self, namespace: str, name: str, query: dict[str, str]) -> None:
        """A container's log, as the API server relays the kubelet's."""
        if (namespace in self.api.faults.forbidden_namespaces
                or "pods/log" in self.api.faults.forbidden_resources):
            self._status(403, "Forbidden", f'pods "{name}" is forbidden: User "{USER}" '
                         'cannot get resource "pods/log" in API group "" in the '
                         f'namespace "{namespace}"')
            return
        pod = self.api._pods.get(f"{namespace}/{name}")
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
        if previous and key not in self.api.logs:
            self._status(400, "BadRequest", f'previous terminated container '
                         f'"{container}" in pod "{name}" not found')
            return
        stamps = query.get("timestamps") in ("true", "1")

        def render(entries: list[tuple[str, str]]) -> bytes:
            return "".join(f"{at} {line}\n" if stamps else f"{line}\n"
                           for at, line in entries).encode()

        with self.api._changed:
            entries = list(self.api.logs.get(key, []))
            generation = self.api._generation
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
                with self.api._changed:
                    if self.api._generation != generation or self.api._down:
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return
                    if f"{namespace}/{name}" not in self.api._pods:
                        break  # the container is gone: the stream ends
                    fresh = self.api.logs.get(key, [])[sent:]
                    if not fresh:
                        self.api._changed.wait(0.5)
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
            with self.api._changed:
                generation = self.api._generation
                too_old = since < self.api._compacted
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
                with self.api._changed:
                    if self.api._generation != generation:
                        # Cut: hang up without ending the chunked body.
                        self.connection.shutdown(2)
                        return
                    fresh = [e for e in self.api._events if e.version > sent]
                    if not fresh:
                        self.api._changed.wait(min(0.5, max(0.0, deadline - time.monotonic())))
                        continue
                for event in fresh:
                    sent = event.version
                    if wanted(event.pod, namespace, selector):
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
