"""One method per use case. Safe to call from worker threads: a lock
serialises use of the single connection."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

from tui.clock import Clock
from tui.model.action_item import ActionDraft, ActionItem, action_changes, describe
from tui.model.checklist import (
    Attachment,
    Mark,
    MarkState,
    item_statuses,
    latest_marks,
    mark_line,
    progress,
)
from tui.model.demo_story import DemoStory
from tui.model.incident import (
    Incident,
    IncidentDraft,
    Milestone,
    Roles,
    Status,
    new_incident_id,
    role_changes,
)
from tui.model.metrics import MetricSnapshot, PaneSpec
from tui.model.pane_layout import PaneOverride
from tui.model.playbook import Playbook
from tui.model.pods import PodRow, PodSnapshot
from tui.model.record import IncidentRecord
from tui.model.review import REVIEW_KEYS
from tui.model.severity import SeverityLevel
from tui.model.slo import SloEvents, SloImpact, SloSpec
from tui.model.stats import StatsReport, incident_stats
from tui.model.timefmt import clock_utc, from_iso, to_iso
from tui.model.timeline import EntryKind, TimelineEntry, chronological
from tui.store import action_items as action_sql
from tui.store import demo_replay, incident_dump, search_index
from tui.store import response_log as response_sql
from tui.store.checklist_log import ChecklistLog
from tui.store.database import BUSY_TIMEOUT_MS, immediate
from tui.store.incident_rows import add_milestone, entry_from_row, incident_from_row
from tui.store.metric_archive import MetricArchive, spec_from_json, spec_to_json
from tui.store.pod_archive import PodArchive
from tui.store.row_reading import UNREADABLE, UnreadableRow, shown
from tui.store.search_index import SearchIndex

# How long a snapshot write waits for a locked file before giving up.
GIVE_WAY_MS = 250

# Status changes that also mark a milestone, the first time they happen.
_STATUS_MILESTONE = {
    Status.IDENTIFIED: Milestone.IDENTIFIED,
    Status.MONITORING: Milestone.MITIGATED,
    Status.RESOLVED: Milestone.RESOLVED,
}


class Store:
    def __init__(self, conn: sqlite3.Connection, clock: Clock,
                 lock: threading.RLock | None = None) -> None:
        self.conn = conn
        self.clock = clock
        self._lock = lock or threading.RLock()
        self._archive = MetricArchive()
        self._pods = PodArchive()

    def on_clock(self, clock: Clock) -> Store:
        """The same database (connection and lock) on another clock: the
        demo's store writes in recording time, a real incident declared
        from the demo in the time of day."""
        return Store(self.conn, clock, self._lock)

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    @property
    def read_only(self) -> bool:
        """Opened read-only (a file this user may not write, for review or export)."""
        with self._lock:
            return bool(self.conn.execute("PRAGMA query_only").fetchone()[0])

    @contextmanager
    def _giving_way(self) -> Iterator[None]:
        """For the snapshots the refresh stores (metrics, pods, SLOs): on a
        file another program has locked they give up after a moment (the
        next refresh stores again) instead of the full busy timeout, so
        that a note typed meanwhile does not queue behind each of them."""
        self.conn.execute(f"PRAGMA busy_timeout = {GIVE_WAY_MS}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, list(params))
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # -- incidents -------------------------------------------------------------

    def create_incident(
        self, incident: Incident, entries: Iterable[TimelineEntry] = (), *, if_missing: bool = False
    ) -> bool:
        """Insert an incident with its milestones and first timeline entries,
        atomically. With `if_missing`, an existing incident is left alone and
        False is returned."""
        with self._lock, immediate(self.conn) as conn:
            exists = conn.execute("SELECT 1 FROM incidents WHERE id = ?", [incident.id]).fetchone()
            if exists and if_missing:
                return False
            self._insert_incident(conn, incident, entries)
        return True

    def _insert_incident(self, conn: Any, incident: Incident,
                         entries: Iterable[TimelineEntry]) -> None:
        now = to_iso(self.clock.now())
        conn.execute(
            """INSERT INTO incidents (id, title, description, severity, status, impact,
               services, roles, scenarios, last_update_at, is_demo, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                incident.id,
                incident.title,
                incident.description,
                incident.severity,
                incident.status.value,
                incident.impact,
                _json(list(incident.services)),
                _json(asdict(incident.roles)),
                _json(list(incident.scenarios)),
                to_iso(incident.last_update_at) if incident.last_update_at else None,
                int(incident.is_demo),
                now,
                now,
            ],
        )
        conn.executemany(
            "INSERT INTO milestones (incident_id, name, at) VALUES (?, ?, ?)",
            [(incident.id, name.value, to_iso(at)) for name, at in incident.milestones.items()],
        )
        for entry in entries:
            self._insert_entry(conn, incident.id, entry.at, entry.kind, entry.text,
                               entry.author, entry.starred, now)

    def declare(self, draft: IncidentDraft, author: str = "") -> Incident:
        """A new incident from the declare dialog, with its first timeline lines."""
        if not draft.title.strip():
            raise ValueError("an incident needs a title")
        now = self.clock.now()
        incident = Incident(
            id="", title=draft.title.strip(), severity=draft.severity,
            status=Status.INVESTIGATING, description=draft.description, impact=draft.impact,
            services=draft.services, roles=draft.roles, scenarios=draft.scenarios,
            milestones={Milestone.STARTED: draft.started_at or now, Milestone.DECLARED: now})
        lines = [f"Incident declared: {draft.severity} {incident.title}"]
        if draft.impact:
            lines.append(f"Customer impact: {draft.impact}")
        if draft.services:
            lines.append(f"Affected services: {', '.join(draft.services)}")
        if draft.scenarios:
            lines.append(f"Scenario: {', '.join(draft.scenarios)}")
        lines += role_changes(Roles(), draft.roles)
        # The id is chosen in the transaction that takes it: two laptops
        # declaring in the same minute get -2, never a clash.
        with self._lock, immediate(self.conn) as conn:
            taken = {row[0] for row in conn.execute("SELECT id FROM incidents")}
            incident = replace(incident, id=new_incident_id(now, taken))
            self._insert_incident(conn, incident, [
                TimelineEntry(0, incident.id, now, EntryKind.STATUS if index else
                              EntryKind.MILESTONE, line, author)
                for index, line in enumerate(lines)])
        return self._required(incident.id)

    def update_record(self, incident_id: str, draft: IncidentDraft, author: str = ""
                      ) -> Incident:
        """The edit dialog's changes: details, severity (with its reason), roles;
        each change logged."""
        self.set_details(incident_id, title=draft.title.strip(), description=draft.description,
                         impact=draft.impact, services=draft.services,
                         scenarios=draft.scenarios, author=author)
        self.set_severity(incident_id, draft.severity, author, reason=draft.severity_reason)
        return self.set_roles(incident_id, draft.roles, author)

    def find_incidents(self, text: str = "", *, which: str = "all") -> list[Incident]:
        """Incidents `which` of "open", "resolved" (or closed) or "all". With
        `text`, those whose record or timeline has every typed word (each as
        a prefix), most relevant first; without, newest first."""
        closed = (Status.RESOLVED.value, Status.CLOSED.value)
        where, params = [], []
        if which == "open":
            where.append("incidents.status NOT IN (?, ?)")
            params += closed
        elif which == "resolved":
            where.append("incidents.status IN (?, ?)")
            params += closed
        with self._lock:
            if text.strip():
                match = search_index.match_all_prefixes(text)
                if match is None:  # only punctuation: no word to find
                    return []
                rows = SearchIndex(self.conn).ranked_rows(match, where=where, params=params)
                return self._readable_incidents(rows)
            sql = "SELECT * FROM incidents"
            if where:
                sql += " WHERE " + " AND ".join(where)
            rows = self._query(sql + " ORDER BY created_at DESC, id DESC", params)
            return self._readable_incidents(rows)

    def look_alikes(self, title: str, services: Sequence[str] = (),
                    scenarios: Sequence[str] = (), *, leave_out: str = "",
                    limit: int = 5) -> list[Incident]:
        """Past incidents most like one being declared: sharing its services,
        scenario tags and title words, in their record or timeline. Demo
        incidents are left out: they are not anyone's history."""
        match = search_index.match_any(search_index.terms(title, *services, *scenarios))
        if match is None:
            return []
        with self._lock:
            rows = SearchIndex(self.conn).ranked_rows(
                match, where=["incidents.is_demo = 0", "incidents.id != ?"],
                params=[leave_out], limit=limit)
            return self._readable_incidents(rows)

    def incident(self, incident_id: str) -> Incident | None:
        with self._lock:
            rows = list(self._query("SELECT * FROM incidents WHERE id = ?", [incident_id]))
            return self._incident_from_row(rows[0]) if rows else None

    def incidents(self) -> list[Incident]:
        with self._lock:
            rows = list(self._query("SELECT * FROM incidents ORDER BY created_at DESC"))
            # One read of every milestone, not one per incident (stats over thousands).
            milestones: dict[str, dict[Milestone, datetime]] = {}
            for incident_id, name, at in self.conn.execute(
                    "SELECT incident_id, name, at FROM milestones"):
                add_milestone(milestones.setdefault(incident_id, {}), name, at)
            return self._readable_incidents(rows, milestones)

    def unreadable_incidents(self) -> list[str]:
        """Why each incident the lists leave out cannot be read, one line each."""
        with self._lock:
            found = []
            for row in self._query("SELECT * FROM incidents ORDER BY created_at DESC"):
                try:
                    self._incident_from_row(row)
                except UnreadableRow as error:
                    found.append(str(error))
            return found

    def _readable_incidents(self, rows: list[dict[str, Any]],
                            milestones: dict[str, dict[Milestone, datetime]] | None = None
                            ) -> list[Incident]:
        """The incidents that can be read; the others are left out of lists
        (unreadable_incidents says why), so that one bad row does not stop
        `incidents`, `stats` or the picker."""
        found = []
        for row in rows:
            try:
                found.append(self._incident_from_row(
                    row, None if milestones is None else milestones.get(row["id"], {})))
            except UnreadableRow:
                continue
        return found

    def set_status(self, incident_id: str, status: Status, author: str = "") -> Incident:
        """Change the status, log it on the timeline and mark its milestone."""
        now = self.clock.now()
        with self._lock, immediate(self.conn) as conn:
            previous = Status(self._field(conn, incident_id, "status"))
            self._change(conn, incident_id, {"status": status.value}, EntryKind.STATUS,
                         f"Status {previous.label} → {status.label}", author)
            milestone = _STATUS_MILESTONE.get(status)
            if milestone:
                conn.execute(
                    "INSERT OR IGNORE INTO milestones (incident_id, name, at) VALUES (?, ?, ?)",
                    [incident_id, milestone.value, to_iso(now)],
                )
        return self._required(incident_id)

    def set_severity(self, incident_id: str, severity: str, author: str = "",
                     reason: str = "") -> Incident:
        """Change the severity and log it, with the reason when given."""
        with self._lock, immediate(self.conn) as conn:
            previous = self._field(conn, incident_id, "severity")
            if previous != severity:
                because = f" ({reason})" if reason else ""
                self._change(conn, incident_id, {"severity": severity}, EntryKind.STATUS,
                             f"Severity {previous} → {severity}{because}", author)
        return self._required(incident_id)

    def set_roles(self, incident_id: str, roles: Roles, author: str = "") -> Incident:
        """Change who holds which role; each change is its own timeline line."""
        with self._lock, immediate(self.conn) as conn:
            stored = json.loads(self._field(conn, incident_id, "roles"))
            stored["smes"] = tuple(stored.get("smes", ()))
            previous = Roles(**stored)
            changes = role_changes(previous, roles)
            if changes:
                self._change(conn, incident_id, {"roles": _json(asdict(roles))},
                             EntryKind.STATUS, changes[0], author)
                for line in changes[1:]:
                    self._log(conn, incident_id, EntryKind.STATUS, line, author)
        return self._required(incident_id)

    def set_details(self, incident_id: str, *, title: str, description: str, impact: str,
                    services: tuple[str, ...], scenarios: tuple[str, ...] | None = None,
                    author: str = "") -> Incident:
        """Title, description, impact and services as edited; what changed is
        logged (the title and impact in full, the rest by name)."""
        if not title.strip():
            raise ValueError("an incident needs a title")
        with self._lock, immediate(self.conn) as conn:
            row = conn.execute("SELECT title, description, impact, services, scenarios "
                               "FROM incidents WHERE id = ?", [incident_id]).fetchone()
            if row is None:
                raise KeyError(incident_id)
            lines = []
            if row[0] != title:
                lines.append(f"Title changed to “{title}”")
            if row[2] != impact:
                lines.append(f"Customer impact: {impact}" if impact else "Customer impact cleared")
            if tuple(json.loads(row[3])) != services:
                lines.append(f"Affected services: {', '.join(services) or 'none'}")
            if scenarios is None:
                scenarios = tuple(json.loads(row[4]))
            elif tuple(json.loads(row[4])) != scenarios:
                lines.append(f"Scenario: {', '.join(scenarios) or 'none'}")
            if row[1] != description:
                lines.append("Description edited")
            now = self.clock.now()
            conn.execute("UPDATE incidents SET title = ?, description = ?, impact = ?, "
                         "services = ?, scenarios = ?, updated_at = ? WHERE id = ?",
                         [title, description, impact, _json(list(services)),
                          _json(list(scenarios)), to_iso(now), incident_id])
            for line in lines:
                self._log(conn, incident_id, EntryKind.STATUS, line, author)
        return self._required(incident_id)

    def set_milestone(self, incident_id: str, milestone: Milestone, at: datetime | None,
                      author: str = "") -> Incident:
        """Set, correct or (with None) clear a milestone, and log it."""
        now = self.clock.now()
        with self._lock, immediate(self.conn) as conn:
            self._field(conn, incident_id, "id")
            row = conn.execute("SELECT at FROM milestones WHERE incident_id = ? AND name = ?",
                               [incident_id, milestone.value]).fetchone()
            if at is None:
                if row is None:
                    return self._required(incident_id)
                conn.execute("DELETE FROM milestones WHERE incident_id = ? AND name = ?",
                             [incident_id, milestone.value])
                text = f"Milestone {milestone.value} cleared (was {clock_utc(from_iso(row[0]))})"
            else:
                conn.execute("INSERT INTO milestones (incident_id, name, at) VALUES (?, ?, ?) "
                             "ON CONFLICT (incident_id, name) DO UPDATE SET at = excluded.at",
                             [incident_id, milestone.value, to_iso(at)])
                text = (f"Milestone {milestone.value} at {clock_utc(at)}" if row is None else
                        f"Milestone {milestone.value} corrected: {clock_utc(from_iso(row[0]))}"
                        f" → {clock_utc(at)}")
            conn.execute("UPDATE incidents SET updated_at = ? WHERE id = ?",
                         [to_iso(now), incident_id])
            self._log(conn, incident_id, EntryKind.MILESTONE, text, author)
        return self._required(incident_id)

    # -- status-update cadence -----------------------------------------------------

    def mark_sent(self, incident_id: str, text: str, author: str = "", *, title: str = "",
                  template_id: str = "", restarts_cadence: bool = True) -> Incident:
        """A communication went out: its full text is logged on the timeline
        (under its title), its draft is done with, and for a status update
        the cadence counts from now (a snooze ends)."""
        if not text.strip():
            raise ValueError("a communication needs text")
        logged = f"{title} sent:\n{text}" if title else text
        with self._lock, immediate(self.conn) as conn:
            self._field(conn, incident_id, "id")
            if restarts_cadence:
                self._change(conn, incident_id, {"last_update_at": to_iso(self.clock.now()),
                                                 "update_snoozed_until": None,
                                                 "update_snooze_reason": ""},
                             EntryKind.COMMUNICATION, logged, author)
            else:
                self._log(conn, incident_id, EntryKind.COMMUNICATION, logged, author)
            if template_id:
                conn.execute("DELETE FROM comms_drafts WHERE incident_id = ? AND template_id = ?",
                             [incident_id, template_id])
        return self._required(incident_id)

    def mark_update_sent(self, incident_id: str, text: str, author: str = "") -> Incident:
        """A status update went out (see `mark_sent`)."""
        return self.mark_sent(incident_id, text, author)

    def save_draft(self, incident_id: str, template_id: str, text: str,
                   author: str = "") -> None:
        """Keep a communication as typed so far; empty text drops the draft."""
        with self._lock, immediate(self.conn) as conn:
            if text:
                conn.execute(
                    "INSERT INTO comms_drafts (incident_id, template_id, text, author, "
                    "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (incident_id, template_id) "
                    "DO UPDATE SET text = excluded.text, author = excluded.author, "
                    "updated_at = excluded.updated_at",
                    [incident_id, template_id, text, author, to_iso(self.clock.now())])
            else:
                conn.execute("DELETE FROM comms_drafts WHERE incident_id = ? AND template_id = ?",
                             [incident_id, template_id])

    def drafts(self, incident_id: str) -> dict[str, str]:
        with self._lock:
            rows = self.conn.execute(
                "SELECT template_id, text FROM comms_drafts WHERE incident_id = ?",
                [incident_id]).fetchall()
        return {template_id: text for template_id, text in rows}

    def save_review_note(self, incident_id: str, field: str, text: str,
                         author: str = "") -> None:
        """Keep what the review wrote in one field (summary, lessons…) as
        typed; empty text drops it. Not a timeline entry: the review writes
        about the incident, it is not part of it."""
        if field not in REVIEW_KEYS:
            raise ValueError(f"no review field {field!r}")
        with self._lock, immediate(self.conn) as conn:
            self._field(conn, incident_id, "id")
            if text.strip():
                conn.execute(
                    "INSERT INTO review_notes (incident_id, field, text, author, updated_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (incident_id, field) DO UPDATE SET "
                    "text = excluded.text, author = excluded.author, "
                    "updated_at = excluded.updated_at",
                    [incident_id, field, text, author, to_iso(self.clock.now())])
            else:
                conn.execute("DELETE FROM review_notes WHERE incident_id = ? AND field = ?",
                             [incident_id, field])

    def review_notes(self, incident_id: str) -> dict[str, str]:
        with self._lock:
            rows = self.conn.execute(
                "SELECT field, text FROM review_notes WHERE incident_id = ?",
                [incident_id]).fetchall()
        return {key: text for key, text in rows}

    # -- response targets, escalation, SLOs ---------------------------------------

    def log_once(self, incident_id: str, key: str, text: str, author: str = "") -> bool:
        """Log `text` (a target missed, an escalation step taken) unless
        `key` was logged for the incident before, here or by another
        Warroom on the file. Returns whether it was logged now."""
        with self._lock, immediate(self.conn) as conn:
            self._field(conn, incident_id, "id")
            if not response_sql.claim(conn, incident_id, key, self.clock.now(), author):
                return False
            self._log(conn, incident_id, EntryKind.ESCALATION, text, author)
        return True

    def escalate(self, incident_id: str, keys: Sequence[str], text: str,
                 author: str = "") -> None:
        """Escalation steps taken (the one called and those it passes over),
        with one line on the timeline."""
        with self._lock, immediate(self.conn) as conn:
            self._field(conn, incident_id, "id")
            now = self.clock.now()
            for key in keys:
                response_sql.claim(conn, incident_id, key, now, author)
            self._log(conn, incident_id, EntryKind.ESCALATION, text, author)

    def response_log(self, incident_id: str) -> dict[str, datetime]:
        with self._lock:
            return response_sql.logged(self.conn, incident_id)

    def save_slo_events(self, incident_id: str, spec: SloSpec, events: SloEvents) -> None:
        with self._lock, self._giving_way(), immediate(self.conn) as conn:
            response_sql.save_measurement(conn, incident_id, spec, events)

    def slo_impacts(self, incident_id: str) -> list[SloImpact]:
        """Each SLO's error budget spent, as last measured (with the stored
        SLO, so that a review needs neither the config nor a Prometheus)."""
        with self._lock:
            return [SloImpact(spec, events) for spec, events
                    in response_sql.measurements(self.conn, incident_id)]

    def snooze_update(self, incident_id: str, until: datetime, reason: str,
                      author: str = "") -> Incident:
        """Put off the update reminder until `until`, for a stated reason."""
        reason = reason.strip()
        if not reason:
            raise ValueError("snoozing the update reminder needs a reason")
        with self._lock, immediate(self.conn) as conn:
            self._field(conn, incident_id, "id")
            self._change(conn, incident_id, {"update_snoozed_until": to_iso(until),
                                             "update_snooze_reason": reason},
                         EntryKind.COMMUNICATION,
                         f"Update reminder snoozed until {clock_utc(until)}: {reason}", author)
        return self._required(incident_id)

    # -- timeline --------------------------------------------------------------

    def add_entry(
        self,
        incident_id: str,
        text: str,
        kind: EntryKind = EntryKind.NOTE,
        *,
        at: datetime | None = None,
        author: str = "",
        starred: bool = False,
    ) -> TimelineEntry:
        now = self.clock.now()
        with self._lock, immediate(self.conn) as conn:
            entry_id = self._insert_entry(conn, incident_id, at or now, kind, text, author,
                                          starred, to_iso(now))
        return TimelineEntry(entry_id, incident_id, at or now, kind, text, author, starred)

    def entries(self, incident_id: str) -> list[TimelineEntry]:
        with self._lock:
            rows = self._query(
                "SELECT * FROM timeline WHERE incident_id = ? AND deleted_at IS NULL",
                [incident_id],
            )
            return chronological([entry_from_row(row) for row in rows])

    def entry(self, entry_id: int) -> TimelineEntry | None:
        """One entry, deleted or not (undo needs the deleted ones)."""
        with self._lock:
            rows = self._query("SELECT * FROM timeline WHERE id = ?", [entry_id])
            return entry_from_row(rows[0]) if rows else None

    def edit_entry(self, entry_id: int, *, text: str | None = None, at: datetime | None = None,
                   kind: EntryKind | None = None) -> TimelineEntry:
        """Change an entry's text, time or kind in place."""
        changes: dict[str, Any] = {}
        if text is not None:
            changes["text"] = text
        if at is not None:
            changes["at"] = to_iso(at)
        if kind is not None:
            changes["kind"] = kind.value
        with self._lock, immediate(self.conn) as conn:
            if changes:
                assignments = ", ".join(f"{name} = ?" for name in changes)
                updated = conn.execute(f"UPDATE timeline SET {assignments} WHERE id = ?",
                                       [*changes.values(), entry_id]).rowcount
                if not updated:
                    raise KeyError(entry_id)
        edited = self.entry(entry_id)
        if edited is None:
            raise KeyError(entry_id)
        return edited

    def set_starred(self, entry_id: int, starred: bool) -> None:
        with self._lock, immediate(self.conn) as conn:
            conn.execute("UPDATE timeline SET starred = ? WHERE id = ?",
                         [int(starred), entry_id])

    def delete_entry(self, entry_id: int) -> None:
        """Hide an entry; `restore_entry` undoes it (nothing is erased)."""
        with self._lock, immediate(self.conn) as conn:
            conn.execute("UPDATE timeline SET deleted_at = ? WHERE id = ?",
                         [to_iso(self.clock.now()), entry_id])

    def restore_entry(self, entry_id: int) -> None:
        with self._lock, immediate(self.conn) as conn:
            conn.execute("UPDATE timeline SET deleted_at = NULL WHERE id = ?", [entry_id])

    def record(self, incident_id: str) -> IncidentRecord:
        """The incident with its timeline, checklists and follow-ups, read
        under one lock so that they agree with each other."""
        with self._lock:
            return IncidentRecord(self._required(incident_id), self.entries(incident_id),
                                  self.attachments(incident_id), self.marks(incident_id),
                                  self.action_items(incident_id), self.drafts(incident_id),
                                  self.review_notes(incident_id),
                                  self.response_log(incident_id),
                                  self.slo_impacts(incident_id))

    # -- playbooks and checklists ------------------------------------------------

    def attach_playbooks(self, incident_id: str, books: Sequence[Playbook],
                         author: str = "", *, at: datetime | None = None) -> list[str]:
        """Attach each playbook as it is now, logging each one; those
        attached already are left alone. Returns the ids attached. `at`
        backdates the attachment (to the declaration of a seeded incident)."""
        now = at or self.clock.now()
        attached = []
        with self._lock, immediate(self.conn) as conn:
            self._field(conn, incident_id, "id")
            titles = []
            for book in books:
                if ChecklistLog.attach(conn, incident_id, book, now, author):
                    attached.append(book.id)
                    titles.append(book.title)
            if titles:
                # One line for what was attached together: the timeline is
                # for the incident, not for bookkeeping.
                label = "Playbook attached" if len(titles) == 1 else "Playbooks attached"
                self._log(conn, incident_id, EntryKind.ACTION, f"{label}: {', '.join(titles)}",
                          author, at=now)
        return attached

    def detach_playbook(self, incident_id: str, playbook_id: str, author: str = "") -> None:
        """Take a playbook off the incident. Its marks are kept (and shown
        again if it is attached again); the timeline says how far it got."""
        now = self.clock.now()
        with self._lock, immediate(self.conn) as conn:
            attachment = self._attachment(conn, incident_id, playbook_id)
            incident = self._required(incident_id)
            done = progress(item_statuses(incident, attachment,
                                          latest_marks(ChecklistLog.marks(conn, incident_id))))
            ChecklistLog.detach(conn, incident_id, playbook_id, now, author)
            self._log(conn, incident_id, EntryKind.ACTION,
                      f"Playbook detached: {attachment.playbook.title} ({done.describe()})",
                      author)

    def attachments(self, incident_id: str) -> list[Attachment]:
        with self._lock:
            return ChecklistLog.attachments(self.conn, incident_id)

    def mark_item(self, incident_id: str, playbook_id: str, item_key: str, state: MarkState,
                  author: str = "", *, reason: str = "", shown_text: str = "") -> Mark:
        """Tick, untick or skip (with a reason) an item of an attached
        playbook; logged on the timeline in the same transaction.
        `shown_text` is the item as the tracker showed it (placeholders filled)."""
        reason = reason.strip()
        if state is MarkState.SKIPPED and not reason:
            raise ValueError("skipping an item needs a reason")
        mark = Mark(playbook_id, item_key, state, self.clock.now(), author, reason)
        with self._lock, immediate(self.conn) as conn:
            book = self._attachment(conn, incident_id, playbook_id).playbook
            item = book.item(item_key)
            if item is None:
                raise KeyError(f"{book.title} has no item {item_key!r}")
            line = mark_line(state, book.title, shown_text or item.text, reason)
            entry_id = self._log(conn, incident_id, EntryKind.ACTION, line, author, at=mark.at)
            ChecklistLog.add_mark(conn, incident_id, mark, entry_id)
        return mark

    def marks(self, incident_id: str) -> list[Mark]:
        with self._lock:
            return ChecklistLog.marks(self.conn, incident_id)

    @staticmethod
    def _attachment(conn: Any, incident_id: str, playbook_id: str) -> Attachment:
        for attachment in ChecklistLog.attachments(conn, incident_id):
            if attachment.playbook.id == playbook_id:
                return attachment
        raise KeyError(f"playbook {playbook_id!r} is not attached to {incident_id}")

    # -- follow-up action items ----------------------------------------------------

    def add_action_item(self, incident_id: str, draft: ActionDraft, author: str = ""
                        ) -> ActionItem:
        if not draft.description.strip():
            raise ValueError("an action item needs a description")
        now = self.clock.now()
        with self._lock, immediate(self.conn) as conn:
            self._field(conn, incident_id, "id")
            item_id = action_sql.insert(conn, incident_id, draft, now, author)
            self._log(conn, incident_id, EntryKind.ACTION,
                      f"Follow-up #{item_id}: {describe(draft)}", author)
            item = action_sql.one(conn, item_id)
        assert item is not None
        return item

    def update_action_item(self, item_id: int, draft: ActionDraft, author: str = ""
                           ) -> ActionItem:
        """Save an edited follow-up; what changed is logged on its incident's timeline."""
        if not draft.description.strip():
            raise ValueError("an action item needs a description")
        now = self.clock.now()
        with self._lock, immediate(self.conn) as conn:
            before = action_sql.one(conn, item_id)
            if before is None:
                raise KeyError(f"no action item #{item_id}")
            changes = action_changes(before, draft)
            if changes:
                action_sql.update(conn, item_id, draft, now)
                self._log(conn, before.incident_id, EntryKind.ACTION,
                          f"Follow-up #{item_id}: {', '.join(changes)}", author)
            item = action_sql.one(conn, item_id)
        assert item is not None
        return item

    def action_items(self, incident_id: str) -> list[ActionItem]:
        with self._lock:
            return action_sql.for_incident(self.conn, incident_id)

    def stats(self, now: datetime, levels: Sequence[SeverityLevel]) -> StatsReport:
        """The incident metrics over the whole database (see model/stats.py)."""
        with self._lock:
            incidents = self.incidents()
            actions = action_sql.every(self.conn)
        return incident_stats(incidents, actions, now, levels)

    # -- the demo replay -------------------------------------------------------------

    def join_demo(self, incident: Incident, entries: Sequence[TimelineEntry], wall_now: datetime,
                  playing: Callable[[datetime], bool], *, restart: bool = True
                  ) -> tuple[datetime, bool]:
        """When (wall clock) the demo replay being played began: the stored
        one while `playing` says it still plays, else a new one from
        `wall_now`, with the demo incident seeded again as recorded (with
        `restart`; without, one already there is kept). Returns that moment
        and whether the incident was seeded. One transaction: two war rooms
        started together play one replay."""
        with self._lock, immediate(self.conn) as conn:
            exists = conn.execute("SELECT 1 FROM incidents WHERE id = ?",
                                  [incident.id]).fetchone() is not None
            began = demo_replay.began(conn, incident.id) if exists else None
            if exists and began is not None and (playing(began) or not restart):
                return began, False
            if exists and restart:
                demo_replay.forget(conn, [incident.id])
            seeded = not exists or restart
            if seeded:
                self._insert_incident(conn, incident, entries)
            demo_replay.mark_began(conn, incident.id, wall_now)
        return wall_now, seeded

    def play_story(self, story: DemoStory, now: datetime) -> int:
        """The demo story's steps reached by `now`, each applied once (here
        or by another war room on the file); returns how many were."""
        def log(conn: Any, incident_id: str, at: datetime, kind: str, text: str,
                author: str) -> None:
            self._insert_entry(conn, incident_id, at, EntryKind(kind), text, author, False,
                               to_iso(self.clock.now()))

        due = {story.key(index) for index, _ in story.due(now)}
        with self._lock:
            # Most refreshes reach no new step: a read says so without the
            # write lock, which another program may hold (a note typed
            # meanwhile must not queue behind the replay's wait for it).
            if due <= set(response_sql.logged(self.conn, story.incident_id)):
                return 0
            with self._giving_way(), immediate(self.conn) as conn:
                return demo_replay.play(conn, story, now, log)

    # -- whole incidents, out and in ---------------------------------------------

    def export_incident(self, incident_id: str) -> dict[str, Any]:
        """Everything kept for the incident, as a versioned JSON document."""
        with self._lock:
            return incident_dump.dump_incident(self.conn, incident_id)

    def import_incident(self, document: dict[str, Any]) -> str:
        """Load an exported incident, all or nothing; returns its id."""
        with self._lock, immediate(self.conn) as conn:
            return incident_dump.load_incident(conn, document)

    # -- metric snapshots, for offline review ------------------------------------

    def save_metric_snapshot(self, incident_id: str, spec: PaneSpec,
                             snapshot: MetricSnapshot) -> int:
        with self._lock, self._giving_way(), immediate(self.conn) as conn:
            return self._archive.save(conn, incident_id, spec, snapshot)

    def save_metric_failure(self, incident_id: str, pane_id: str, at: datetime,
                            window_seconds: int, error: str) -> None:
        with self._lock, self._giving_way(), immediate(self.conn) as conn:
            self._archive.save_failure(conn, incident_id, pane_id, at, window_seconds, error)

    def metric_panes(self, incident_id: str) -> tuple[PaneSpec, ...]:
        with self._lock:
            return self._archive.panes(self.conn, incident_id)

    def metric_snapshot(self, incident_id: str, pane_id: str, at: datetime,
                        window_seconds: int) -> MetricSnapshot:
        with self._lock:
            return self._archive.snapshot(self.conn, incident_id, pane_id, at, window_seconds)

    # -- pod states, for offline review ---------------------------------------------

    def save_pod_changes(self, incident_id: str, at: datetime, changed: Sequence[PodRow],
                         gone: Sequence[str]) -> None:
        if not changed and not gone:
            return
        with self._lock, self._giving_way(), immediate(self.conn) as conn:
            self._pods.save(conn, incident_id, at, changed, gone)

    def last_stored_at(self, incident_id: str) -> datetime | None:
        """When the war room last stored metrics or pods for the incident."""
        with self._lock:
            row = self.conn.execute(
                "SELECT max(at) FROM (SELECT max(at) AS at FROM metric_fetches WHERE "
                "incident_id = ? UNION ALL SELECT max(at) FROM pod_states WHERE "
                "incident_id = ?)", [incident_id, incident_id]).fetchone()
        return from_iso(row[0]) if row and row[0] else None

    def pods_at(self, incident_id: str, at: datetime) -> PodSnapshot:
        with self._lock:
            return self._pods.at(self.conn, incident_id, at)

    def stored_pods(self, incident_id: str) -> dict[str, PodRow]:
        with self._lock:
            return self._pods.latest(self.conn, incident_id)

    # -- the pane layout, shared by every incident ---------------------------------

    def pane_overrides(self) -> list[PaneOverride]:
        with self._lock:
            rows = self.conn.execute(
                "SELECT pane_id, spec, position FROM pane_overrides ORDER BY position"
            ).fetchall()
        return [PaneOverride(pane_id, spec_from_json(spec) if spec else None, position)
                for pane_id, spec, position in rows]

    def save_pane(self, spec: PaneSpec, author: str = "") -> None:
        """Add or replace a pane; an edited pane keeps its place."""
        self._override(spec.id, spec_to_json(spec), author)

    def remove_pane(self, pane_id: str, *, configured: bool, author: str = "") -> None:
        """A pane from the config file is hidden; one added in the app is gone."""
        if configured:
            self._override(pane_id, None, author)
            return
        with self._lock, immediate(self.conn) as conn:
            conn.execute("DELETE FROM pane_overrides WHERE pane_id = ?", [pane_id])

    def _override(self, pane_id: str, spec: str | None, author: str) -> None:
        now = to_iso(self.clock.now())
        with self._lock, immediate(self.conn) as conn:
            conn.execute(
                """INSERT INTO pane_overrides (pane_id, spec, position, updated_at, updated_by)
                   VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM pane_overrides),
                           ?, ?)
                   ON CONFLICT (pane_id) DO UPDATE SET spec = excluded.spec,
                       updated_at = excluded.updated_at, updated_by = excluded.updated_by""",
                [pane_id, spec, now, author])

    def data_version(self) -> int:
        """Changes whenever another connection commits: a cheap way to notice
        that a second Warroom on the same file has written something."""
        with self._lock:
            return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    # -- helpers ---------------------------------------------------------------

    @staticmethod
    def _field(conn: Any, incident_id: str, column: str) -> Any:
        row = conn.execute(f"SELECT {column} FROM incidents WHERE id = ?",
                           [incident_id]).fetchone()
        if row is None:
            raise KeyError(incident_id)
        return row[0]

    def _change(self, conn: Any, incident_id: str, columns: dict[str, Any], kind: EntryKind,
                text: str, author: str) -> None:
        """Update the incident's columns and log the change, in the caller's
        transaction."""
        assignments = "".join(f"{name} = ?, " for name in columns)
        conn.execute(f"UPDATE incidents SET {assignments}updated_at = ? WHERE id = ?",
                     [*columns.values(), to_iso(self.clock.now()), incident_id])
        self._log(conn, incident_id, kind, text, author)

    def _log(self, conn: Any, incident_id: str, kind: EntryKind, text: str, author: str,
             *, at: datetime | None = None) -> int:
        """A timeline line written now (dated `at` when given), in the
        caller's transaction."""
        now = self.clock.now()
        return self._insert_entry(conn, incident_id, at or now, kind, text, author, False,
                                  to_iso(now))

    def _required(self, incident_id: str) -> Incident:
        incident = self.incident(incident_id)
        if incident is None:
            raise KeyError(incident_id)
        return incident

    @staticmethod
    def _insert_entry(
        conn: Any, incident_id: str, at: datetime, kind: EntryKind, text: str, author: str,
        starred: bool, created_at: str,
    ) -> int:
        cursor = conn.execute(
            """INSERT INTO timeline (incident_id, at, kind, text, author, starred, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [incident_id, to_iso(at), kind.value, text, author, int(starred), created_at],
        )
        return int(cursor.lastrowid)

    def _incident_from_row(self, row: dict[str, Any],
                           milestones: dict[Milestone, datetime] | None = None) -> Incident:
        """Raises UnreadableRow, naming the incident and the column."""
        if milestones is None:
            milestones = {}
            for m in self._query("SELECT name, at FROM milestones WHERE incident_id = ?",
                                 [row["id"]]):
                add_milestone(milestones, m["name"], m["at"])
        try:
            return incident_from_row(row, milestones)
        except UNREADABLE as error:
            raise UnreadableRow(f"incident {shown(row.get('id'))} cannot be read: {error} "
                                "(written outside this Warroom?)") from None


def _json(value: Any) -> str:
    # Names as typed ("Zoë"), so that searching the record finds them.
    return json.dumps(value, ensure_ascii=False)
