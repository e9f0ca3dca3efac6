"""The checklist aggregate: playbooks attached to an incident and the marks
on their items, each change logged on the timeline in its transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from tui.model import timeline_wording as wording
from tui.model.checklist import (
    Attachment,
    Mark,
    MarkState,
    item_statuses,
    latest_marks,
    mark_line,
    progress,
)
from tui.model.conflicts import MarkConflict
from tui.model.playbook import Playbook
from tui.model.timeline import EntryKind
from tui.store import checklist_log as checklist_sql
from tui.store.database import Database
from tui.store.incidents import Incidents
from tui.store.timeline import Timeline


class Checklists:
    def __init__(self, db: Database, incidents: Incidents, timeline: Timeline) -> None:
        self._db = db
        self._incidents = incidents
        self._timeline = timeline

    def attach(self, incident_id: str, books: Sequence[Playbook], author: str = "", *,
               at: datetime | None = None) -> list[str]:
        """Attach each playbook as it is now, logging them in one line; those
        attached already are left alone. Returns the ids attached. `at`
        backdates the attachment (to the declaration of a seeded incident)."""
        now = at or self._db.clock.now()
        attached, titles = [], []
        with self._db.transaction() as conn:
            self._incidents.field(incident_id, "id")
            for book in books:
                if checklist_sql.attach(conn, incident_id, book, now, author):
                    attached.append(book.id)
                    titles.append(book.title)
            if titles:
                self._timeline.log(incident_id, EntryKind.ACTION,
                                   wording.playbooks_attached_line(titles), author, at=now)
        return attached

    def detach(self, incident_id: str, playbook_id: str, author: str = "") -> None:
        """Take a playbook off the incident. Its marks are kept (and shown
        again if it is attached again); the timeline says how far it got."""
        now = self._db.clock.now()
        with self._db.transaction() as conn:
            attachment = self._attachment(incident_id, playbook_id)
            incident = self._incidents.required(incident_id)
            done = progress(item_statuses(incident, attachment,
                                          latest_marks(checklist_sql.marks(conn, incident_id))))
            checklist_sql.detach(conn, incident_id, playbook_id, now, author)
            self._timeline.log(incident_id, EntryKind.ACTION, wording.playbook_detached_line(
                attachment.playbook.title, done.describe()), author)

    def mark(self, incident_id: str, playbook_id: str, item_key: str, state: MarkState,
             author: str = "", *, reason: str = "", shown_text: str = "",
             seen: int | None = None) -> Mark:
        """Tick, untick or skip (with a reason) an item of an attached
        playbook; logged on the timeline in the same transaction.
        `shown_text` is the item as the tracker showed it (placeholders filled).
        `seen`, the id of the mark the tracker showed (0: none): when
        someone marked the item since, MarkConflict and nothing written,
        whether their mark is the one asked for (`already`) or not (theirs
        is not flipped blindly)."""
        reason = reason.strip()
        if state is MarkState.SKIPPED and not reason:
            raise ValueError("skipping an item needs a reason")
        mark = Mark(playbook_id, item_key, state, self._db.clock.now(), author, reason)
        with self._db.transaction() as conn:
            latest = checklist_sql.latest_mark(conn, incident_id, playbook_id, item_key)
            if seen is not None and latest is not None and latest.id != seen:
                raise MarkConflict(latest, already=latest.state is state)
            book = self._attachment(incident_id, playbook_id).playbook
            item = book.item(item_key)
            if item is None:
                raise KeyError(f"{book.title} has no item {item_key!r}")
            line = mark_line(state, book.title, shown_text or item.text, reason)
            entry_id = self._timeline.log(incident_id, EntryKind.ACTION, line, author,
                                          at=mark.at)
            mark = replace(mark, id=checklist_sql.add_mark(conn, incident_id, mark, entry_id))
        return mark

    def attachments(self, incident_id: str) -> list[Attachment]:
        with self._db.reading() as conn:
            return checklist_sql.attachments(conn, incident_id)

    def marks(self, incident_id: str) -> list[Mark]:
        with self._db.reading() as conn:
            return checklist_sql.marks(conn, incident_id)

    def _attachment(self, incident_id: str, playbook_id: str) -> Attachment:
        for attachment in self.attachments(incident_id):
            if attachment.playbook.id == playbook_id:
                return attachment
        raise KeyError(f"playbook {playbook_id!r} is not attached to {incident_id}")
