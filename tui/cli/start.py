"""How `warroom` (the live console, not its subcommands) gets its war room:
built before Textual starts, or, when the incident can be read on its own
(tui.cli.first_look), built behind the incident header (tui.cli.first_start)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.first_look import FirstLook, demo_first_look, live_first_look
from tui.cli.first_start import FirstStart, StartFailed
from tui.files.paths import bundled
from tui.model.contacts import Roster

if TYPE_CHECKING:
    from tui.files.config import Config
    from tui.store.location import StoreLocation
    from tui.ui.context import WarroomContext


def is_live(args: argparse.Namespace, config: Config) -> bool:
    """A real war room (a Prometheus, Alertmanager or cluster) rather than the demo."""
    return not args.demo and bool(args.prometheus or config.prometheus or args.alertmanager
                                  or config.alertmanager or config.kubernetes)


def build_context(args: argparse.Namespace, config: Config,
                  db: StoreLocation) -> WarroomContext:
    """The whole war room's context. Raises ConfigError, StoreError,
    SourceError, PlaybookError (what `errors()` lists)."""
    from tui.cli.launch import build_demo_context, build_live_context, build_local_copy_context
    from tui.store.location import SqliteLocation

    copied = _copied_incident(args, db)
    if copied is not None and isinstance(db, SqliteLocation):
        local = build_local_copy_context(db.path, copied, config,
                                         prometheus_url=args.prometheus or "",
                                         alertmanager_url=args.alertmanager or "")
        if local is not None:
            return local
    if is_live(args, config):
        return build_live_context(db, config, prometheus_url=args.prometheus or "",
                                  alertmanager_url=args.alertmanager or "")
    return build_demo_context(db, speed=args.speed, config=config)


def _copied_incident(args: argparse.Namespace, db: StoreLocation) -> str | None:
    """The incident a local copy (`warroom sync --pull`) holds: its war
    room opens on it, never on the demo nor a new incident."""
    from tui.store.local_copies import copied_incident
    from tui.store.location import SqliteLocation

    if args.demo or not isinstance(db, SqliteLocation):
        return None
    return copied_incident(db.path)


def errors() -> tuple[type[Exception], ...]:
    """What a bad input makes `build_context` raise: said in one line."""
    from tui.files.config import ConfigError
    from tui.files.playbooks import PlaybookError
    from tui.sources import SourceError
    from tui.store import StoreError

    return ConfigError, StoreError, SourceError, PlaybookError


def _roster(config: Config, live: bool) -> Roster | None:
    """The roster the war room will load (its escalation names are in the
    header); its problems are the full build's to say."""
    from tui.files.contacts import load_roster

    try:
        if live:
            return load_roster(config.contacts_path(),
                               required=config.contacts_file is not None)
        return load_roster(bundled("sample_data") / "contacts.toml")
    except Exception:  # said by the full build
        return Roster()


def first_look(args: argparse.Namespace, config: Config, db: Path) -> FirstLook | None:
    live = is_live(args, config)
    roster = _roster(config, live)
    if live:
        return live_first_look(db, config.severity_levels, config.escalation, roster)
    return demo_first_look(db, args.speed, bundled("sample_data"), roster=roster,
                           levels=config.severity_levels)


def header_first(args: argparse.Namespace, config: Config,
                 db: StoreLocation) -> FirstStart | None:
    """The header-first start, when the incident can be read on its own (a
    SQLite file: a PostgreSQL store is read by the full build)."""
    from tui.store.location import SqliteLocation

    if not isinstance(db, SqliteLocation) or _copied_incident(args, db) is not None:
        return None  # a local copy: its banner comes with the full build
    look = first_look(args, config, db.path)
    if look is None:
        return None

    def build() -> WarroomContext:
        try:
            return build_context(args, config, db)
        except errors() as error:
            raise StartFailed(str(error)) from error

    return FirstStart(look, build)
