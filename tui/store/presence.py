"""Who is in the room: each console's last sign of life on the incident it
shows, kept by the store so that every console on the database sees every
other, expiring when a console goes away (closed, crashed, cut off).

A console calls `here` at each refresh; the row is written at most every
BEAT_S (a write bumps SQLite's data_version for every other console) and
read back as the names seen in the last WINDOW_S. Times are the wall
clock's, whatever clock the store writes the record in (the demo's is the
recording's)."""

from __future__ import annotations

import sqlite3
import time
import uuid
from datetime import UTC, datetime, timedelta

from tui.model.timefmt import to_iso
from tui.store.database import Database, StoreError

BEAT_S = 5.0
WINDOW_S = 30.0


class Presence:
    def __init__(self, db: Database) -> None:
        self._db = db
        # This console, as its rows name it: one per open store.
        self.console = uuid.uuid4().hex[:12]
        self._beat: tuple[str, float] | None = None  # (incident, monotonic time)

    def here(self, incident_id: str, name: str, now: datetime | None = None
             ) -> tuple[str, ...]:
        """Say this console is on `incident_id` as `name`; the names of the
        other consoles seen on it in the last WINDOW_S, sorted, each once.
        Never fails: a store that cannot be written (read-only, locked, cut
        off) shows whom it can read, or no one."""
        now = now or datetime.now(UTC)
        try:
            self._write(incident_id, name or "unknown", now)
        except (sqlite3.Error, StoreError):
            self._beat = None  # try again at the next refresh
        try:
            return self.others(incident_id, now)
        except (sqlite3.Error, StoreError):
            return ()

    def others(self, incident_id: str, now: datetime) -> tuple[str, ...]:
        since = to_iso(now - timedelta(seconds=WINDOW_S))
        with self._db.reading() as conn:
            rows = conn.execute(
                "SELECT DISTINCT name FROM presence WHERE incident_id = ? AND console <> ? "
                "AND last_seen >= ? ORDER BY name", [incident_id, self.console, since])
            return tuple(row[0] for row in rows)

    def leave(self) -> None:
        """This console's rows gone (the store is closing)."""
        if self._beat is None:
            return
        try:
            with self._db.transaction(give_way=True) as conn:
                conn.execute("DELETE FROM presence WHERE console = ?", [self.console])
        except (sqlite3.Error, StoreError):
            pass  # its rows expire by themselves
        self._beat = None

    def _write(self, incident_id: str, name: str, now: datetime) -> None:
        beat = self._beat
        if beat is not None and beat[0] == incident_id and time.monotonic() - beat[1] < BEAT_S:
            return
        with self._db.transaction(give_way=True) as conn:
            if beat is not None and beat[0] != incident_id:  # switched incidents
                conn.execute("DELETE FROM presence WHERE console = ?", [self.console])
            conn.execute(
                "INSERT INTO presence (incident_id, console, name, last_seen) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (incident_id, console) DO UPDATE SET name = excluded.name, "
                "last_seen = excluded.last_seen", [incident_id, self.console, name, to_iso(now)])
        self._beat = (incident_id, time.monotonic())
