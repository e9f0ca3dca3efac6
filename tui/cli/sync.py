"""`warroom sync`: a laptop's local copy of an incident, for working
without the network, and its notes pushed back.

    warroom sync --pull INCIDENT [--from STORE] --to ./local.db
    warroom sync --push ./local.db [--to STORE]

STORE is the shared one (a postgresql:// URL, a file), by default the
config's [store]. Failure is one line on stderr and a non-zero exit, with
nothing written."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.parser import OneLineParser

if TYPE_CHECKING:
    from tui.store.location import StoreLocation


def add_parser(commands: argparse._SubParsersAction[OneLineParser]) -> None:
    sync = commands.add_parser(
        "sync", help="pull an incident into a local SQLite copy to work offline; push the "
        "copy's notes, ticks and follow-ups back, once each")
    way = sync.add_mutually_exclusive_group(required=True)
    way.add_argument("--pull", metavar="INCIDENT", help="copy INCIDENT into the file --to names")
    way.add_argument("--push", metavar="FILE", type=Path,
                     help="merge the local copy FILE into the store --to names")
    sync.add_argument("--from", dest="origin", metavar="PATH|URL",
                      help="--pull: the shared store (default: [store] url in the config)")
    sync.add_argument("--to", dest="target", metavar="PATH|URL",
                      help="--pull: the local copy to make (a new SQLite file); --push: the "
                      "shared store (default: [store] url in the config)")
    sync.add_argument("--config", type=Path, metavar="PATH", help="config file")


def sync(args: argparse.Namespace) -> int:
    from tui.files.config import ConfigError
    from tui.store import StoreError
    from tui.store.incident_dump import DumpError

    try:
        return _pull(args) if args.pull else _push(args)
    except (StoreError, DumpError, ConfigError) as error:
        print(f"warroom: {error}", file=sys.stderr)
        return 1


def _shared(flag: str | None, name: str, config: Path | None) -> StoreLocation:
    """The shared store: the flag `name` (--from, --to), else the config's."""
    from tui.files.config import load_config
    from tui.files.paths import default_database
    from tui.store.location import parse_location
    from tui.store.opening import choose_location

    if flag:
        return parse_location(flag, origin=name)
    return choose_location(None, load_config(config).store, default_database())


def _pull(args: argparse.Namespace) -> int:
    from tui.model.clock import SystemClock
    from tui.model.safe_text import printable
    from tui.store import StoreError
    from tui.store.location import SqliteLocation, parse_location
    from tui.store.opening import open_store
    from tui.store.sync import pull

    if not args.target:
        raise StoreError("--pull needs --to FILE, the local copy to make")
    local = parse_location(args.target, origin="--to")
    if not isinstance(local, SqliteLocation):
        raise StoreError("--to: a local copy is a SQLite file, not a server")
    origin = _shared(args.origin, "--from", args.config)
    if origin == local:
        raise StoreError("--from and --to are the same store")
    shown = origin.display()
    server = open_store(origin, SystemClock(), read_only_ok=True)
    try:
        copy = open_store(local, SystemClock())
        try:
            entries = pull(server, copy, args.pull, shown)
        except StoreError as error:
            raise StoreError(f"{local.display()}: {error}; nothing was copied") from None
        finally:
            copy.close()
    finally:
        server.close()
    print(f"Pulled {printable(args.pull)} ({entries} entr{'y' if entries == 1 else 'ies'}) "
          f"from {shown} into "
          f"{local.display()}: open it with warroom --db {local.display()}; its notes stay "
          f"there until warroom sync --push {local.display()}", file=sys.stderr)
    return 0


def _push(args: argparse.Namespace) -> int:
    from tui.model.clock import SystemClock
    from tui.model.safe_text import printable
    from tui.store import StoreError
    from tui.store.incident_dump import DumpError
    from tui.store.location import SqliteLocation
    from tui.store.opening import open_store
    from tui.store.sync import push

    path: Path = args.push.expanduser()
    if not path.is_file():
        raise StoreError(f"--push: no local copy {printable(str(path))}")
    local = SqliteLocation(path)
    target = _shared(args.target, "--to", args.config)
    if target == local:
        raise StoreError("--push and --to are the same store")
    copy = open_store(local, SystemClock())
    try:
        server = open_store(target, SystemClock())
        try:
            pushed = push(copy, server)
        except StoreError as error:
            raise StoreError(f"{local.display()}: {error}; nothing was pushed") from None
        except DumpError as error:  # what the copy holds is not what a store takes
            raise DumpError(f"{local.display()}: {error}") from None
        finally:
            server.close()
    finally:
        copy.close()
    shown = target.display()
    for each in pushed:
        done = each.counts.summary() if each.counts is not None else \
            f"not there before: the whole incident pushed ({each.entries} entries)"
        print(f"{printable(each.incident_id)} → {shown}: {done}", file=sys.stderr)
    return 0
