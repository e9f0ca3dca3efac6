"""An incident dump merged into the same incident already in the database:
`warroom import` of an incident that is there, and `warroom sync --push` of
a laptop's local copy. What was written elsewhere is added, keeping its
times and authors; what is already here is never added twice.

Rows are matched by their uid (migration 15), the same in every copy of
the incident; a dump from before uids existed is matched on its words,
time and author. A row on both sides is merged three ways against what the
local copy held when pulled (its `base`, carried in the dump): a field
changed on the copy only is changed here, one changed here only is kept,
and words changed on both sides are both kept, the copy's as a new entry
marked "(edited offline)". Without a base nothing says which side changed
a row: here's is kept, and counted as differing."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tui.model.local_copy import EDITED_OFFLINE, MergeCounts
from tui.store.incident_dump import insert_row, rows_of

if TYPE_CHECKING:
    from tui.store.database import Connection

# The fields a row is edited in, compared three ways; long text by its hash.
FIELDS: dict[str, tuple[str, ...]] = {
    "incidents": ("title", "description", "severity", "status", "impact", "services",
                  "scenarios", "roles", "last_update_at", "update_snoozed_until",
                  "update_snooze_reason"),
    "milestones": ("at",),
    "timeline": ("text", "at", "kind", "starred", "deleted_at"),
    "action_items": ("description", "owner", "due", "priority", "type", "status"),
    "review_notes": ("text",),
}
# What names a row of each in every copy of the incident.
KEYS = {"incidents": "id", "milestones": "name", "timeline": "uid", "action_items": "uid",
        "review_notes": "field"}
_HASHED = frozenset({"text", "description", "impact", "title", "services", "scenarios", "roles",
                     "update_snooze_reason"})
# The fields that, changed on both sides, would lose words if one side won.
_WORDS = {"incidents": "description", "timeline": "text", "action_items": "description",
          "review_notes": "text"}


_VERSIONED = frozenset({"incidents", "timeline"})

# What a field was "before" a row that did not exist: equal to no value.
_ABSENT = "\x00absent"


def digest(table: str, row: dict[str, Any]) -> list[Any]:
    """The row's editable fields as the base keeps them (text hashed)."""
    return [_hash(row.get(name)) if name in _HASHED else row.get(name)
            for name in FIELDS[table]]


