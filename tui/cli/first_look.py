"""What the incident header shows, read before anything else is imported.

`warroom` paints the incident header first (tui.screens.first), then builds
the whole war room behind it. The header needs the incident and the
moment it is shown at: here they are read with plain `sqlite3` and `json`,
the way the full build (tui.cli.launch) will read them, so that the war room
that takes the header's place shows the same text. Whenever this read
cannot be sure of that (no database yet, a replay to start over, an
incident to create, any error at all) it gives None and `warroom` starts
as before, building everything first: the full build is the one that
says what is wrong."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tui.model.contacts import Roster
from tui.model.incident import Incident, Milestone, Status
from tui.model.response import DEFAULT_LADDER, EscalationStep
from tui.model.severity import DEFAULT_LEVELS, SeverityLevel
from tui.model.timefmt import from_iso

# tui.store.demo_replay's key of when the replay began (wall clock).
REPLAY_KEY = "demo.replay"


@dataclass(frozen=True)
class FirstLook:
    """The header's arguments, as the war room will pass them."""

    incident: Incident
    now: datetime
    demo_label: str = ""
    levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS
    ladder: tuple[EscalationStep, ...] = DEFAULT_LADDER
    roster: Roster | None = None
    # Seconds of `now` per wall-clock second (the demo's speed), up to `until`.
    rate: float = 1.0
    until: datetime | None = None

    def later(self, seconds: float) -> datetime:
        """`now`, `seconds` of wall clock later: the header's clock keeps
        running while the war room is built."""
        moved = self.now + timedelta(seconds=seconds * self.rate)
        return min(moved, self.until) if self.until is not None else moved


def demo_label(speed: float) -> str:
    """As tui.cli.launch labels the demo."""
    return "DEMO" if speed == 1 else f"DEMO ×{speed:g}"


def _read_only(db: Path) -> sqlite3.Connection | None:
    """The database file, read-only, once it passed the checks the full
    build makes on opening it (tui.store.database); None when it is not a
    file yet, or the war room could not write it."""
    from tui.store.database import StoreError, check_file, check_tables, connect_read_only

    db = db.expanduser()
    if not db.is_file() or not os.access(db, os.W_OK):
        return None
    check_file(db)  # StoreError: the full build says it
    conn = connect_read_only(db)
    # A table dropped by hand is said in one line before any screen, as
    # the full build says it (StoreError).
    try:
        check_tables(conn, db)
    except StoreError:
        conn.close()
        raise
    conn.row_factory = sqlite3.Row
    return conn


def _stored_incident(conn: sqlite3.Connection, row: sqlite3.Row) -> Incident:
    from tui.store.incident_rows import add_milestone, incident_from_row

    milestones: dict[Milestone, datetime] = {}
    for name, at in conn.execute("SELECT name, at FROM milestones WHERE incident_id = ?",
                                 [row["id"]]):
        add_milestone(milestones, name, at)
    return incident_from_row(dict(row), milestones)


def demo_first_look(db: Path, speed: float, sample: Path, wall_now: datetime | None = None,
                    roster: Roster | None = None,
                    levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS) -> FirstLook | None:
    """The demo incident and the replay's moment, as tui.cli.launch's
    build_demo_context will find them: the replay stored in `db` if it is
    still playing, else a new one from the start of the recording."""
    from tui.sources.demo_incident import recorded_incident

    wall = wall_now or datetime.now(UTC)
    try:
        recording: dict[str, Any] = json.loads((sample / "demo" / "recording.json")
                                               .read_text(encoding="utf-8"))
        incident, _ = recorded_incident(recording["incident"])
        start, end = from_iso(recording["playback_start"]), from_iso(recording["end"])
        conn = _read_only(db)
        if conn is None:
            return None  # a first start: the full build makes the file, or says why not
        try:
            began_row = conn.execute(
                "SELECT at FROM response_log WHERE incident_id = ? AND key = ?",
                [incident.id, REPLAY_KEY]).fetchone()
            row = conn.execute("SELECT * FROM incidents WHERE id = ?",
                               [incident.id]).fetchone()
            began = from_iso(began_row[0]) if began_row is not None else wall
            if row is not None and began_row is not None \
                    and wall < began + (end - start) / speed:
                incident = _stored_incident(conn, row)  # the replay playing, joined
            else:
                began = wall  # none, or played out: started over, as recorded
        finally:
            conn.close()
    except Exception:  # any doubt: the full build decides, and says why
        return None
    elapsed = (wall - began).total_seconds() * speed
    now = min(max(start + timedelta(seconds=elapsed), start), end)
    return FirstLook(incident, now, demo_label(speed), levels, DEFAULT_LADDER, roster,
                     rate=speed, until=end)


def live_first_look(db: Path, levels: tuple[SeverityLevel, ...],
                    ladder: tuple[EscalationStep, ...], roster: Roster | None = None,
                    wall_now: datetime | None = None) -> FirstLook | None:
    """The open incident a real war room opens (the one most recently
    created, as tui.cli.launch picks it); None when it would create one."""
    try:
        conn = _read_only(db)
        if conn is None:
            return None
        try:
            open_statuses = [status.value for status in Status
                             if status not in (Status.RESOLVED, Status.CLOSED)]
            # All incidents newest first, as the store lists them: the first
            # open one that reads is the one opened.
            for row in conn.execute("SELECT * FROM incidents ORDER BY created_at DESC"):
                if row["is_demo"] or row["status"] not in open_statuses:
                    continue
                try:
                    incident = _stored_incident(conn, row)
                except Exception:  # unreadable: the store skips it too
                    continue
                return FirstLook(incident, wall_now or datetime.now(UTC), "", levels,
                                 ladder, roster)
        finally:
            conn.close()
    except Exception:  # any doubt: the full build decides, and says why
        return None
    return None
