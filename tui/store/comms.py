"""The communications aggregate: drafts and sent updates (with the update
cadence and its snooze), the response log (targets missed, escalation
steps, each logged once) and the review's notes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from tui.model import timeline_wording as wording
from tui.model.incident import Incident
from tui.model.review import REVIEW_KEYS
from tui.model.timefmt import to_iso
from tui.model.timeline import EntryKind
from tui.store import response_log as response_sql
from tui.store.database import Database
from tui.store.incidents import Incidents
from tui.store.timeline import Timeline


class Comms:
    def __init__(self, db: Database, incidents: Incidents, timeline: Timeline) -> None:
        self._db = db
        self._incidents = incidents
        self._timeline = timeline

    def mark_sent(self, incident_id: str, text: str, author: str = "", *, title: str = "",
                  template_id: str = "", restarts_cadence: bool = True) -> Incident:
        """A communication went out: its full text is logged on the timeline
        (under its title), its draft is done with, and for a status update
        the cadence counts from now (a snooze ends)."""
        if not text.strip():
            raise ValueError("a communication needs text")
        line = wording.sent_line(text, title)
        with self._db.transaction() as conn:
            self._incidents.field(incident_id, "id")
            if restarts_cadence:
                self._incidents.update(incident_id, {
                    "last_update_at": self._db.now_iso(), "update_snoozed_until": None,
                    "update_snooze_reason": ""}, line, EntryKind.COMMUNICATION, author)
            else:
                self._timeline.log(incident_id, EntryKind.COMMUNICATION, line, author)
            if template_id:
                conn.execute("DELETE FROM comms_drafts WHERE incident_id = ? AND template_id = ?",
                             [incident_id, template_id])
            return self._incidents.required(incident_id)

    def mark_update_sent(self, incident_id: str, text: str, author: str = "") -> Incident:
        """A status update went out (see `mark_sent`)."""
        return self.mark_sent(incident_id, text, author)

    def snooze_update(self, incident_id: str, until: datetime, reason: str,
                      author: str = "") -> Incident:
        """Put off the update reminder until `until`, for a stated reason."""
        reason = reason.strip()
        if not reason:
            raise ValueError("snoozing the update reminder needs a reason")
        with self._db.transaction():
            self._incidents.update(incident_id, {"update_snoozed_until": to_iso(until),
                                                 "update_snooze_reason": reason},
                                   wording.snooze_line(until, reason), EntryKind.COMMUNICATION,
                                   author)
            return self._incidents.required(incident_id)

    def save_draft(self, incident_id: str, template_id: str, text: str,
                   author: str = "") -> None:
        """Keep a communication as typed so far; empty text drops the draft."""
        with self._db.transaction() as conn:
            if text:
                conn.execute(
                    "INSERT INTO comms_drafts (incident_id, template_id, text, author, "
                    "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (incident_id, template_id) "
                    "DO UPDATE SET text = excluded.text, author = excluded.author, "
                    "updated_at = excluded.updated_at",
                    [incident_id, template_id, text, author, self._db.now_iso()])
            else:
                conn.execute("DELETE FROM comms_drafts WHERE incident_id = ? AND template_id = ?",
                             [incident_id, template_id])

    def drafts(self, incident_id: str) -> dict[str, str]:
        with self._db.reading() as conn:
            rows = conn.execute("SELECT template_id, text FROM comms_drafts "
                                "WHERE incident_id = ?", [incident_id]).fetchall()
        return {template_id: text for template_id, text in rows}

    def save_review_note(self, incident_id: str, field: str, text: str,
                         author: str = "") -> None:
        """Keep what the review wrote in one field (summary, lessons…) as
        typed; empty text drops it. Not a timeline entry: the review writes
        about the incident, it is not part of it."""
        if field not in REVIEW_KEYS:
            raise ValueError(f"no review field {field!r}")
        with self._db.transaction() as conn:
            self._incidents.field(incident_id, "id")
            if text.strip():
                conn.execute(
                    "INSERT INTO review_notes (incident_id, field, text, author, updated_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (incident_id, field) DO UPDATE SET "
                    "text = excluded.text, author = excluded.author, "
                    "updated_at = excluded.updated_at",
                    [incident_id, field, text, author, self._db.now_iso()])
            else:
                conn.execute("DELETE FROM review_notes WHERE incident_id = ? AND field = ?",
                             [incident_id, field])

    def review_notes(self, incident_id: str) -> dict[str, str]:
        with self._db.reading() as conn:
            rows = conn.execute("SELECT field, text FROM review_notes WHERE incident_id = ?",
                                [incident_id]).fetchall()
        return {key: text for key, text in rows}

    def log_once(self, incident_id: str, key: str, text: str, author: str = "") -> bool:
        """Log `text` (a target missed, an escalation step taken) unless
        `key` was logged for the incident before, here or by another
        Warroom on the file. Returns whether it was logged now."""
        with self._db.transaction() as conn:
            self._incidents.field(incident_id, "id")
            if not response_sql.claim(conn, incident_id, key, self._db.clock.now(), author):
                return False
            self._timeline.log(incident_id, EntryKind.ESCALATION, text, author)
        return True

    def escalate(self, incident_id: str, keys: Sequence[str], text: str,
                 author: str = "") -> None:
        """Escalation steps taken (the one called and those it passes over),
        with one line on the timeline."""
        with self._db.transaction() as conn:
            self._incidents.field(incident_id, "id")
            now = self._db.clock.now()
            for key in keys:
                response_sql.claim(conn, incident_id, key, now, author)
            self._timeline.log(incident_id, EntryKind.ESCALATION, text, author)

    def response_log(self, incident_id: str) -> dict[str, datetime]:
        with self._db.reading() as conn:
            return response_sql.logged(conn, incident_id)