def _hash(value: Any) -> str:
    return hashlib.sha256(str(value).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def merge_incident(conn: Connection, document: dict[str, Any]) -> MergeCounts:
    """Merge the (checked) dump into its incident, in the caller's transaction."""
    incident_id = document["incident"]["id"]
    copy = document.get("local_copy")
    merge = _Merge(conn, incident_id, copy.get("base") if isinstance(copy, dict) else None)
    merge.record(document["incident"])
    merge.milestones(document.get("milestones", []))
    merge.attachments(document.get("playbook_attachments", []))
    entry_ids = merge.timeline(document.get("timeline", []))
    merge.marks(document.get("checklist_marks", []), entry_ids)
    merge.follow_ups(document.get("action_items", []))
    merge.review_notes(document.get("review_notes", []))
    return merge.counts


class _Merge:
    def __init__(self, conn: Connection, incident_id: str,
                 base: dict[str, dict[str, list[Any]]] | None) -> None:
        self.conn = conn
        self.incident_id = incident_id
        self.base = base
        self.counts = MergeCounts()

    def _here(self, table: str) -> list[dict[str, Any]]:
        return rows_of(self.conn, f"SELECT * FROM {table} WHERE incident_id = ?",
                       [self.incident_id])

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        return insert_row(self.conn, table, dict(row, incident_id=self.incident_id), "id")

    def timeline(self, rows: Sequence[dict[str, Any]]) -> dict[int, int]:
        """Entries added or merged; the dump's entry ids mapped to this
        database's, for the ticks that name them."""
        here = self._here("timeline")
        by_uid = {row["uid"]: row for row in here if row.get("uid")}
        by_words = {_words(row): row for row in here}
        ids: dict[int, int] = {}
        for row in rows:
            uid = row.get("uid")
            match = by_uid.get(uid) if uid else by_words.get(_words(row))
            if match is None:
                ids[row["id"]] = self._insert("timeline", row)
                # Notes apart: the other kinds are mostly lines a change logs.
                self.counts.add("note" if row["kind"] == "note" else "entry")
                continue
            ids[row["id"]] = match["id"]
            if self._three_way("timeline", row, match) and uid:
                self._edited_offline(row, f"{EDITED_OFFLINE} {row['text']}", uid)
        return ids

    def record(self, row: dict[str, Any]) -> None:
        """The incident's own fields: its status set to resolved offline
        reaches the server, unless the server changed it too."""
        match = rows_of(self.conn, "SELECT * FROM incidents WHERE id = ?",
                        [self.incident_id])[0]
        if self._three_way("incidents", row, match, key=self.incident_id,
                           where=("id = ?", [self.incident_id]), counted=False):
            self._edited_offline(dict(row, at=row["updated_at"]), f"{EDITED_OFFLINE} "
                                 f"description: {row['description']}", "incident")

    def milestones(self, rows: Sequence[dict[str, Any]]) -> None:
        here = {row["name"]: row for row in self._here("milestones")}
        for row in rows:
            match = here.get(row["name"])
            if match is None:
                insert_row(self.conn, "milestones", dict(row, incident_id=self.incident_id))
                self.counts.add("milestone")
            else:
                self._three_way("milestones", row, match, key=row["name"], where=(
                    "incident_id = ? AND name = ?", [self.incident_id, row["name"]]),
                    counted=False)

    def attachments(self, rows: Sequence[dict[str, Any]]) -> None:
        # Attached offline: the ticks on its items need it. A detach is
        # not pushed (it names no uid); the server's stands.
        here = {row["playbook_id"] for row in self._here("playbook_attachments")}
        for row in rows:
            if row["playbook_id"] in here:
                continue
            insert_row(self.conn, "playbook_attachments", dict(row, incident_id=self.incident_id))
            self.counts.add("playbook")

    def marks(self, rows: Sequence[dict[str, Any]], entry_ids: dict[int, int]) -> None:
        # A tick is never edited: a new one is written over it.
        here = self._here("checklist_marks")
        uids = {row["uid"] for row in here if row.get("uid")}
        words = {_tick(row) for row in here}
        for row in rows:
            uid = row.get("uid")
            if (uid in uids) if uid else (_tick(row) in words):
                self.counts.already += 1
                continue
            entry = row.get("entry_id")
            self._insert("checklist_marks", dict(
                row, entry_id=entry_ids.get(entry) if entry is not None else None))
            self.counts.add("tick")

    def follow_ups(self, rows: Sequence[dict[str, Any]]) -> None:
        here = self._here("action_items")
        by_uid = {row["uid"]: row for row in here if row.get("uid")}
        by_words = {(row["description"], row["created_at"]): row for row in here}
        for row in rows:
            uid = row.get("uid")
            match = by_uid.get(uid) if uid else by_words.get(
                (row["description"], row["created_at"]))
            if match is None:
                self._insert("action_items", row)
                self.counts.add("follow-up")
            elif self._three_way("action_items", row, match) and uid:
                self._edited_offline(row, f"{EDITED_OFFLINE} follow-up #{match['id']}: "
                                     f"{row['description']} [{row['status']}]", uid)

    def review_notes(self, rows: Sequence[dict[str, Any]]) -> None:
        here = {row["field"]: row for row in self._here("review_notes")}
        for row in rows:
            match = here.get(row["field"])
            if match is None:
                insert_row(self.conn, "review_notes", dict(row, incident_id=self.incident_id))
                self.counts.add("review note")
            elif self._three_way("review_notes", row, match, key=row["field"], where=(
                    "incident_id = ? AND field = ?", [self.incident_id, row["field"]])):
                self._edited_offline(row, f"{EDITED_OFFLINE} review, {row['field']}: "
                                     f"{row['text']}", f"review:{row['field']}")

    def _three_way(self, table: str, row: dict[str, Any], match: dict[str, Any], *,
                   key: str | None = None, where: tuple[str, list[Any]] | None = None,
                   counted: bool = True) -> bool:
        """Apply to `match` the fields the copy changed and this side did
        not; True when the words were changed on both sides (the caller
        keeps the copy's). `counted`: a row the user counts as one when it
        is already there (an entry, a follow-up; not the record itself)."""
        mine, theirs = digest(table, row), digest(table, match)
        known = (self.base or {}).get(table)
        was = known.get(key or str(row.get("uid"))) if isinstance(known, dict) else None
        if was is None and isinstance(known, dict):
            # Not there at the pull, yet on both sides now (a review field,
            # a milestone, written here and there): both wrote all of it.
            was = [_ABSENT] * len(mine)
        if mine == theirs:
            self.counts.already += int(counted)
            return False
        if not isinstance(was, list) or len(was) != len(mine):
            self.counts.differing += 1
            return False
        fields = FIELDS[table]
        changes = {name: row.get(name) for index, name in enumerate(fields)
                   if mine[index] != was[index] and theirs[index] == was[index]}
        words = fields.index(_WORDS[table]) if table in _WORDS else None
        both = words is not None and mine[words] != was[words] \
            and theirs[words] not in (was[words], mine[words])
        for index, name in enumerate(fields):
            # Set on both sides to different values: this side's stands, said.
            if index != words and mine[index] != was[index] \
                    and theirs[index] not in (was[index], mine[index]):
                self.counts.kept.append(name if table != "milestones" else f"{key} time")
        if changes:
            stamp = {"updated_at": row["updated_at"]} if "updated_at" in row else {}
            if "author" in row and table == "review_notes":
                stamp["author"] = row["author"]
            changes.update(stamp)
            where = where or ("id = ?", [match["id"]])
            # A console with the row open for editing must see it moved
            # (optimistic concurrency, migration 14).
            bump = ", version = version + 1" if table in _VERSIONED else ""
            self.conn.execute(
                f"UPDATE {table} SET {', '.join(f'{name} = ?' for name in changes)}{bump} "
                f"WHERE {where[0]}", [*changes.values(), *where[1]])
            self.counts.updated += 1
        elif not both:
            self.counts.already += int(counted)  # changed here only: this side's stands
        return both

    def _edited_offline(self, row: dict[str, Any], text: str, origin: str) -> None:
        """The copy's words, beside this side's, once: its uid is made from
        them, so that pushing the same copy again finds it there."""
        uid = _hash(f"{origin}\n{text}") + _hash(f"{text}\n{origin}")
        if self.conn.execute("SELECT 1 FROM timeline WHERE incident_id = ? AND uid = ?",
                             [self.incident_id, uid]).fetchone():
            self.counts.already += 1
            return
        at = row.get("at") or row.get("updated_at")
        insert_row(self.conn, "timeline", {
            # A decision edited both ways stays a decision; the rest are notes.
            "incident_id": self.incident_id, "at": at, "kind": row.get("kind") or "note",
            "text": text,
            "author": row.get("author") or row.get("created_by") or "", "starred": 0,
            "created_at": row.get("created_at") or at, "uid": uid})
        self.counts.conflicts += 1


def _words(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["at"], row["kind"], row["text"], row.get("author", ""))


def _tick(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["playbook_id"], row["item_key"], row["state"], row["at"], row.get("author", ""))
