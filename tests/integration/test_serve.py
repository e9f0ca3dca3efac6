"""`warroom serve` as a user runs it: a real textual-serve server in a
subprocess, a real HTTP request for the page and a real websocket session
that starts a Warroom process and draws it."""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tui.cli.serve import console_command, exposure_warning


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def listening_addresses(port: int) -> set[str]:
    """The local addresses a TCP port listens on, as the kernel reports them."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if fields[3] == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", "--port", str(port), "--db",
         str(tmp_path / "served.db")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not listening_addresses(port):
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"warroom serve did not start: {server.communicate()[0]}")
        time.sleep(0.1)
    yield port, server
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)


async def _page(port: int) -> str:
    async with aiohttp.ClientSession() as session, session.get(
            f"http://127.0.0.1:{port}/") as response:
        assert response.status == 200
        return await response.text()


async def _session(port: int, until: bytes) -> tuple[bytes, bool]:
    """Open a browser's session, read what it draws until `until` shows,
    then press q; returns the output and whether the session then ended."""
    output = b""
    async with aiohttp.ClientSession() as session, session.ws_connect(
            f"http://127.0.0.1:{port}/ws?width=120&height=36") as ws:
        deadline = time.monotonic() + 45
        while until not in output and time.monotonic() < deadline:
            try:
                message = await ws.receive(timeout=1)
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                output += message.data
            elif message.type == aiohttp.WSMsgType.TEXT:
                output += message.data.encode()
            else:
                break
        await ws.send_json(["stdin", "q"])
        ended = False
        while time.monotonic() < deadline + 15:
            try:
                message = await ws.receive(timeout=1)
            except TimeoutError:
                continue
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                aiohttp.WSMsgType.CLOSING):
                ended = True
                break
    return output, ended


def test_serve_publishes_the_console_on_loopback_only(
        served: tuple[int, subprocess.Popen[str]]) -> None:
    port, _ = served
    # Bound to 127.0.0.1 and nothing else: the console is not on the network.
    assert listening_addresses(port) == {"0100007F"}
    page = asyncio.run(_page(port))
    # The page names the console, not the command line that runs it.
    assert "<div>Warroom</div>" in page
    assert f"ws://127.0.0.1:{port}/ws" in page
    # The page's code and style come from the server itself, so it works
    # offline; only the web font is fetched from elsewhere, and falls back.
    sources = re.findall(r'<script src="([^"]+)"', page)
    assert sources and all(src.startswith(f"http://127.0.0.1:{port}/static/")
                           for src in sources)
    assert "monospace" in page

    output, ended = asyncio.run(_session(port, b"Checkout failing"))
    # A browser's session runs the console on the demo: its header is drawn.
    assert b"Checkout failing" in output
    assert b"P1 CRITICAL" in output
    assert ended, "q in the browser ends that session"


def test_serve_refuses_a_bad_console_option_before_serving() -> None:
    result = subprocess.run([sys.executable, "-m", "tui", "serve", "--speed", "-1"],
                            capture_output=True, text=True, timeout=60,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert "must be greater than zero" in result.stderr
    assert "Serving" not in result.stdout


def test_serve_says_when_the_port_is_taken() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "tui", "serve", "--port", str(port)],
                                capture_output=True, text=True, timeout=60,
                                stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_serving_beyond_this_machine_is_warned_about() -> None:
    assert exposure_warning("127.0.0.1") == ""
    assert exposure_warning("::1") == ""
    assert exposure_warning("localhost") == ""
    warning = exposure_warning("0.0.0.0")
    assert "anyone who can reach it" in warning and "credentials" in warning
    assert exposure_warning("10.0.0.5") != ""


def test_each_browser_runs_the_console_with_the_options_given() -> None:
    command = console_command(["--db", "/tmp/a b.db", "--theme", "warroom-projector"])
    assert command.endswith("-m tui --db '/tmp/a b.db' --theme warroom-projector")


# --- Who may drive a served console (issue 23, item 3) -----------------------

def _serve(tmp_path: Path, *extra: str) -> tuple[int, subprocess.Popen[str]]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", "--port", str(port), "--db",
         str(tmp_path / "served.db"), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not listening_addresses(port):
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"warroom serve did not start: {server.communicate()[0]}")
        time.sleep(0.1)
    return port, server


def _stop(server: subprocess.Popen[str]) -> str:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
    return server.communicate(timeout=15)[0]


async def _handshake_status(port: int, headers: dict[str, str]) -> int:
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24",
                                          headers=headers) as ws:
                await ws.close()
                return 101
        except aiohttp.WSServerHandshakeError as error:
            return error.status


async def _page_status(port: int, headers: dict[str, str]) -> int:
    async with aiohttp.ClientSession() as session, session.get(
            f"http://127.0.0.1:{port}/", headers=headers) as response:
        return response.status


def test_a_page_on_another_site_cannot_open_a_session(tmp_path: Path) -> None:
    port, server = _serve(tmp_path)
    try:
        # A page on evil.example opening ws://127.0.0.1:PORT/ws from a
        # responder's browser: the browser says where it comes from.
        evil = asyncio.run(_handshake_status(port, {"Origin": "https://evil.example"}))
        # DNS rebinding: evil.example now resolves to 127.0.0.1, so Origin and
        # Host both say evil.example.
        rebound = {"Origin": f"http://evil.example:{port}", "Host": f"evil.example:{port}"}
        rebound_ws = asyncio.run(_handshake_status(port, rebound))
        rebound_page = asyncio.run(_page_status(port, {"Host": f"evil.example:{port}"}))
        # The console's own page, under any of this machine's loopback names.
        own = asyncio.run(_handshake_status(port, {"Origin": f"http://localhost:{port}"}))
    finally:
        log = _stop(server)
    assert (evil, rebound_ws, rebound_page) == (403, 403, 403)
    assert own == 101
    # One line each in the server's log, naming what was refused.
    assert log.count("refused") == 3
    assert "evil.example" in log


def test_the_public_url_is_the_address_allowed_behind_a_proxy(tmp_path: Path) -> None:
    port, server = _serve(tmp_path, "--public-url", "https://warroom.example.com")
    try:
        proxied = asyncio.run(_handshake_status(
            port, {"Origin": "https://warroom.example.com", "Host": "warroom.example.com:443"}))
        other = asyncio.run(_handshake_status(port, {"Origin": "https://example.com"}))
    finally:
        _stop(server)
    assert (proxied, other) == (101, 403)


async def _refused_text(port: int) -> tuple[bytes, int | None]:
    async with aiohttp.ClientSession() as session, session.ws_connect(
            f"http://127.0.0.1:{port}/ws?width=80&height=24") as ws:
        said = b""
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                said += message.data
        return said, ws.close_code


async def _one_open_then_another(port: int) -> tuple[bytes, int | None]:
    async with aiohttp.ClientSession() as session, session.ws_connect(
            f"http://127.0.0.1:{port}/ws?width=80&height=24") as first:
        output = b""
        deadline = time.monotonic() + 45
        while b"Checkout failing" not in output and time.monotonic() < deadline:
            message = await first.receive(timeout=45)
            if message.type != aiohttp.WSMsgType.BINARY:
                break
            output += message.data
        assert b"Checkout failing" in output
        second = await asyncio.wait_for(_refused_text(port), 30)
        await first.send_json(["stdin", "q"])
        return second


def test_sessions_are_capped_and_the_next_browser_is_told(tmp_path: Path) -> None:
    port, server = _serve(tmp_path, "--max-sessions", "1")
    try:
        said, code = asyncio.run(_one_open_then_another(port))
        # Once the first has ended, a browser gets a session again.
        time.sleep(1)
        output, ended = asyncio.run(_session(port, b"Checkout failing"))
    finally:
        log = _stop(server)
    assert b"sessions are open" in said and b"--max-sessions" in said
    assert code == 1013
    assert b"Checkout failing" in output and ended
    assert "refused a session" in log


def _rows_drawn(output: bytes) -> int:
    """The lowest screen row the console moved the cursor to."""
    rows = [int(row) for row in re.findall(rb"\x1b\[(\d+);\d+H", output)]
    return max(rows, default=0)


async def _oversized_session(port: int) -> tuple[int, int]:
    """A client asking for a 1000×400 terminal, then resizing to 1000×400
    again after a smaller one: the rows drawn each time."""
    async with aiohttp.ClientSession() as session, session.ws_connect(
            f"http://127.0.0.1:{port}/ws?width=1000&height=400") as ws:
        async def read_until(text: bytes) -> bytes:
            output = b""
            deadline = time.monotonic() + 60
            while text not in output and time.monotonic() < deadline:
                try:
                    message = await ws.receive(timeout=1)
                except TimeoutError:
                    continue
                if message.type != aiohttp.WSMsgType.BINARY:
                    break
                output += message.data
            return output

        first = await read_until(b"Checkout failing")
        await ws.send_json(["resize", {"width": 100, "height": 30}])
        await read_until(b"Checkout failing")
        await ws.send_json(["resize", {"width": 1000, "height": 400}])
        # The frames of the 30-row screen may still be on their way: read on
        # until one is drawn past row 30, or the deadline.
        again, deadline = b"", time.monotonic() + 30
        while _rows_drawn(again) <= 30 and time.monotonic() < deadline:
            again += await read_until(b"\x1b[")
        await ws.send_json(["stdin", "q"])
        return _rows_drawn(first), _rows_drawn(again)


def test_a_client_cannot_ask_for_a_huge_terminal(tmp_path: Path) -> None:
    port, server = _serve(tmp_path)
    try:
        first, again = asyncio.run(_oversized_session(port))
    finally:
        _stop(server)
    # Drawn, but on a screen of at most 200 rows, on connecting and on resizing.
    assert 30 < first <= 200
    assert 30 < again <= 200
