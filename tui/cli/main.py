"""`warroom`: the command line. With no configuration it replays the demo.

Everything that can fail on bad input (the database file, the demo data) is
checked before Textual starts, so the user gets one clear line and an exit
code, never a traceback or a half-drawn screen."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui import __version__
from tui.cli.commands import COMMANDS
from tui.cli.parser import OneLineParser
from tui.ui.heap import end_hold, hold_during_start

if TYPE_CHECKING:
    from tui.app import WarroomApp
    from tui.files.config import Config



def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="warroom",
        description="A terminal war-room console for incident response. "
        "With no options it replays a recorded demo incident.",
        epilog="Commands: 'warroom incidents' lists the incidents; 'warroom export "
        "INCIDENT --format md|json' writes the post-mortem or a complete dump; "
        "'warroom import FILE' loads a dump; 'warroom stats --format md|json' prints the "
        "incident metrics (each takes --db); 'warroom sync --pull INCIDENT --to FILE' "
        "makes a local copy to work offline, 'warroom sync --push FILE' adds its notes "
        "back; 'warroom serve' "
        "publishes the console to web browsers; 'warroom review [INCIDENT]' opens a "
        "past incident read-only, from what was stored.",
    )
    parser.add_argument("--version", action="version", version=f"warroom {__version__}")
    parser.add_argument("--db", metavar="PATH|URL",
                        help="the store: a SQLite file, sqlite:///path or "
                        "postgresql://user@host/db (default: [store] url in the config, "
                        "else a file in the user data directory)")
    parser.add_argument("--speed", type=_positive, default=1.0, metavar="N",
                        help="demo playback speed, e.g. 10 for ten times real time")
    parser.add_argument("--config", type=Path, metavar="PATH",
                        help="config file (default: $WARROOM_CONFIG, then config.toml in "
                        "the user config directory)")
    parser.add_argument("--prometheus", metavar="URL",
                        help="Prometheus (or Thanos, Mimir, VictoriaMetrics) base URL; "
                        "overrides the config file's [prometheus] url")
    parser.add_argument("--alertmanager", metavar="URL",
                        help="Alertmanager base URL for alerts and silences (S, X); overrides "
                        "[alertmanager] url (default: the one Prometheus sends alerts to)")
    kube = parser.add_argument_group("Kubernetes (the pods pane)")
    kube.add_argument("--kubeconfig", metavar="PATH",
                      help="kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)")
    kube.add_argument("--context", action="append", metavar="NAME", dest="contexts",
                      help="kubeconfig context; repeat for several clusters "
                      "(a CLUSTER column is shown); 'in-cluster' for the service account")
    kube.add_argument("-n", "--namespace", action="append", metavar="NS", dest="namespaces",
                      help="namespace to watch; repeat for several (default: all)")
    kube.add_argument("-l", "--selector", metavar="SELECTOR", default=None,
                      help="label selector, e.g. app=checkout,tier!=cache")
    parser.add_argument("--theme", metavar="NAME", default="",
                        help="warroom-dark (default), warroom-light, warroom-projector "
                             "(high contrast), warroom-colorblind, or one of yours")
    _add_as(parser)
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


def _with_kubernetes_flags(config: Config, args: argparse.Namespace) -> Config:
    """Command-line Kubernetes flags override the config file's, one by one;
    any of them turns the pods pane on."""
    from dataclasses import replace

    from tui.files.config import KubernetesSettings

    flags = {"kubeconfig": args.kubeconfig,
             "contexts": tuple(args.contexts) if args.contexts else None,
             "namespaces": tuple(n for n in args.namespaces if n != "all")
             if args.namespaces else None,
             "label_selector": args.selector}
    given = {key: value for key, value in flags.items() if value is not None}
    if not given:
        return config
    return replace(config, kubernetes=replace(config.kubernetes or KubernetesSettings(),
                                              **given))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        from tui.cli.commands import main as run_command

        return run_command(argv)
    if argv and argv[0] == "review":
        return review(argv[1:])
    if argv and argv[0] == "serve":
        from tui.cli.serve import main as serve

        return serve(argv[1:])
    args = build_parser().parse_args(argv)
    # No collection until the console is on screen (tui.ui.heap).
    hold_during_start()
    from tui.cli.start import build_context, errors, header_first
    from tui.files.config import ConfigError, load_config
    from tui.files.paths import default_database
    from tui.store.opening import choose_location

    refusals: tuple[type[Exception], ...] = (ConfigError, *errors())
    try:
        config = load_config(args.config)
        db = choose_location(args.db, config.store, default_database())
        config = _as_user(_with_kubernetes_flags(config, args), args)
        # The incident header first, the war room built behind it; when the
        # incident cannot be read on its own, everything before Textual starts.
        first = header_first(args, config, db)
        context = build_context(args, config, db) if first is None else None
    except refusals as error:
        end_hold()
        print(f"warroom: {error}", file=sys.stderr)
        return 1
    from tui.app import WarroomApp

    app = WarroomApp(context, theme=args.theme or config.theme,
                     theme_folders=config.theme_search_path(), first=first)
    return _run(app)


def _run(app: WarroomApp) -> int:
    """Run the console; a crash is said in one line once the terminal is back."""
    try:
        app.run()
    finally:
        # None: quit (or failed) while the war room was being built.
        context = app.built_context
        if context is not None:
            context.store.close()
        end_hold()  # an app that never got on screen
    if app.start_error:
        print(f"warroom: {app.start_error}", file=sys.stderr)
        return 1
    if app.crash:
        print(f"warroom: crashed: {app.crash} (TEXTUAL=debug shows where)", file=sys.stderr)
    # Textual sets a non-zero return code when the app crashed: a script
    # (or serve) must not read a crash as a clean exit.
    return app.return_code or (1 if app.crash else 0)


def _review_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="warroom review",
        description="Open a past incident for review, read-only, with no cluster and no "
        "Prometheus: the timeline, and the charts and pods as the war room stored them. "
        "Stars, follow-ups and the post-mortem stay editable.")
    parser.add_argument("incident", nargs="?", default=None,
                        help="incident id (default: the one most recently resolved; "
                        "'warroom incidents' lists them)")
    parser.add_argument("--db", metavar="PATH|URL",
                        help="the store: a SQLite file, sqlite:///path or "
                        "postgresql://user@host/db (default: [store] url in the config, "
                        "else a file in the user data directory)")
    parser.add_argument("--config", type=Path, metavar="PATH",
                        help="config file: templates, severity levels, themes")
    parser.add_argument("--theme", metavar="NAME", default="", help="theme to use")
    _add_as(parser)
    return parser


def _add_as(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="user", metavar="NAME", type=_user_name, default="",
                        help="who you are: the author of what you write, shown to the others "
                        "in the room (default: [user] name in the config, else your login)")


def _user_name(text: str) -> str:
    from tui.files.config import ConfigError, check_user_name

    try:
        return check_user_name(text, "--as")
    except ConfigError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _as_user(config: Config, args: argparse.Namespace) -> Config:
    from dataclasses import replace

    return replace(config, user=args.user) if args.user else config


def review(argv: list[str]) -> int:
    args = _review_parser().parse_args(argv)
    hold_during_start()
    from tui.cli.launch import ReviewError, build_review_context
    from tui.files.config import ConfigError, load_config
    from tui.files.paths import default_database
    from tui.sources import SourceError
    from tui.store import StoreError
    from tui.store.opening import choose_location

    try:
        config = _as_user(load_config(args.config), args)
        context = build_review_context(
            choose_location(args.db, config.store, default_database()), args.incident, config)
    except (ConfigError, StoreError, SourceError, ReviewError) as error:
        end_hold()
        print(f"warroom: {error}", file=sys.stderr)
        return 1
    from tui.app import WarroomApp

    app = WarroomApp(context, theme=args.theme or config.theme,
                     theme_folders=config.theme_search_path(), review=True)
    return _run(app)
