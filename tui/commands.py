"""`warroom export`, `warroom import` and `warroom incidents`: the record
out of and into the database, with no screen. Bad input is one line on
stderr and a non-zero exit; nothing is written on failure."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli_parser import OneLineParser

if TYPE_CHECKING:
    from tui.store import Store

COMMANDS = ("export", "import", "incidents", "stats")


def _parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="warroom")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    export = commands.add_parser("export", help="write an incident as Markdown or JSON")
    export.add_argument("incident", help="incident id, e.g. INC-20260314-1402")
    export.add_argument("--format", choices=("md", "json"), default="md",
                        help="md: the post-mortem; json: everything, for warroom import")
    export.add_argument("--starred", action="store_true",
                        help="md only: the timeline's starred entries only")
    export.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write to FILE instead of standard output")
    export.add_argument("--config", type=Path, metavar="PATH",
                        help="md only: the config whose severity levels hold the response "
                        "targets")
    imported = commands.add_parser("import", help="load an incident exported as JSON")
    imported.add_argument("file", type=Path)
    commands.add_parser("incidents", help="list the incidents, newest first")
    stats = commands.add_parser(
        "stats", help="MTTD, MTTA and MTTR per severity over 30 and 90 days, incidents by "
        "week, top services, open action items by owner")
    stats.add_argument("--format", choices=("md", "json"), default="md")
    stats.add_argument("--config", type=Path, metavar="PATH",
                       help="config file: its severity levels order the report")
    stats.add_argument("-o", "--output", type=Path, metavar="FILE",
                       help="write to FILE instead of standard output")
    for command in commands.choices.values():
        command.add_argument("--db", type=Path, metavar="PATH",
                             help="SQLite database file (default: in the user data directory)")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    from tui.clock import SystemClock
    from tui.config import ConfigError
    from tui.paths import default_database
    from tui.store import Store, StoreError, open_database
    from tui.store.incident_dump import DumpError

    try:
        # Only an import writes: the rest read a read-only file as it is.
        store = Store(open_database(args.db or default_database(),
                                    read_only_ok=args.command != "import"), SystemClock())
    except StoreError as error:
        print(f"warroom: {error}", file=sys.stderr)
        return 1
    try:
        if args.command == "export":
            return _export(store, args)
        if args.command == "import":
            return _import(store, args.file)
        if args.command == "stats":
            return _stats(store, args)
        return _list(store)
    except (DumpError, OSError, ConfigError) as error:
        print(f"warroom: {error}", file=sys.stderr)
        return 1
    finally:
        store.close()


def _export(store: Store, args: argparse.Namespace) -> int:
    from tui.postmortem import postmortem_markdown
    from tui.store.incident_dump import to_json

    if store.incident(args.incident) is None:
        print(f"warroom: no incident {args.incident} (warroom incidents lists them)",
              file=sys.stderr)
        return 1
    if args.format == "json":
        text = to_json(store.export_incident(args.incident))
    else:
        from tui.config import load_config

        text = postmortem_markdown(store.record(args.incident), starred_only=args.starred,
                                   levels=load_config(args.config).severity_levels)
    return _emit(text, args.output)


def _stats(store: Store, args: argparse.Namespace) -> int:
    from tui.config import load_config
    from tui.stats_export import stats_json, stats_markdown

    levels = load_config(args.config).severity_levels
    report = store.stats(store.clock.now(), levels)
    text = stats_json(report) if args.format == "json" else stats_markdown(report)
    return _emit(text, args.output)


def _emit(text: str, output: Path | None) -> int:
    """The text on standard output, or in the file `-o` names."""
    if output is None:
        sys.stdout.write(text)
    else:
        from tui.atomic_write import write_text_atomically

        write_text_atomically(output, text)
        print(f"Wrote {output}", file=sys.stderr)
    return 0


def _import(store: Store, path: Path) -> int:
    from tui.store.incident_dump import DumpError, parse_dump
    from tui.textfile import UnreadableFile, read_text_file

    try:
        text = read_text_file(path)
    except UnreadableFile as error:
        raise DumpError(str(error)) from None
    incident_id = store.import_incident(parse_dump(text, str(path)))
    print(f"Imported {incident_id}", file=sys.stderr)
    return 0


def _list(store: Store) -> int:
    from tui.model.safe_text import printable

    # printable: a title is typed by people, and may hold an escape code.
    for incident in store.incidents():
        print(f"{printable(incident.id)}\t{printable(incident.severity)}\t"
              f"{incident.status.label}\t{incident.started_at:%Y-%m-%d %H:%MZ}\t"
              f"{printable(incident.title)}")
    return 0
