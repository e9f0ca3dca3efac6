"""A PostgreSQL connection that the store uses as it uses sqlite3's: the one
place that knows the engine, so that the repositories, written once, run
on either.

What differs, and how it is made the same:
- statements: translated once each (tui/store/postgres_sql.py); the
  `rowid` column PostgreSQL's tables carry where SQLite's have one unsaid
  is left out of what a `SELECT *` reads;
- `BEGIN IMMEDIATE` (SQLite's one write lock, taken up front): a
  transaction that first takes an advisory lock every Warroom agrees on, so
  that writers queue as they do on a file and never read-then-write stale;
- the PRAGMAs the store reads: `busy_timeout` is `lock_timeout`,
  `query_only` the session's read-only setting, `data_version` a counter
  that each write transaction bumps in `warroom_schema` (less this
  connection's own bumps: SQLite's changes only for other connections),
  `table_info` the information schema;
- ids written by hand (an import keeps an entry's id when free) move the
  table's sequence past them before the commit (`resync_identity`);
- a session lost between two statements (the server restarted) is opened
  again, and the statement run again where that is safe (see _attempt);
  meanwhile `link` (tui/store/link.py) says the server is away, and
  reconnects are spaced so that no statement waits on one after another;
- errors: psycopg's, as a `PostgresError` carrying the words of
  tui/store/postgres_errors.py. It is a `sqlite3.DatabaseError`, so that
  what the store catches on SQLite (an import that does not fit) it catches
  here too."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from tui.store import change_feed, postgres_errors
from tui.store.link import Link
from tui.store.location import PostgresLocation
from tui.store.postgres_database import RECONNECT_TIMEOUT_S, SCHEMA_TABLE, resync_identity
from tui.store.postgres_sql import translate
from tui.store.touched import quiet_write, touched_incident

if TYPE_CHECKING:
    import psycopg

T = TypeVar("T")
# The advisory lock every write transaction takes ("WRWR"): the file lock.
WRITE_LOCK = int.from_bytes(b"WRWR", "big")
_PRAGMA = re.compile(r"^\s*PRAGMA\s+(\w+)\s*(?:=\s*(\w+)|\((\w+)\))?\s*$", re.IGNORECASE)


class PostgresError(sqlite3.DatabaseError):
    """A PostgreSQL failure, in words (postgres_errors.on_write)."""

    def __init__(self, message: str, trouble: postgres_errors.Trouble) -> None:
        super().__init__(message)
        self.trouble = trouble


class PostgresIntegrityError(PostgresError, sqlite3.IntegrityError):
    """A constraint refused the write (a duplicate key, a missing parent)."""


class Cursor:
    """What the store reads of a sqlite3 cursor."""

    def __init__(self, rows: list[tuple[Any, ...]], description: Sequence[tuple[Any, ...]] | None,
                 rowcount: int, lastrowid: int | None) -> None:
        # Typed as sqlite3's cursor types them (Any): a caller reads either alike.
        self.description: Any
        self._rows = rows
        self.description = description
        self.rowcount = rowcount
        self.lastrowid = lastrowid

    def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        rows, self._rows = self._rows, []
        return rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.fetchall())


def _params(params: Iterable[Any]) -> list[Any]:
    # SQLite stores a bool as 0 or 1; PostgreSQL will not put one in a BIGINT.
    return [int(value) if isinstance(value, bool) else value for value in params]


class PostgresConnection:
    """sqlite3.Connection's face on a psycopg connection in autocommit mode."""

    def __init__(self, conn: psycopg.Connection[tuple[Any, ...]],
                 location: PostgresLocation) -> None:
        self.raw = conn
        self.location = location
        self.total_changes = 0
        # This connection's own bumps of the change counter (see data_version).
        self._own_changes = 0
        self._wrote = False
        self._explicit_ids: set[str] = set()
        # The incidents this transaction wrote under, for its change notice.
        self._touched: set[str] = set()
        self._touched_unknown = False
        # Its change feeds (Store.watch), closed with it.
        self.feeds: list[change_feed.ChangeFeed] = []
        # Whether the server can be reached, as this connection and its feeds found.
        self.link = Link()
        self._read_only = bool(self._scalar("SHOW transaction_read_only") == "on")

    # -- sqlite3.Connection ---------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        if self.raw.closed or self.raw.broken:
            return False  # whatever was open went with the session
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Cursor:
        special = self._special(sql)
        if special is not None:
            return special
        statement = translate(sql)
        if statement.explicit_id_table:
            self._explicit_ids.add(statement.explicit_id_table)
        values = _params(params)
        writes = statement.writes and not quiet_write(sql)
        self._touch(writes, sql, values)

        def run() -> tuple[Any, list[tuple[Any, ...]]]:
            cursor = self.raw.execute(statement.sql, values)
            return cursor, cursor.fetchall() if cursor.description is not None else []

        cursor, rows = self._attempt(run, again=not statement.writes and not self.in_transaction)
        lastrowid = None
        if statement.returns_id:
            lastrowid = int(rows[0][0]) if rows else None
            rows = []
        self._wrote |= writes
        if statement.writes and cursor.rowcount > 0:
            self.total_changes += cursor.rowcount
        names = [] if statement.returns_id else [column.name for column in
                                                 cursor.description or ()]
        if "rowid" in names:  # SQLite's is never in a `SELECT *` (ordered by, never read)
            hidden = names.index("rowid")
            names.pop(hidden)
            rows = [row[:hidden] + row[hidden + 1:] for row in rows]
        return Cursor(rows, [(name,) for name in names] if names else None, cursor.rowcount,
                      lastrowid)

    def executemany(self, sql: str, seq: Iterable[Iterable[Any]]) -> Cursor:
        statement = translate(sql)
        if statement.explicit_id_table:
            self._explicit_ids.add(statement.explicit_id_table)
        rows = [_params(params) for params in seq]
        if not rows:
            return Cursor([], None, 0, None)
        writes = statement.writes and not quiet_write(sql)
        for values in rows:
            self._touch(writes, sql, values)
        with self._errors(), self.raw.cursor() as cursor:
            cursor.executemany(statement.sql, rows)
            count = cursor.rowcount
        self._wrote |= writes
        self.total_changes += max(count, 0)
        return Cursor([], None, count, None)

    def close(self) -> None:
        for feed in self.feeds:
            feed.close()
        self.raw.close()

    def watch(self, incident: Callable[[], str], wake: Callable[[], object]
              ) -> change_feed.ChangeFeed:
        """A change feed on this database, closed with the connection."""
        feed = change_feed.ChangeFeed(self.location, incident, wake, link=self.link)
        self.feeds.append(feed)
        return feed

    # -- what PostgreSQL says differently ---------------------------------------------

    def _special(self, sql: str) -> Cursor | None:
        word = sql.strip().split(None, 1)[0].upper() if sql.strip() else ""
        if word == "BEGIN":
            self._attempt(self._begin, again=True)
            self._wrote = False
            self._explicit_ids.clear()
            self._forget_touched()
            return Cursor([], None, -1, None)
        if word == "COMMIT":
            with self._errors():
                self.raw.execute(self._before_commit() + "COMMIT")
            return Cursor([], None, -1, None)
        if word == "ROLLBACK":
            if self.raw.closed or self.raw.broken:
                self._wrote = False  # nothing to roll back: the session is gone
                self._forget_touched()
                return Cursor([], None, -1, None)
            with self._errors():
                self.raw.execute("ROLLBACK")
            self._wrote = False
            self._forget_touched()
            return Cursor([], None, -1, None)
        if word == "PRAGMA":
            return self._pragma(sql)
        return None

    def _begin(self) -> None:
        try:
            # One round trip: a note's write is a few, each as long as the network.
            self.raw.execute(f"BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        except BaseException:
            # As SQLite's BEGIN IMMEDIATE: no lock, no transaction left open.
            if not self.raw.broken:
                self.raw.execute("ROLLBACK")
            raise

    def _attempt(self, action: Callable[[], T], *, again: bool) -> T:
        """`action`, in words when it fails. A session lost since the last
        statement (the server restarted, a pooler or a firewall cut it) is
        opened afresh and `action` run once more when that is safe (`again`:
        a read outside a transaction, or a transaction's start): never a
        write whose fate is unknown."""
        if again and (self.raw.closed or self.raw.broken):
            self._reconnect()
        try:
            with self._errors():
                result = action()
        except PostgresError as error:
            if not (again and error.trouble is postgres_errors.Trouble.UNREACHABLE
                    and (self.raw.closed or self.raw.broken)):
                raise
        else:
            self.link.found()
            return result
        self._reconnect()
        with self._errors():
            result = action()
        self.link.found()
        return result

    def _reconnect(self) -> None:
        from tui.store.database import StoreError
        from tui.store.postgres_database import connect

        self.raw.close()
        unreachable = postgres_errors.Trouble.UNREACHABLE
        if not self.link.may_reconnect():
            raise PostgresError(postgres_errors.away("not reachable again yet"), unreachable)
        try:
            self.raw = connect(self.location, timeout=RECONNECT_TIMEOUT_S)
        except StoreError as error:
            self.link.reconnect_failed()
            raise PostgresError(postgres_errors.away("cannot reconnect yet"),
                                unreachable) from error
        self._wrote = False
        self._explicit_ids.clear()
        self._forget_touched()
        if self._read_only:
            with self._errors():
                self.raw.execute("SET default_transaction_read_only = on")

    def _before_commit(self) -> str:
        """What the transaction must do before its COMMIT: ids moved past
        those written by hand, then the change counter bumped (returned, to
        be sent with the COMMIT)."""
        for table in sorted(self._explicit_ids):
            resync_identity(self.raw, table)
        self._explicit_ids.clear()
        wrote, self._wrote = self._wrote, False
        if not wrote:
            return ""
        self._own_changes += 1
        return f"UPDATE {SCHEMA_TABLE} SET changes = changes + 1; {self._notice()}"

    # -- the change notice (tui/store/change_feed.py) ------------------------------------

    def _touch(self, writes: bool, sql: str, values: list[Any]) -> None:
        if not writes:
            return
        incident_id = touched_incident(sql, values)
        if incident_id is None:
            self._touched_unknown = True
        else:
            self._touched.add(incident_id)

    def _forget_touched(self) -> None:
        self._touched.clear()
        self._touched_unknown = False

    def _notice(self) -> str:
        """The NOTIFY sent with the COMMIT (delivered only if it commits):
        the incidents written, or "" when a write named none."""
        from psycopg import sql

        notice = "" if self._touched_unknown else change_feed.payload(self._touched)
        self._forget_touched()
        return sql.SQL("NOTIFY {}, {}; ").format(
            sql.Identifier(change_feed.CHANNEL), sql.Literal(notice)).as_string(self.raw)

    def _pragma(self, sql: str) -> Cursor:
        match = _PRAGMA.match(sql)
        name, value, argument = (match.groups() if match else (sql, None, None))
        name = name.lower()
        if name == "busy_timeout" and value is not None:
            with self._errors():
                self.raw.execute(f"SET lock_timeout = {int(value)}")
            return Cursor([], None, -1, None)
        if name == "query_only" and value is not None:
            # As SQLite's pragma: every statement after it is refused a write.
            self._read_only = value.upper() in ("ON", "1", "TRUE", "YES")
            setting = "on" if self._read_only else "off"
            with self._errors():
                self.raw.execute(f"SET default_transaction_read_only = {setting}")
            return Cursor([], None, -1, None)
        if name == "query_only" and value is None:
            return Cursor([(int(self._read_only),)], [("query_only",)], -1, None)
        if name == "data_version":
            changes = int(self._scalar(f"SELECT changes FROM {SCHEMA_TABLE}") or 0)
            return Cursor([(changes - self._own_changes,)], [("data_version",)], -1, None)
        if name == "table_info" and argument is not None:
            with self._errors():
                rows = self.raw.execute(
                    "SELECT ordinal_position - 1, column_name::text FROM "
                    "information_schema.columns WHERE table_schema = current_schema() "
                    "AND table_name = %s AND column_name <> 'rowid' ORDER BY ordinal_position",
                    (argument,)).fetchall()
            return Cursor(rows, [("cid",), ("name",)], -1, None)
        raise sqlite3.NotSupportedError(f"no PostgreSQL form for {sql.strip()!r}")

    def _scalar(self, sql: str) -> Any:
        row = self._attempt(lambda: self.raw.execute(sql).fetchone(),
                            again=not self.in_transaction)
        return row[0] if row else None

    def _errors(self) -> _Translating:
        return _Translating(self.location, self.link)


class _Translating:
    """psycopg's errors as PostgresErrors in words; the original is the cause.
    A server found away is said on the link."""

    def __init__(self, location: PostgresLocation, link: Link) -> None:
        self.location = location
        self.link = link

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: object) -> None:
        import psycopg

        if isinstance(error, psycopg.Error) and (postgres_errors.trouble(error)
                                                 is postgres_errors.Trouble.UNREACHABLE):
            self.link.lost()
        if isinstance(error, psycopg.IntegrityError):
            raise PostgresIntegrityError(postgres_errors.on_write(self.location, error),
                                         postgres_errors.trouble(error)) from error
        if isinstance(error, psycopg.Error):
            raise PostgresError(postgres_errors.on_write(self.location, error),
                                postgres_errors.trouble(error)) from error
