"""The incident aggregate: the record (title, severity, status, roles,
details, milestones), declared, changed and found. Each change is logged
on the timeline, in its transaction, in words from tui/model."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

from tui.model import timeline_wording as wording
from tui.model.conflicts import RecordConflict, merge_record
from tui.model.incident import (
    Incident,
    IncidentDraft,
    Milestone,
    Roles,
    Status,
    new_incident_id,
    role_changes,
)
from tui.model.timefmt import from_iso, readable_time, to_iso
from tui.model.timeline import EntryKind, TimelineEntry
from tui.store import search_index
from tui.store.database import Database
from tui.store.incident_rows import add_milestone, incident_from_row
from tui.store.row_reading import UNREADABLE, UnreadableRow, shown
from tui.store.timeline import Timeline, insert_entry

# Status changes that also mark a milestone, the first time they happen.
_STATUS_MILESTONE = {
    Status.IDENTIFIED: Milestone.IDENTIFIED,
    Status.MONITORING: Milestone.MITIGATED,
    Status.RESOLVED: Milestone.RESOLVED,
}


class Incidents:
    def __init__(self, db: Database, timeline: Timeline) -> None:
        self._db = db
        self._timeline = timeline

    # -- writing ---------------------------------------------------------------

    def create(self, incident: Incident, entries: Iterable[TimelineEntry] = (), *,
               if_missing: bool = False) -> bool:
        """Insert an incident with its milestones and first timeline entries,
        atomically. With `if_missing`, an existing incident is left alone and
        False is returned."""
        with self._db.transaction() as conn:
            exists = conn.execute("SELECT 1 FROM incidents WHERE id = ?", [incident.id]).fetchone()
            if exists and if_missing:
                return False
            self.insert(conn, incident, entries)
        return True

    def insert(self, conn: Any, incident: Incident, entries: Iterable[TimelineEntry]) -> None:
        """The rows of a whole incident, in the caller's transaction."""
        now = self._db.now_iso()
        conn.execute(
            """INSERT INTO incidents (id, title, description, severity, status, impact,
               services, roles, scenarios, last_update_at, is_demo, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [incident.id, incident.title, incident.description, incident.severity,
             incident.status.value, incident.impact, as_json(list(incident.services)),
             as_json(asdict(incident.roles)), as_json(list(incident.scenarios)),
             to_iso(incident.last_update_at) if incident.last_update_at else None,
             int(incident.is_demo), now, now])
        conn.executemany(
            "INSERT INTO milestones (incident_id, name, at) VALUES (?, ?, ?)",
            [(incident.id, name.value, to_iso(at)) for name, at in incident.milestones.items()])
        for entry in entries:
            insert_entry(conn, incident.id, entry.at, entry.kind, entry.text, entry.author,
                         entry.starred, now)

    def declare(self, draft: IncidentDraft, author: str = "") -> Incident:
        """A new incident from the declare dialog, with its first timeline lines."""
        if not draft.title.strip():
            raise ValueError("an incident needs a title")
        now = self._db.clock.now()
        incident = Incident(
            id="", title=draft.title.strip(), severity=draft.severity,
            status=Status.INVESTIGATING, description=draft.description, impact=draft.impact,
            services=draft.services, roles=draft.roles, scenarios=draft.scenarios,
            milestones={Milestone.STARTED: draft.started_at or now, Milestone.DECLARED: now})
        lines = wording.declared_lines(draft, incident.title)
        # The id is chosen in the transaction that takes it: two laptops
        # declaring in the same minute get -2, never a clash.
        with self._db.transaction() as conn:
            taken = {row[0] for row in conn.execute("SELECT id FROM incidents")}
            incident = replace(incident, id=new_incident_id(now, taken))
            self.insert(conn, incident, [
                TimelineEntry(0, incident.id, now, EntryKind.STATUS if index else
                              EntryKind.MILESTONE, line, author)
                for index, line in enumerate(lines)])
            return self.required(incident.id)

    def update(self, incident_id: str, columns: dict[str, Any], line: str = "",
               kind: EntryKind = EntryKind.STATUS, author: str = "") -> None:
        """Set the incident's columns and log `line`, in one transaction."""
        assignments = "".join(f"{name} = ?, " for name in columns)
        with self._db.transaction() as conn:
            # Every change bumps the version, saying who and when (see `merged`).
            changed = conn.execute(
                f"UPDATE incidents SET {assignments}version = version + 1, updated_by = ?, "
                "updated_at = ? WHERE id = ?",
                [*columns.values(), author, self._db.now_iso(), incident_id])
            if not changed.rowcount:
                raise KeyError(incident_id)
            if line:
                self._timeline.log(incident_id, kind, line, author)

    def set_status(self, incident_id: str, status: Status, author: str = "") -> Incident:
        """Change the status, log it on the timeline and mark its milestone."""
        with self._db.transaction() as conn:
            previous = Status(self.field(incident_id, "status"))
            self.update(incident_id, {"status": status.value},
                        wording.status_line(previous, status), author=author)
            milestone = _STATUS_MILESTONE.get(status)
            if milestone:
                conn.execute(
                    "INSERT OR IGNORE INTO milestones (incident_id, name, at) VALUES (?, ?, ?)",
                    [incident_id, milestone.value, self._db.now_iso()])
            return self.required(incident_id)

    def set_severity(self, incident_id: str, severity: str, author: str = "",
                     reason: str = "") -> Incident:
        """Change the severity and log it, with the reason when given."""
        with self._db.transaction():
            previous = self.field(incident_id, "severity")
            if previous != severity:
                self.update(incident_id, {"severity": severity},
                            wording.severity_line(previous, severity, reason), author=author)
            return self.required(incident_id)

    def set_roles(self, incident_id: str, roles: Roles, author: str = "") -> Incident:
        """Change who holds which role; each change is its own timeline line."""
        with self._db.transaction():
            stored = json.loads(self.field(incident_id, "roles"))
            stored["smes"] = tuple(stored.get("smes", ()))
            changes = role_changes(Roles(**stored), roles)
            if changes:
                self.update(incident_id, {"roles": as_json(asdict(roles))}, changes[0],
                            author=author)
                for line in changes[1:]:
                    self._timeline.log(incident_id, EntryKind.STATUS, line, author)
            return self.required(incident_id)

    def set_details(self, incident_id: str, *, title: str, description: str, impact: str,
                    services: tuple[str, ...], scenarios: tuple[str, ...] | None = None,
                    author: str = "") -> Incident:
        """Title, description, impact and services as edited; what changed is logged."""
        if not title.strip():
            raise ValueError("an incident needs a title")
        with self._db.transaction() as conn:
            row = conn.execute("SELECT title, description, impact, services, scenarios "
                               "FROM incidents WHERE id = ?", [incident_id]).fetchone()
            if row is None:
                raise KeyError(incident_id)
            stored_scenarios = tuple(json.loads(row[4]))
            if scenarios is None:
                scenarios = stored_scenarios
            lines = wording.detail_lines(
                (row[0], row[1], row[2], tuple(json.loads(row[3])), stored_scenarios),
                (title, description, impact, services, scenarios))
            self.update(incident_id, {
                "title": title, "description": description, "impact": impact,
                "services": as_json(list(services)), "scenarios": as_json(list(scenarios))},
                author=author)
            for line in lines:
                self._timeline.log(incident_id, EntryKind.STATUS, line, author)
            return self.required(incident_id)

    def merged(self, incident_id: str, base: Incident, draft: IncidentDraft) -> IncidentDraft:
        """The edit form's `draft`, typed over `base`, as it may be saved on
        the record as stored now: unchanged when nobody wrote it since;
        else with the others' changes kept in the fields not typed in.
        RecordConflict when a field typed in was changed by someone else
        too. In the caller's write transaction: nobody writes between this
        read and its save (the write lock, on either engine)."""
        with self._db.transaction() as conn:
            current = self.required(incident_id)
            if current.version == base.version:
                return draft
            merged, clashing = merge_record(base, draft, current)
            if clashing:
                who, at = conn.execute("SELECT updated_by, updated_at FROM incidents "
                                       "WHERE id = ?", [incident_id]).fetchone()
                raise RecordConflict(current, clashing, merged, who, readable_time(at))
            return merged

    def set_milestone(self, incident_id: str, milestone: Milestone, at: datetime | None,
                      author: str = "") -> Incident:
        """Set, correct or (with None) clear a milestone, and log it."""
        with self._db.transaction() as conn:
            self.field(incident_id, "id")
            row = conn.execute("SELECT at FROM milestones WHERE incident_id = ? AND name = ?",
                               [incident_id, milestone.value]).fetchone()
            before = from_iso(row[0]) if row is not None else None
            if at is None:
                if row is None:
                    return self.required(incident_id)
                conn.execute("DELETE FROM milestones WHERE incident_id = ? AND name = ?",
                             [incident_id, milestone.value])
            else:
                conn.execute("INSERT INTO milestones (incident_id, name, at) VALUES (?, ?, ?) "
                             "ON CONFLICT (incident_id, name) DO UPDATE SET at = excluded.at",
                             [incident_id, milestone.value, to_iso(at)])
            self.update(incident_id, {}, wording.milestone_line(milestone, before, at),
                        EntryKind.MILESTONE, author)
            return self.required(incident_id)

    # -- reading ---------------------------------------------------------------

    def get(self, incident_id: str) -> Incident | None:
        with self._db.reading():
            rows = self._db.query("SELECT * FROM incidents WHERE id = ?", [incident_id])
            return self._from_row(rows[0]) if rows else None

    def required(self, incident_id: str) -> Incident:
        incident = self.get(incident_id)
        if incident is None:
            raise KeyError(incident_id)
        return incident

    def field(self, incident_id: str, column: str) -> Any:
        """One column of the incident; KeyError when there is no such incident."""
        with self._db.reading() as conn:
            row = conn.execute(f"SELECT {column} FROM incidents WHERE id = ?",
                               [incident_id]).fetchone()
        if row is None:
            raise KeyError(incident_id)
        return row[0]

    def all(self) -> list[Incident]:
        with self._db.reading() as conn:
            rows = self._db.query("SELECT * FROM incidents ORDER BY created_at DESC")
            # One read of every milestone, not one per incident (stats over thousands).
            milestones: dict[str, dict[Milestone, datetime]] = {}
            for incident_id, name, at in conn.execute(
                    "SELECT incident_id, name, at FROM milestones"):
                add_milestone(milestones.setdefault(incident_id, {}), name, at)
            return self._readable(rows, milestones)

    def find(self, text: str = "", *, which: str = "all") -> list[Incident]:
        """Incidents `which` of "open", "resolved" (or closed) or "all". With
        `text`, those whose record or timeline has every typed word (each as
        a prefix), most relevant first; without, newest first."""
        closed = (Status.RESOLVED.value, Status.CLOSED.value)
        where: list[str] = []
        params: list[Any] = []
        if which == "open":
            where.append("incidents.status NOT IN (?, ?)")
            params += closed
        elif which == "resolved":
            where.append("incidents.status IN (?, ?)")
            params += closed
        with self._db.reading() as conn:
            if text.strip():
                match = search_index.match_all_prefixes(text)
                if match is None:  # only punctuation: no word to find
                    return []
                return self._readable(search_index.index_for(conn).ranked_rows(match, where=where,
                                                                    params=params))
            sql = "SELECT * FROM incidents"
            if where:
                sql += " WHERE " + " AND ".join(where)
            return self._readable(self._db.query(sql + " ORDER BY created_at DESC, id DESC",
                                                 params))

    def look_alikes(self, title: str, services: Sequence[str] = (),
                    scenarios: Sequence[str] = (), *, leave_out: str = "",
                    limit: int = 5) -> list[Incident]:
        """Past incidents most like one being declared: sharing its services,
        scenario tags and title words, in their record or timeline. Demo
        incidents are left out: they are not anyone's history."""
        match = search_index.match_any(search_index.terms(title, *services, *scenarios))
        if match is None:
            return []
        with self._db.reading() as conn:
            rows = search_index.index_for(conn).ranked_rows(
                match, where=["incidents.is_demo = 0", "incidents.id != ?"],
                params=[leave_out], limit=limit)
            return self._readable(rows)

    def unreadable(self) -> list[str]:
        """Why each incident the lists leave out cannot be read, one line each."""
        found = []
        with self._db.reading():
            for row in self._db.query("SELECT * FROM incidents ORDER BY created_at DESC"):
                try:
                    self._from_row(row)
                except UnreadableRow as error:
                    found.append(str(error))
        return found

    def _readable(self, rows: list[dict[str, Any]],
                  milestones: dict[str, dict[Milestone, datetime]] | None = None
                  ) -> list[Incident]:
        """The incidents that can be read; the others are left out of lists
        (`unreadable` says why), so that one bad row does not stop `all`,
        `stats` or the picker."""
        found = []
        for row in rows:
            try:
                found.append(self._from_row(
                    row, None if milestones is None else milestones.get(row["id"], {})))
            except UnreadableRow:
                continue
        return found

    def _from_row(self, row: dict[str, Any],
                  milestones: dict[Milestone, datetime] | None = None) -> Incident:
        """Raises UnreadableRow, naming the incident and the column."""
        if milestones is None:
            milestones = {}
            for m in self._db.query("SELECT name, at FROM milestones WHERE incident_id = ?",
                                    [row["id"]]):
                add_milestone(milestones, m["name"], m["at"])
        try:
            return incident_from_row(row, milestones)
        except UNREADABLE as error:
            raise UnreadableRow(f"incident {shown(row.get('id'))} cannot be read: {error} "
                                "(written outside this Warroom?)") from None


def as_json(value: Any) -> str:
    # Names as typed ("Zoë"), so that searching the record finds them.
    return json.dumps(value, ensure_ascii=False)
