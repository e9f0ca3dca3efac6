"""SQL for the response record: what was logged once (a target missed, an
escalation step taken) and the error budget each SLO spent, as last measured."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING

from tui.model.slo import SloEvents, SloSpec
from tui.model.timefmt import to_iso
from tui.store.row_reading import UNREADABLE, readable, stored_time, text

if TYPE_CHECKING:
    from tui.store.database import Connection


def claim(conn: Connection, incident_id: str, key: str, at: datetime,
          author: str) -> bool:
    """Mark `key` done for the incident; False when it already was (by this
    Warroom or another on the same file), so that its line is logged once."""
    cursor = conn.execute(
        "INSERT OR IGNORE INTO response_log (incident_id, key, at, author) VALUES (?, ?, ?, ?)",
        [incident_id, key, to_iso(at), author])
    return cursor.rowcount == 1


def logged(conn: Connection, incident_id: str) -> dict[str, datetime]:
    rows = conn.execute("SELECT key, at FROM response_log WHERE incident_id = ?",
                        [incident_id]).fetchall()
    return dict(readable(rows, lambda row: (text(row[0]), stored_time(row[1]))))


def save_measurement(conn: Connection, incident_id: str, spec: SloSpec,
                     events: SloEvents) -> None:
    conn.execute(
        "INSERT INTO slo_measurements (incident_id, slo_id, spec, window_start, window_end, "
        "good, total, window_total, measured_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (incident_id, slo_id) DO UPDATE SET spec = excluded.spec, "
        "window_start = excluded.window_start, window_end = excluded.window_end, "
        "good = excluded.good, total = excluded.total, window_total = excluded.window_total, "
        "measured_at = excluded.measured_at, source = excluded.source",
        [incident_id, spec.id, json.dumps(asdict(spec)), to_iso(events.start),
         to_iso(events.end), events.good, events.total, events.window_total,
         to_iso(events.measured_at), events.source])


def measurements(conn: Connection, incident_id: str
                 ) -> list[tuple[SloSpec, SloEvents]]:
    """Each SLO's last measurement, with the SLO as it was then (the review
    needs no config)."""
    rows = conn.execute(
        "SELECT spec, window_start, window_end, good, total, window_total, measured_at, source "
        "FROM slo_measurements WHERE incident_id = ? ORDER BY slo_id", [incident_id]).fetchall()
    found = []
    for spec_json, start, end, good, total, window_total, measured_at, source in rows:
        try:
            spec = SloSpec(**json.loads(spec_json))
            events = SloEvents(spec.id, stored_time(start), stored_time(end), float(good),
                               float(total), float(window_total), stored_time(measured_at),
                               text(source, 500))
        except UNREADABLE:
            continue  # a row from a newer Warroom's shape, or hand-edited: skipped
        found.append((spec, events))
    return found
