"""Where the store lives, from `--db` or the config's `[store]` table: a
SQLite file (a bare path or `sqlite:///path`) or a PostgreSQL database
(`postgresql://user@host:port/db`, `postgres://…`, libpq's own options in
the query: `?service=warroom`, `?sslmode=verify-full`).

A password is never written in the URL nor in the config file: a URL ends
up in the process list (`--db`), in shell history, in titles and in error
lines. It comes from an environment variable or a file the config names,
or from libpq itself (PGPASSWORD, ~/.pgpass, a service file), and is shown
nowhere: `display` masks what the URL could reveal, `scrub` removes the
password from any text (a driver's error) before it is shown or logged."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NotRequired, TypedDict
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from tui.model.safe_text import printable
from tui.store.database import StoreError

POSTGRES_SCHEMES = ("postgresql", "postgres")
# A scheme in front of "://" (RFC 3986); "C:\db" or "notes:v2.db" stay paths.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
# libpq's options that carry a secret: refused in a URL like its userinfo.
_SECRET_OPTIONS = frozenset({"password", "sslpassword"})
_HOW_TO_GIVE_PASSWORD = ("give it through PGPASSWORD, ~/.pgpass, a libpq service, or "
                         "[store] password_env / password_file")
# What a password shows as.
_MASK = "***"


class LocationError(StoreError):
    """A `--db` or `[store]` the user must correct; one line, no secret in it.
    A StoreError, so that the commands' handlers print it as they print the rest."""


@dataclass(frozen=True)
class SqliteLocation:
    path: Path

    def display(self) -> str:
        return printable(str(self.path))


class ConnectArguments(TypedDict):
    """psycopg.connect's keywords that name the database."""
    conninfo: str
    password: NotRequired[str]


@dataclass(frozen=True)
class PostgresLocation:
    """A PostgreSQL database. `url` holds no password; `password` (when
    given apart) is hidden from repr and comparison."""

    url: str
    password: str | None = field(default=None, repr=False, compare=False)

    def display(self) -> str:
        """The URL as it may be shown: no password, no control characters."""
        return printable(self.scrub(self.url))

    def scrub(self, text: str) -> str:
        """`text` without the password, as typed or percent-encoded."""
        if self.password:
            for form in {self.password, quote(self.password, safe="")}:
                text = text.replace(form, _MASK)
        return text

    def connect_arguments(self) -> ConnectArguments:
        """psycopg.connect's keywords: the URL, and the password where it
        was given apart (otherwise libpq finds it itself)."""
        arguments: ConnectArguments = {"conninfo": self.url}
        if self.password is not None:
            arguments["password"] = self.password
        return arguments


StoreLocation = SqliteLocation | PostgresLocation


def parse_location(text: str, *, origin: str = "--db", password_env: str = "",
                   password_file: str = "") -> StoreLocation:
    """The store `text` names. `origin` ("--db", "[store] url" of a file)
    starts every error line; `password_env` / `password_file` say where a
    PostgreSQL password is kept."""
    if not text.strip():
        raise LocationError(f"{origin}: empty; give a file path or a postgresql:// URL")
    if printable(text) != text:
        raise LocationError(f"{origin}: {_shown(text)} holds control characters")
    scheme_match = _SCHEME.match(text)
    scheme = scheme_match.group(1).lower() if scheme_match else ""
    if scheme in POSTGRES_SCHEMES:
        # libpq knows its prefixes in lower case only.
        text = scheme + text[len(scheme):]
        _check_postgres(text, origin)
        return PostgresLocation(url=text,
                                password=_password(origin, password_env, password_file))
    if password_env or password_file:
        raise LocationError(f"{origin}: a password is for a PostgreSQL database; "
                            f"{_shown(text)} is a SQLite file")
    if scheme == "sqlite":
        return SqliteLocation(_sqlite_path(text, origin))
    if scheme:
        raise LocationError(f"{origin}: {_shown(text)}: unknown kind of database "
                            f"{scheme!r}; give a file path, sqlite:///path or "
                            "postgresql://user@host/database")
    return SqliteLocation(Path(text).expanduser())


def _shown(text: str) -> str:
    """A URL in an error line: its userinfo password masked, made printable."""
    match = re.match(r"^([^:/?#]*://)([^@/]*)@", text)
    if match and ":" in match.group(2):
        user = match.group(2).split(":", 1)[0]
        text = f"{match.group(1)}{user}:{_MASK}@{text[match.end():]}"
    return repr(printable(text))


