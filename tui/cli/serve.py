"""`warroom serve`: the console in web browsers, through textual-serve.

Each browser that connects gets its own Warroom process on the same
database (the war room already follows other writers), started with the
console options given here. The server listens on 127.0.0.1 unless --host
says otherwise: whoever reaches it drives a console with this machine's
kubeconfig and Prometheus credentials, so going wider is a choice, and said."""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys

from tui.cli.parser import OneLineParser

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# Each session is a whole Warroom process: a handful of responders' browsers.
DEFAULT_MAX_SESSIONS = 4


def _parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="warroom serve",
        description="Publish the console to web browsers. Any other option is the "
        "console's own (--db, --prometheus, --context, --theme, --demo…) and is "
        "given to every browser's session.",
    )
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT,
                        help=f"TCP port (default: {DEFAULT_PORT})")
    parser.add_argument("--public-url", default="", metavar="URL",
                        help="the address browsers use, when a proxy stands in front; "
                        "pages from any other address are refused")
    parser.add_argument("--max-sessions", type=_sessions, default=DEFAULT_MAX_SESSIONS,
                        metavar="N", help="browser sessions open at once, each a Warroom "
                        f"process (default: {DEFAULT_MAX_SESSIONS})")
    return parser


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return port


def _sessions(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of sessions: {text!r}") from None
    if count < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return count


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str) -> str:
    """Said before serving beyond this machine; empty on loopback."""
    if is_loopback(host):
        return ""
    return (f"warning: listening on {host}: anyone who can reach it gets this console, "
            "with this machine's kubeconfig and Prometheus credentials. There is no "
            "login; put an authenticating proxy in front or use an SSH tunnel.")


def _public_url(host: str, port: int) -> str | None:
    """Where browsers find the server: textual-serve's own guess is the
    listening address, and http://0.0.0.0:8000 leads nowhere."""
    if host in ("0.0.0.0", "::", ""):
        import socket

        return f"http://{socket.gethostname()}:{port}"
    return None


def console_command(console_args: list[str]) -> str:
    """The shell command textual-serve runs for each browser."""
    return shlex.join([sys.executable, "-m", "tui", *console_args])


def main(argv: list[str]) -> int:
    args, console_args = _parser().parse_known_args(argv)
    # The console's options are checked now, not in each browser's session.
    from tui.cli.main import build_parser

    build_parser().parse_args(console_args)
    warning = exposure_warning(args.host)
    if warning:
        print(f"warroom serve: {warning}", file=sys.stderr)
    # Imported here: aiohttp is no part of the console's start-up.
    from tui.cli.serve_guard import GuardedServer

    server = GuardedServer(console_command(console_args), host=args.host, port=args.port,
                           public_url=args.public_url or _public_url(args.host, args.port),
                           max_sessions=args.max_sessions)
    try:
        server.serve()
    except OSError as error:
        print(f"warroom serve: cannot listen on {args.host}:{args.port}: "
              f"{error.strerror or error}", file=sys.stderr)
        return 1
    return 0
