"""Opening the store wherever its location says: a SQLite file
(tui/store/database.py) or a PostgreSQL database (postgres_database.py,
behind the sqlite3-like PostgresConnection)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.store.database import open_database
from tui.store.location import PostgresLocation, SqliteLocation, StoreLocation

if TYPE_CHECKING:
    from tui.store.database import Connection


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
