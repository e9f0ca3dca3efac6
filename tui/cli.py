"""`warroom`: the command line. With no configuration it replays the demo.

Everything that can fail on bad input (the database file, the demo data) is
checked before Textual starts, so the user gets one clear line and an exit
code, never a traceback or a half-drawn screen."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from tui import __version__


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line naming the problem, instead of usage plus error.
        self.exit(2, f"warroom: {message} (see warroom --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="warroom",
        description="A terminal war-room console for incident response. "
        "With no options it replays a recorded demo incident.",
    )
    parser.add_argument("--version", action="version", version=f"warroom {__version__}")
    parser.add_argument("--db", type=Path, metavar="PATH",
                        help="SQLite database file (default: in the user data directory)")
    parser.add_argument("--speed", type=_positive, default=1.0, metavar="N",
                        help="demo playback speed, e.g. 10 for ten times real time")
    parser.add_argument("--config", type=Path, metavar="PATH",
                        help="config file (default: $WARROOM_CONFIG, then config.toml in "
                        "the user config directory)")
    parser.add_argument("--prometheus", metavar="URL",
                        help="Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL; "
                        "overrides the config file's [prometheus] url")
    parser.add_argument("--demo", action="store_true",
                        help="replay the demo even when a Prometheus is configured")
    return parser


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be greater than zero: {text!r}")
    return value


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from tui.config import ConfigError, load_config
    from tui.launch import build_demo_context, build_live_context
    from tui.paths import default_database
    from tui.playbooks import PlaybookError
    from tui.sources import SourceError
    from tui.store import StoreError

    try:
        config = load_config(args.config)
        db = args.db or default_database()
        live = not args.demo and bool(args.prometheus or config.prometheus)
        if live:
            context = build_live_context(db, config, prometheus_url=args.prometheus or "")
        else:
            context = build_demo_context(db, speed=args.speed)
    except (ConfigError, StoreError, SourceError, PlaybookError) as error:
        print(f"warroom: {error}", file=sys.stderr)
        return 1
    from tui.app import WarroomApp

    try:
        WarroomApp(context).run()
    finally:
        context.store.close()
    return 0