def _sqlite_path(text: str, origin: str) -> Path:
    """SQLAlchemy's spelling, which users know: `sqlite:///relative.db`,
    `sqlite:////absolute.db`."""
    parts = urlsplit(text)
    if parts.netloc:
        raise LocationError(f"{origin}: {_shown(text)}: a SQLite file has no host; "
                            "write sqlite:///relative/path or sqlite:////absolute/path")
    if parts.query or parts.fragment:
        raise LocationError(f"{origin}: {_shown(text)}: a SQLite location takes no options")
    path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
    if not path or path == ":memory:":
        raise LocationError(f"{origin}: {_shown(text)} names no file")
    if "\x00" in path:
        raise LocationError(f"{origin}: {_shown(text)} holds control characters")
    return Path(path).expanduser()


def _check_postgres(text: str, origin: str) -> None:
    """Refuse a secret in the URL, then let libpq itself parse the rest, so
    that what is checked here is what libpq will connect to."""
    # libpq's reading: the credentials end at the first "@" before any "/".
    userinfo = re.match(r"^[^:]*://([^@/]*)@", text)
    if userinfo and ":" in userinfo.group(1):
        # Not even the URL's start is shown: an "@" in the password would
        # leave its end in what looks like the host.
        raise LocationError(
            f"{origin}: the URL holds a password (user:password@), which shows in process "
            f"lists and logs; remove it and {_HOW_TO_GIVE_PASSWORD}")
    parts = urlsplit(text)
    if parts.fragment:
        # libpq would take it as part of the last option's value.
        raise LocationError(f"{origin}: {_shown(text)}: a database URL has no #fragment")
    query = parts.query
    names = {name.lower() for name, _ in parse_qsl(query, keep_blank_values=True)}
    secret = sorted(names & _SECRET_OPTIONS)
    if secret:
        raise LocationError(
            f"{origin}: the URL holds {secret[0]}=, which shows in process lists and logs; "
            f"remove it and {_HOW_TO_GIVE_PASSWORD}")
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        options = conninfo_to_dict(text)
    except psycopg.Error as error:
        reason = printable(str(error).strip()) or "not a PostgreSQL URL"
        raise LocationError(f"{origin}: {_shown(text)}: {reason}") from None
    if "@" in str(options.get("host", "")):
        raise LocationError(f"{origin}: {_shown(text)}: write an '@' in the user name as %40")
    for port in str(options.get("port", "")).split(",") if options.get("port") else ():
        if not (port.isdigit() and 0 < int(port) < 65536):
            raise LocationError(f"{origin}: {_shown(text)}: port {printable(port)!r} is "
                                "not a number from 1 to 65535")
    dbname = str(options.get("dbname", ""))
    if "=" in dbname or "://" in dbname:
        # libpq reads such a name as another connection string, in places.
        raise LocationError(f"{origin}: {_shown(text)}: the database name is itself a "
                            "connection string")


def _password(origin: str, env: str, file: str) -> str | None:
    if env and file:
        raise LocationError(f"{origin}: give password_env or password_file, not both")
    if env:
        value = os.environ.get(env)
        if value is None:
            raise LocationError(f"{origin}: environment variable {env} (password_env) "
                                "is not set")
        return value
    if file:
        try:
            # One line: the newline an editor adds is not part of it.
            return Path(file).expanduser().read_text(encoding="utf-8").rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or "not UTF-8 text"
            raise LocationError(f"{origin}: cannot read password_file {file} "
                                f"({reason})") from error
    return None


def from_config(table: dict[str, object], where: str) -> StoreLocation | None:
    """The `[store]` table of a config file: `url`, and for PostgreSQL
    `password_env` or `password_file`; None when it names no store."""
    if "password" in table:
        raise LocationError(f"{where}: [store] password: a password is never written in "
                            f"the config file; {_HOW_TO_GIVE_PASSWORD}")
    unknown = sorted(set(table) - {"url", "password_env", "password_file"})
    if unknown:
        raise LocationError(f"{where}: [store] unknown key {unknown[0]!r}")
    values: dict[str, str] = {}
    for key in ("url", "password_env", "password_file"):
        value = table.get(key, "")
        if not isinstance(value, str):
            raise LocationError(f"{where}: [store] {key} must be a string")
        values[key] = value
    if not values["url"]:
        if values["password_env"] or values["password_file"]:
            raise LocationError(f"{where}: [store] a password without a url")
        return None
    return parse_location(values["url"], origin=f"{where}: [store] url",
                          password_env=values["password_env"],
                          password_file=values["password_file"])
