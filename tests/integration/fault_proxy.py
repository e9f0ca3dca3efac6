"""A loopback HTTP server between the client under test and the real
Prometheus. It forwards requests (adding the test server's basic auth), and
on demand misbehaves the ways real networks and proxies do: slow answers,
error pages, HTML login pages, truncated JSON, dropped connections.

It also serves `/health/*` endpoints for the health-check tests, and records
the headers of every request so tests can see what reached the server."""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from tests.integration.loopback_http import serve
from tests.integration.prometheus_server import PASSWORD, USER


@dataclass
class Behaviour:
    # forward, slow, status, html, truncate, drop; drip (the answer a byte
    # every `delay` seconds), huge (`status` MB of JSON whitespace, chunked,
    # no length said); refuse-match and
    # ignore-match: the names endpoint as servers before Prometheus 2.24
    # answered match[] (a 400, or every name)
    mode: str = "forward"
    delay: float = 0.0
    status: int = 200
    body: bytes = b""
    bearer: str = ""  # when set, requests without this bearer token get 401
    seen_headers: list[dict[str, str]] = field(default_factory=list)


class FaultProxy:
    def __init__(self, upstream: str, tls: ssl.SSLContext | None = None) -> None:
        self.upstream = upstream
        self.behaviour = Behaviour()
        self._down = False
        self._scheme = "https" if tls else "http"
        if tls is None:
            self._server = serve(self._handler())
        else:
            self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
            self._server.daemon_threads = True
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
            threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"{self._scheme}://{host}:{port}"

    @contextmanager
    def behaving(self, **changes: object) -> Iterator[Behaviour]:
        previous = self.behaviour
        self.behaviour = Behaviour(**changes)  # type: ignore[arg-type]
        try:
            yield self.behaviour
        finally:
            self.behaviour = previous

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @contextmanager
    def down(self) -> Iterator[None]:
        """Nothing listens on the port (connections are refused), then the
        proxy comes back on the same one."""
        port = int(self._server.server_address[1])
        self.close()
        # Connections kept alive from before die on their next request.
        self._down = True
        try:
            yield
        finally:
            self._down = False
            self._server = serve(self._handler(), port)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep test output clean

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                if proxy._down:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                behaviour = proxy.behaviour
                behaviour.seen_headers.append(dict(self.headers.items()))
                if self.path.startswith("/health/"):
                    self._health(self.path.removeprefix("/health/"))
                    return
                if behaviour.bearer and self.headers.get("Authorization") != (
                        f"Bearer {behaviour.bearer}"):
                    body = b'{"status":"error","errorType":"unauthorized","error":"bad token"}'
                    self._send(401, body, "application/json")
                    return
                if behaviour.mode == "slow":
                    time.sleep(behaviour.delay)
                if behaviour.mode == "status":
                    self._send(behaviour.status, behaviour.body, "application/json")
                    return
                if behaviour.mode == "huge":
                    self._huge(behaviour.status)
                    return
                if behaviour.mode == "html":
                    self._send(200, b"<!doctype html><html><body>Sign in</body></html>",
                               "text/html; charset=utf-8")
                    return
                path = self.path
                if path.startswith("/api/v1/label/__name__/values") and "match" in path:
                    if behaviour.mode == "refuse-match":
                        body = (b'{"status":"error","errorType":"bad_data",'
                                b'"error":"match[] is not supported here"}')
                        self._send(400, body, "application/json")
                        return
                    if behaviour.mode == "ignore-match":
                        path = "/api/v1/label/__name__/values"
                upstream = httpx.get(proxy.upstream + path, auth=(USER, PASSWORD),
                                     timeout=30)
                body = upstream.content
                if behaviour.mode == "truncate":
                    self._send(upstream.status_code, body[: len(body) // 2], "application/json")
                    return
                if behaviour.mode == "drip":
                    self.send_response(upstream.status_code)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    for byte in body[:40]:  # long enough to outlast any deadline
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(behaviour.delay)
                    self.close_connection = True
                    return
                if behaviour.mode == "drop":
                    # Promise the whole body, send a little, then hang up.
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[:10])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                self._send(upstream.status_code, body,
                           upstream.headers.get("content-type", "application/json"))

            def _huge(self, megabytes: int) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b" " * (1 << 20)
                try:
                    for _ in range(megabytes):
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading: what is being tested
                self.close_connection = True

            def _health(self, name: str) -> None:
                if name == "ok":
                    self._send(200, b'{"status":"ok"}', "application/json")
                elif name == "degraded":
                    self._send(200, b'{"status":"degraded"}', "application/json")
                elif name == "fail":
                    self._send(503, b"pool exhausted", "text/plain")
                elif name == "slow":
                    time.sleep(2)
                    self._send(200, b"ok", "text/plain")
                else:
                    self._send(404, b"no such check", "text/plain")

        return Handler
