"""SQL for the demo replay: when it began on the wall clock (so that every
war room on the file plays the same moment), starting it over once it has
played out, and the story steps the replay has reached, each applied once
however many war rooms watch it. Kept in the response log, the ledger of
"done once" keys, so that no schema change is needed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from tui.model.demo_story import DemoStory
from tui.model.incident import Status
from tui.model.timefmt import to_iso
from tui.store import response_log as response_sql
from tui.store.row_reading import UNREADABLE, stored_time

if TYPE_CHECKING:
    from tui.store.database import Connection

REPLAY_KEY = "demo.replay"

# (conn, incident_id, at, kind, text, author): a timeline line in the transaction.
LogLine = Callable[["Connection", str, datetime, str, str, str], None]


def began(conn: Connection, incident_id: str) -> datetime | None:
    row = conn.execute("SELECT at FROM response_log WHERE incident_id = ? AND key = ?",
                       [incident_id, REPLAY_KEY]).fetchone()
    if row is None:
        return None
    try:
        return stored_time(row[0])
    except UNREADABLE:
        return None


def mark_began(conn: Connection, incident_id: str, at: datetime) -> None:
    conn.execute("INSERT INTO response_log (incident_id, key, at, author) VALUES (?, ?, ?, '') "
                 "ON CONFLICT (incident_id, key) DO UPDATE SET at = excluded.at",
                 [incident_id, REPLAY_KEY, to_iso(at)])


def forget(conn: Connection, incident_ids: Iterable[str]) -> None:
    """The demo incident as it was played last time, gone (cascades)."""
    for incident_id in incident_ids:
        conn.execute("DELETE FROM incidents WHERE id = ?", [incident_id])


def play(conn: Connection, story: DemoStory, now: datetime, log: LogLine) -> int:
    """The steps reached by `now` and not applied yet, each at its own
    time; returns how many were applied."""
    applied = 0
    for index, step in story.due(now):
        if not response_sql.claim(conn, story.incident_id, story.key(index), step.at,
                                  step.author):
            continue
        if step.status is not None:
            row = conn.execute("SELECT status FROM incidents WHERE id = ?",
                               [story.incident_id]).fetchone()
            previous = Status(row[0])
            if previous is not step.status:
                conn.execute("UPDATE incidents SET status = ?, version = version + 1, "
                             "updated_by = ?, updated_at = ? WHERE id = ?",
                             [step.status.value, step.author, to_iso(step.at),
                              story.incident_id])
                log(conn, story.incident_id, step.at, "status",
                    f"Status {previous.label} → {step.status.label}", step.author)
        for milestone in step.milestones:
            conn.execute("INSERT OR IGNORE INTO milestones (incident_id, name, at) "
                         "VALUES (?, ?, ?)", [story.incident_id, milestone.value,
                                              to_iso(step.at)])
        if step.update_sent:
            conn.execute("UPDATE incidents SET last_update_at = ?, version = version + 1 "
                         "WHERE id = ?", [to_iso(step.at), story.incident_id])
        log(conn, story.incident_id, step.at, step.kind.value, step.text, step.author)
        applied += 1
    return applied
