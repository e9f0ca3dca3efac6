"""`warroom export`, `warroom import` and `warroom incidents`: the record
out of and into the database, with no screen. Bad input is one line on
stderr and a non-zero exit; nothing is written on failure."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.parser import OneLineParser

if TYPE_CHECKING:
    from tui.store import Store

COMMANDS = ("export", "import", "incidents", "stats", "migrate-store", "sync")


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
    imported = commands.add_parser(
        "import", help="load an incident exported as JSON; into the same incident already "
        "here, add what it holds that is not (once, matched by each row's identity)")
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
    moved = commands.add_parser(
        "migrate-store", help="copy a whole database into an empty one, SQLite or PostgreSQL")
    moved.add_argument("source", metavar="FROM", help="a SQLite file, sqlite:///path or "
                       "postgresql://user@host/db")
    moved.add_argument("target", metavar="TO", help="an empty (or new) store, the same forms")
    from tui.cli.sync import add_parser as add_sync

    add_sync(commands)
    for name, command in commands.choices.items():
        if name in ("migrate-store", "sync"):
            continue  # names both of its stores
        command.add_argument("--db", metavar="PATH|URL",
                             help="the store: a SQLite file, sqlite:///path or "
                             "postgresql://user@host/db (default: [store] url in the config, "
                             "else a file in the user data directory)")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.command == "migrate-store":
        from tui.cli.migrate_store import migrate_store

        return migrate_store(args.source, args.target)
    if args.command == "sync":
        from tui.cli.sync import sync

        return sync(args)
    from tui.files.config import ConfigError, load_config
    from tui.files.paths import default_database
    from tui.model.clock import SystemClock
    from tui.store import StoreError
    from tui.store.incident_dump import DumpError
    from tui.store.opening import choose_location, open_store

    try:
        # The config is read for its [store] only when --db does not say.
        configured = None if args.db else load_config(getattr(args, "config", None)).store
        # Only an import writes: the rest read a read-only file as it is.
        store = open_store(choose_location(args.db, configured, default_database()), SystemClock(),
                           read_only_ok=args.command != "import")
    except (StoreError, ConfigError) as error:
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
    except (DumpError, OSError, ConfigError, StoreError) as error:
        print(f"warroom: {error}", file=sys.stderr)
        return 1
    finally:
        store.close()


def _export(store: Store, args: argparse.Namespace) -> int:
    from tui.render.postmortem import postmortem_markdown
    from tui.store.incident_dump import to_json

    if args.format == "json":
        # The rows as stored, read or not: an incident the readers cannot
        # make sense of still comes out, to be repaired by hand.
        try:
            text = to_json(store.export_incident(args.incident))
        except KeyError:
            return _no_incident(args.incident)
    elif store.incidents.get(args.incident) is None:  # UnreadableRow: one line, from main
        return _no_incident(args.incident)
    else:
        from tui.files.config import load_config

        text = postmortem_markdown(store.record(args.incident), starred_only=args.starred,
                                   levels=load_config(args.config).severity_levels)
    return _emit(text, args.output)


def _no_incident(incident_id: str) -> int:
    from tui.model.safe_text import printable

    print(f"warroom: no incident {printable(incident_id)} (warroom incidents lists them)",
          file=sys.stderr)
    return 1


def _unreadable(store: Store) -> None:
    """Incidents the lists leave out, each named on standard error."""
    from tui.model.safe_text import printable

    for problem in store.incidents.unreadable():
        print(f"warroom: {printable(problem)}; left out", file=sys.stderr)


def _stats(store: Store, args: argparse.Namespace) -> int:
    from tui.files.config import load_config
    from tui.render.stats_export import current_stats, stats_json, stats_markdown

    levels = load_config(args.config).severity_levels
    report = current_stats(store, store.clock, levels)
    _unreadable(store)
    text = stats_json(report) if args.format == "json" else stats_markdown(report)
    return _emit(text, args.output)


def _emit(text: str, output: Path | None) -> int:
    """The text on standard output, or in the file `-o` names.

    A file or a pipe gets the text as typed: an export is data, and what
    reads it (an editor, `warroom import`, a wiki) decides how to show it.
    A terminal gets it inert: an escape code in a title would otherwise set
    the clipboard (OSC 52), clear the screen or reverse the text."""
    if output is None:
        # `export >&-`: Python starts with no sys.stdout at all.
        if sys.stdout is None:
            raise OSError("standard output is closed; pass -o FILE")
        from tui.model.safe_text import printable

        if sys.stdout.isatty():
            text = printable(text, single_line=False)
        sys.stdout.write(text)
        sys.stdout.flush()  # a closed pipe fails here, inside the one-line handler
    else:
        from tui.files.atomic_write import write_text_atomically

        write_text_atomically(output, text)
        print(f"Wrote {output}", file=sys.stderr)
    return 0


def _import(store: Store, path: Path) -> int:
    from tui.files.textfile import UnreadableFile, read_text_file
    from tui.store.incident_dump import DumpError, parse_dump

    try:
        text = read_text_file(path)
    except UnreadableFile as error:
        raise DumpError(str(error)) from None
    try:
        incident_id, merged = store.import_or_merge(parse_dump(text, str(path)))
    except DumpError as error:
        message = str(error)
        # parse_dump names the file already; the value checks do not.
        raise DumpError(message if message.startswith(f"{path}:") else f"{path}: {message}"
                        ) from None
    from tui.model.safe_text import printable

    if merged is not None:
        print(f"Merged into {printable(incident_id)}, already here: {merged.summary('added')}",
              file=sys.stderr)
    else:
        print(f"Imported {printable(incident_id)}", file=sys.stderr)
    return 0


def _list(store: Store) -> int:
    from tui.model.safe_text import printable

    # printable: a title is typed by people, and may hold an escape code.
    for incident in store.incidents.all():
        print(f"{printable(incident.id)}\t{printable(incident.severity)}\t"
              f"{incident.status.label}\t{incident.started_at:%Y-%m-%d %H:%MZ}\t"
              f"{printable(incident.title)}")
    _unreadable(store)
    return 0
