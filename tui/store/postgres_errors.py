"""What a PostgreSQL failure means for the user, in words they can act on:
the server cannot be reached, it refused the credentials, the database is
missing, it is read-only (a replica), or a lock was held too long.

Errors inside a session carry an SQLSTATE; a failed connection carries
none, only libpq's English text, so that is read (libpq's messages are not
translated unless the client's locale asks: Warroom's child sets none).
Every text shown passes through the location's `scrub` and `printable`:
a driver's message never shows a password nor moves the cursor."""

from __future__ import annotations

import re
from enum import Enum

from tui.model.safe_text import printable
from tui.store.location import PostgresLocation

# How long a statement waits for another session's lock before giving up
# (SQLite's busy timeout, the same 5 s).
LOCK_TIMEOUT_MS = 5000


class Trouble(Enum):
    UNREACHABLE = "unreachable"
    AUTH = "authentication refused"
    NO_DATABASE = "no such database"
    READ_ONLY = "read-only"
    LOCKED = "locked"
    OTHER = "other"


# SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html).
_BY_STATE = {
    "25006": Trouble.READ_ONLY,  # read_only_sql_transaction (a standby says the same)
    "55P03": Trouble.LOCKED,  # lock_not_available (lock_timeout)
    "28P01": Trouble.AUTH,  # invalid_password
    "28000": Trouble.AUTH,  # invalid_authorization_specification
    "3D000": Trouble.NO_DATABASE,  # invalid_catalog_name
    "57P01": Trouble.UNREACHABLE,  # admin_shutdown: the server is going away
    "57P03": Trouble.UNREACHABLE,  # cannot_connect_now: starting up or shutting down
    "08000": Trouble.UNREACHABLE, "08003": Trouble.UNREACHABLE, "08006": Trouble.UNREACHABLE,
    "08001": Trouble.UNREACHABLE, "08004": Trouble.UNREACHABLE,
}
# libpq's words when a connection fails before any SQLSTATE exists.
_BY_TEXT = (
    (re.compile(r"password authentication failed|no password supplied|authentication failed"
                r"|pg_hba\.conf|role \".*\" does not exist|SCRAM|peer authentication",
                re.IGNORECASE), Trouble.AUTH),
    (re.compile(r"database \".*\" does not exist"), Trouble.NO_DATABASE),
    (re.compile(r"connection refused|could not translate host|failed to resolve host"
                r"|timeout expired|no route to host|network is unreachable"
                r"|no such file or directory|server closed the connection"
                r"|connection is closed|could not connect|the database system is",
                re.IGNORECASE), Trouble.UNREACHABLE),
)


def trouble(error: BaseException) -> Trouble:
    import psycopg

    if not isinstance(error, psycopg.Error):
        return Trouble.OTHER
    state = getattr(error, "sqlstate", None)
    if state in _BY_STATE:
        return _BY_STATE[state]
    if state is None:
        text = str(error)
        for pattern, kind in _BY_TEXT:
            if pattern.search(text):
                return kind
    return Trouble.OTHER


def reason(error: BaseException, location: PostgresLocation) -> str:
    """The driver's own words, on one line, without the password."""
    text = location.scrub(str(error)).strip()
    text = re.sub(r"^connection failed: ", "", text)
    # libpq: 'connection to server at "h", port 5432 failed: FATAL:  <why>'
    text = re.sub(r"^connection to server .*? failed: (FATAL:\s+)?", "", text)
    first = text.splitlines()[0] if text else ""
    return printable(first) or type(error).__name__


def on_connect(location: PostgresLocation, error: BaseException) -> str:
    """One line for a database that could not be opened (no "warroom:" prefix)."""
    where = location.display()
    why = reason(error, location)
    kind = trouble(error)
    if kind is Trouble.UNREACHABLE:
        return (f"cannot reach the PostgreSQL server of {where} ({why}); check that it "
                "runs and that the host and port are right")
    if kind is Trouble.AUTH:
        return (f"PostgreSQL refused the credentials for {where} ({why}); check the user "
                "and the password (PGPASSWORD, ~/.pgpass, [store] password_env or "
                "password_file)")
    if kind is Trouble.NO_DATABASE:
        return (f"{where}: {why}; create it (createdb) or pass --db with another database")
    if kind is Trouble.READ_ONLY:
        return (f"{where} is read-only ({why}): a replica, or read-only by default; the war "
                "room must write: pass --db with the primary")
    if kind is Trouble.LOCKED:
        return (f"{where}: another session held a lock for more than "
                f"{LOCK_TIMEOUT_MS / 1000:g} s ({why}); try again when it is done")
    return f"cannot open {where}: {why}"


def away(why: str) -> str:
    """A write refused while the server cannot be reached."""
    return (f"the PostgreSQL server went away ({why}); the store is unreachable and "
            "reconnects by itself")


def on_write(location: PostgresLocation, error: BaseException) -> str:
    """Why a write did not land, in words a user can act on."""
    kind = trouble(error)
    if kind is Trouble.UNREACHABLE:
        return away(reason(error, location))
    if kind is Trouble.READ_ONLY:
        return "the database has become read-only (a replica, or read-only by default)"
    if kind is Trouble.LOCKED:
        return (f"the database is locked by another session (waited "
                f"{LOCK_TIMEOUT_MS / 1000:g} s)")
    if kind is Trouble.AUTH:
        return f"PostgreSQL refused the credentials ({reason(error, location)})"
    return f"PostgreSQL: {reason(error, location)}"
