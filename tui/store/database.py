"""Opening the database file safely: refuse, with one clear line and the file
untouched, anything that is not a healthy Warroom database we understand."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from tui.model.clock import Clock
from tui.model.timefmt import to_iso
from tui.store import sqlite_errors
from tui.store.dialect import Dialect
from tui.store.migrations import LATEST_VERSION, TABLES, migration, tables_created_by

if TYPE_CHECKING:
    from typing import TypeAlias

    from tui.store.postgres_connection import PostgresConnection

    # What the repositories write through: sqlite3's connection, or
    # PostgreSQL's behind the same face (tui/store/postgres_connection.py).
    Connection: TypeAlias = sqlite3.Connection | PostgresConnection

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
# Written into the file header at creation (`PRAGMA application_id`), so a
# SQLite file of another program is never mistaken for ours and migrated.
APPLICATION_ID = int.from_bytes(b"WRRM", "big")


class StoreError(Exception):
    """A problem with the database file that the user must act on."""


def check_file(path: Path) -> int:
    """Inspect an existing file read-only; return its schema version."""
    if not os.access(path, os.R_OK):
        raise StoreError(f"cannot read database {path}: permission denied")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise StoreError(
            f"{path} is not a SQLite database; move it aside or pass --db with another path"
        )
    if not header:
        return 0
    try:
        conn = connect_read_only(path)
        try:
            return _check_contents(path, conn)
        finally:
            conn.close()
    except sqlite3.Error as error:
        raise StoreError(sqlite_errors.on_open(path, error)) from error


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write. Reading a WAL database needs its
    -shm file; where it cannot be made (the folder is read-only too) and no
    -wal holds commits the file lacks, nobody can be writing it: it is read
    as immutable."""
    uri = f"file:{quote(str(path))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
        conn.execute("PRAGMA user_version")  # the -shm is opened at the first read
        return conn
    except sqlite3.OperationalError as error:
        wal = Path(f"{path}-wal")
        if (sqlite_errors.trouble(error) is not sqlite_errors.Trouble.READ_ONLY
                or os.access(path.parent, os.W_OK)
                or (wal.exists() and wal.stat().st_size > 0)):
            raise
    return sqlite3.connect(f"{uri}&immutable=1", uri=True, check_same_thread=False)


def _check_contents(path: Path, conn: sqlite3.Connection) -> int:
    # Damage first: a damaged Warroom file may no longer show that it is one.
    # quick_check finds corruption of pages and records without the
    # cost of integrity_check's index cross-checks on a large file.
    problems = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
    if problems != ["ok"]:
        raise StoreError(
            f"{path} is damaged ({problems[0]}); restore it from a backup, "
            "or move it aside to start afresh"
        )
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id != APPLICATION_ID and not _warroom_without_id(conn, app_id, version):
        raise StoreError(
            f"{path} is not a Warroom database (it belongs to another program); it was "
            "left as it is: pass --db with another path"
        )
    if version < 0:
        # No Warroom writes one; reading it as an index would run the last migration.
        raise StoreError(
            f"{path} has schema {version}, which no Warroom writes; it was left as it is: "
            "pass --db with another path"
        )
    if version > LATEST_VERSION:
        raise StoreError(
            f"{path} was written by a newer Warroom (schema {version}, this one "
            f"knows up to {LATEST_VERSION}); upgrade Warroom or pass --db with another path"
        )
    return int(version)


def _warroom_without_id(conn: sqlite3.Connection, app_id: int, version: int) -> bool:
    """A file without our application id that is still ours to take: an empty
    SQLite file, or a Warroom database made before the id was written (every
    table its schema version promises is there)."""
    if app_id != 0:
        return False
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    if version == 0:
        return not tables
    if not 0 < version <= LATEST_VERSION:
        return False
    return set(tables_created_by(version)) <= tables


def _prepare_directory(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"cannot create data directory {path.parent} ({error.strerror}); "
            "pass --db with a writable path"
        ) from error
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(
            f"data directory {path.parent} is not writable; pass --db with a writable path"
        )


