"""Opening the store wherever its location says: a SQLite file
(tui/store/database.py) or a PostgreSQL database (postgres_database.py,
behind the sqlite3-like PostgresConnection)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tui.model.safe_text import printable
from tui.store.database import open_database
from tui.store.location import PostgresLocation, SqliteLocation, StoreLocation, parse_location

if TYPE_CHECKING:
    from tui.model.clock import Clock
    from tui.store.database import Connection
    from tui.store.store import Store


def open_location(location: StoreLocation, *, read_only_ok: bool = False) -> Connection:
    """Open (creating if need be) and migrate the store at `location`. With
    `read_only_ok`, a SQLite file this user may not write is opened
    read-only (see open_database); a PostgreSQL database is what its
    server lets this user do."""
    if isinstance(location, SqliteLocation):
        return open_database(location.path, read_only_ok=read_only_ok)
    assert isinstance(location, PostgresLocation)
    from tui.store.postgres_connection import PostgresConnection
    from tui.store.postgres_database import open_postgres

    return PostgresConnection(open_postgres(location), location)


def choose_location(flag: str | None, configured: StoreLocation | None, default: Path
                    ) -> StoreLocation:
    """The store to open: `--db` when given, else the config's `[store]`,
    else the SQLite file `default` (the user's data directory's: the caller
    knows where that is)."""
    if flag:
        return parse_location(flag)
    if configured is not None:
        return configured
    return SqliteLocation(default)


def open_store(where: Path | StoreLocation, clock: Clock, *, read_only_ok: bool = False
               ) -> Store:
    """A Store on `where`: a file path, or any location `--db` names."""
    from tui.store.store import Store

    location = SqliteLocation(where) if isinstance(where, Path) else where
    return Store(open_location(location, read_only_ok=read_only_ok), clock)


def describe(where: Path | StoreLocation) -> str:
    """`where` as it may be shown (a PostgreSQL URL without its password)."""
    return printable(str(where)) if isinstance(where, Path) else where.display()
