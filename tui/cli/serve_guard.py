"""What `warroom serve` lets in: textual-serve's server, guarded.

textual-serve answers any web page: a page on another site (or a DNS name
rebound to 127.0.0.1) could open `/ws` from a responder's browser and type
into the incident. A browser always says where a request comes from (Origin)
and which name it asked for (Host), so both are checked against the
addresses this server is known by. Sessions are counted, and the terminal
size a client asks for is capped: each session is a whole Warroom process,
and its screen buffers grow with width × height.

The hooks are an aiohttp middleware (public API) and an override of
`Server._process_messages`, the one place textual-serve reads a client's
messages; tests/integration/test_serve.py fails if a textual-serve release
stops calling it."""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server
from yarl import URL

from tui.model.safe_text import printable

log = logging.getLogger("warroom.serve")

# Wider than any real screen (a 4K monitor at a small font is about 400×120),
# small enough that a session's buffers stay in megabytes.
MAX_WIDTH = 500
MAX_HEIGHT = 200

Address = tuple[str, int]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def clamp_size(width: Any, height: Any) -> tuple[int, int]:
    """A terminal size a client may have: whole numbers within the caps."""
    def whole(value: Any, default: int, most: int) -> int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = default
        return max(1, min(number, most))

    return whole(width, 80, MAX_WIDTH), whole(height, 24, MAX_HEIGHT)


def _address(url: str) -> Address | None:
    try:
        parsed = URL(url)
        host, port = parsed.host, parsed.port
    except (ValueError, TypeError):
        return None
    if not host or port is None:
        return None
    return host.lower().strip("[]"), port


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def known_addresses(host: str, port: int, public_url: str | None) -> frozenset[Address]:
    """The (name, port) pairs browsers may use for this server: the address
    it listens on (unless a wildcard), its public URL, and on loopback the
    loopback names, which are this machine whatever a DNS server says."""
    known: set[Address] = set()
    if public_url and (public := _address(public_url)):
        known.add(public)
    if host not in ("0.0.0.0", "::", ""):
        known.add((host.lower().strip("[]"), port))
    if _is_loopback(host):
        known.update({("localhost", port), ("127.0.0.1", port), ("::1", port)})
    return frozenset(known)


def refusal(known: frozenset[Address], host: str | None, origin: str | None) -> str:
    """Why a request is refused, or empty. A missing header is no browser's
    request (browsers send Host always and Origin on every websocket), so it
    is let through: curl and scripts on this machine keep working."""
    if host is not None and _address(f"http://{host}") not in known:
        return f"Host {printable(host[:200])!r} is not an address of this server"
    if origin is not None and _address(origin) not in known:
        return f"Origin {printable(origin[:200])!r} is another site"
    return ""


class GuardedServer(Server):
    def __init__(self, command: str, *, host: str, port: int, public_url: str | None,
                 max_sessions: int, title: str = "Warroom") -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.known = known_addresses(host, port, public_url)
        self.max_sessions = max_sessions
        self.sessions = 0

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        why = refusal(self.known, request.headers.get("Host"), request.headers.get("Origin"))
        if why:
            log.warning("refused %s %s: %s", request.method, printable(request.path[:200]), why)
            raise web.HTTPForbidden(text=f"warroom serve: {why}\n")
        if request.path != "/ws":
            return await handler(request)
        if self.sessions >= self.max_sessions:
            return await self._refuse_session(request)
        width, height = clamp_size(request.query.get("width"), request.query.get("height"))
        request = request.clone(rel_url=request.rel_url.update_query(width=width,
                                                                      height=height))
        # The websocket handler returns when the session ends: counted meanwhile.
        self.sessions += 1
        try:
            return await handler(request)
        finally:
            self.sessions -= 1

    async def _refuse_session(self, request: web.Request) -> web.StreamResponse:
        """Said in the browser's terminal, where the responder is looking,
        then closed with "try again later"."""
        message = (f"warroom serve: {self.max_sessions} sessions are open, the most this "
                   f"server allows (--max-sessions). Close one and reload this page.")
        log.warning("refused a session: %d open (--max-sessions %d)",
                    self.sessions, self.max_sessions)
        websocket = web.WebSocketResponse()
        await websocket.prepare(request)
        await websocket.send_bytes(f"\r\n{message}\r\n".encode())
        await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER, message=b"too many sessions")
        return websocket

    async def _process_messages(self, websocket: web.WebSocketResponse,
                                app_service: AppService) -> None:
        # Read as textual-serve reads them, with the size capped; a message
        # that is not a JSON list is skipped rather than ending the session.
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await app_service.set_terminal_size(*clamp_size(data.get("width"),
                                                                 data.get("height")))
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()