@contextmanager
def immediate(conn: Connection) -> Iterator[Connection]:
    """A write transaction that takes the write lock up front, so two
    processes never both read-then-write on stale data."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        # SQLite has already rolled back after some errors (a full disk):
        # a second ROLLBACK would replace the real error with its own.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def migrate(conn: sqlite3.Connection) -> None:
    while True:
        with immediate(conn):
            # Read inside the lock: another Warroom may have migrated meanwhile.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if not 0 <= version <= LATEST_VERSION:
                raise StoreError(f"schema {version} is not one this Warroom knows")
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                # New, or made before the id existed: from now on it says it is ours.
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            if version == LATEST_VERSION:
                return
            for statement in migration(version, Dialect.SQLITE):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")


def describe_write_error(error: BaseException | None, path: Path | None = None) -> str:
    """Why a write did not land, in words a user can act on."""
    from tui.model.safe_text import describe_exception, printable
    from tui.store.postgres_connection import PostgresError

    if isinstance(error, PostgresError):
        return str(error)  # already in words, by postgres_errors.on_write
    if error is None or not isinstance(error, sqlite3.Error):
        return describe_exception(error)
    Trouble = sqlite_errors.Trouble
    kind = sqlite_errors.trouble(error, path)
    if kind is Trouble.FULL:
        return "the disk is full; the database is fine: free some space"
    if kind is Trouble.LOCKED:
        return (f"the database is locked by another program (waited "
                f"{BUSY_TIMEOUT_MS // 1000} s)")
    if kind is Trouble.READ_ONLY:
        return "the database file has become read-only"
    if kind is Trouble.IO:
        return "the disk failed to write (I/O error)"
    if kind is Trouble.DAMAGED:
        return f"the database file is damaged ({printable(str(error))})"
    return f"SQLite: {printable(str(error))}"


def open_database(path: Path, *, read_only_ok: bool = False) -> sqlite3.Connection:
    """Open (creating if need be) and migrate the database at `path`. With
    `read_only_ok` (commands that only read: review, export) a file this
    user may not write is opened read-only instead of refused."""
    path = path.expanduser()
    if path.exists():
        if path.is_dir():
            raise StoreError(f"{path} is a directory; pass --db with a file path")
        version = check_file(path)
        if not os.access(path, os.W_OK):
            if read_only_ok:
                return _open_read_only(path, version)
            raise StoreError(
                f"database {path} is read-only; 'warroom review' and 'warroom export' can "
                "read it, the war room must write: make it writable or pass --db with "
                "another path")
    else:
        _prepare_directory(path)

    try:
        # Autocommit mode: transactions are explicit (`immediate`), never implied.
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit survives a power cut, not only a crash of this process.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
        check_tables(conn, path)
    except sqlite3.Error as error:
        raise StoreError(sqlite_errors.on_open(path, error)) from error
    except StoreError:
        conn.close()
        raise
    return conn


def _open_read_only(path: Path, version: int) -> sqlite3.Connection:
    if version < LATEST_VERSION:
        raise StoreError(
            f"database {path} is read-only and from an older Warroom (schema {version}); "
            "make it writable once so this Warroom can upgrade it")
    try:
        conn = connect_read_only(path)
        conn.isolation_level = None
        # Said, not only enforced by the file: the store can tell it may not write.
        conn.execute("PRAGMA query_only = ON")
        check_tables(conn, path)
    except sqlite3.Error as error:
        raise StoreError(sqlite_errors.on_open(path, error)) from error
    return conn


def check_tables(conn: sqlite3.Connection, path: Path) -> None:
    """A table dropped by hand (the version says it is there) would fail
    every command later, mid-way, with a traceback: named here instead."""
    present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master "
                                              "WHERE type = 'table'")}
    for table in TABLES:
        if table not in present:
            raise StoreError(f"database {path} has no table {table!r}: it was changed "
                             "outside Warroom; move it aside or pass --db with another path")


# How long a snapshot write waits for a locked file before giving up.
GIVE_WAY_MS = 250


class _Depth:
    depth = 0


class Database:
    """The one connection, its lock and its clock, shared by every aggregate.

    A write is `with db.transaction() as conn:`. Transactions nest: inside
    an open one (on this thread, under the lock) another is part of it, so
    that a use case (tui/actions) makes several aggregates' changes land
    together or not at all."""

    def __init__(self, conn: Connection, clock: Clock,
                 lock: threading.RLock | None = None) -> None:
        self.conn = conn
        self.clock = clock
        self.lock = lock or threading.RLock()
        # How deep the open transaction is, shared by every Database on this
        # connection (see on_clock); read and written only under the lock.
        self._open = _Depth()

    def on_clock(self, clock: Clock) -> Database:
        """The same connection, lock and open transaction on another clock."""
        other = Database(self.conn, clock, self.lock)
        other._open = self._open
        return other

    @contextmanager
    def transaction(self, *, give_way: bool = False) -> Iterator[Connection]:
        """One `immediate` transaction, or a part of the one already open.
        With `give_way` (the snapshots the refresh stores: metrics, pods,
        SLOs) a file another program has locked is given up on after a
        moment, not after the full busy timeout, so that a note typed
        meanwhile does not queue behind each of them."""
        with self.lock:
            if self._open.depth:
                self._open.depth += 1
                try:
                    yield self.conn
                finally:
                    self._open.depth -= 1
                return
            with self._busy_timeout(GIVE_WAY_MS if give_way else BUSY_TIMEOUT_MS):
                self._open.depth = 1
                try:
                    with immediate(self.conn) as conn:
                        yield conn
                finally:
                    self._open.depth = 0

    @contextmanager
    def _busy_timeout(self, ms: int) -> Iterator[None]:
        if ms == BUSY_TIMEOUT_MS:
            yield
            return
        self.conn.execute(f"PRAGMA busy_timeout = {ms}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """The connection, for reads that must see one state of the file."""
        with self.lock:
            yield self.conn

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts, under the lock."""
        with self.lock:
            cursor = self.conn.execute(sql, list(params))
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def now_iso(self) -> str:
        return to_iso(self.clock.now())

    @property
    def read_only(self) -> bool:
        """Opened read-only (a file this user may not write, for review or export)."""
        with self.lock:
            return bool(self.conn.execute("PRAGMA query_only").fetchone()[0])

    def data_version(self) -> int:
        """Changes whenever another connection commits: a cheap way to notice
        that a second Warroom on the same file has written something."""
        with self.lock:
            return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        with self.lock:
            self.conn.close()
