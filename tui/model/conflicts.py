"""Someone else's change, found when saving over it (optimistic concurrency,
issue 27): an edit names the version of what it was read at, and one that
moved meanwhile is refused with the other's change, in words the dialog
shows while keeping what was typed. Raised by the store, shown by the
screens; nothing was written when one is raised."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, tzinfo
from typing import Any

from tui.model.checklist import Mark, MarkState
from tui.model.incident import ROLE_NAMES, Incident, IncidentDraft
from tui.model.safe_text import printable
from tui.model.timefmt import near_clock
from tui.model.timeline import TimelineEntry

# The record fields the edit form writes, each compared on its own: two
# people changing different ones both land.
RECORD_FIELDS = ("title", "severity", "description", "impact", "services", "roles",
                 "scenarios")
# A long text said in part: the line must fit the dialog.
_SHOWN = 80


class EditConflict(Exception):
    """Refused: `who` changed it at `at` after it was read here."""

    def __init__(self, who: str, at: datetime | None) -> None:
        super().__init__(f"changed by {who or 'someone'} since it was read")
        self.who = who
        self.at = at

    def by(self, now: datetime, zone: tzinfo) -> str:
        """`dana at 14:32`, safe to show (a name is text from the database)."""
        who = printable(self.who) if self.who else "someone"
        return f"{who} at {near_clock(self.at, now, zone=zone)}" if self.at else who


class EntryConflict(EditConflict):
    """A timeline entry edited (or deleted) by someone else: `current` is it now."""

    def __init__(self, current: TimelineEntry, who: str, at: datetime | None, *,
                 deleted: bool) -> None:
        super().__init__(who, at)
        self.current = current
        self.deleted = deleted

    def line(self, now: datetime, zone: tzinfo) -> str:
        if self.deleted:
            return (f"⚠ Deleted by {self.by(now, zone)}: ctrl+s again saves yours "
                    "(and brings it back), Esc leaves it deleted")
        return (f"⚠ Changed by {self.by(now, zone)}: {_said(self.current.text)} — "
                "ctrl+s again saves yours over it, Esc keeps theirs")


class RecordConflict(EditConflict):
    """The incident record: `fields` were changed both here and by someone
    else, to different values; `current` is the record now. Saving `merged`
    over `current` is saving one's own over theirs."""

    def __init__(self, current: Incident, fields: tuple[str, ...], merged: IncidentDraft,
                 who: str, at: datetime | None) -> None:
        super().__init__(who, at)
        self.current = current
        self.fields = fields
        # What the form shows again: the typed fields, the others as stored now.
        self.merged = merged

    def line(self, now: datetime, zone: tzinfo) -> str:
        theirs = "; ".join(f"{name} {_said(_field_text(self.current, name))}"
                           for name in self.fields)
        return (f"⚠ Changed by {self.by(now, zone)}: {theirs} — ctrl+s again saves "
                "yours over it, Esc keeps theirs")


class MarkConflict(EditConflict):
    """A checklist item marked by someone else since the tracker showed it.
    `already`: it is in the state asked for (a tick on a ticked item),
    so nothing needed writing; otherwise it was left as they set it."""

    def __init__(self, current: Mark, *, already: bool) -> None:
        super().__init__(current.author, current.at)
        self.current = current
        self.already = already

    def line(self, shown_text: str, now: datetime, zone: tzinfo) -> str:
        done = {MarkState.DONE: "ticked", MarkState.SKIPPED: "skipped",
                MarkState.OPEN: "unticked"}[self.current.state]
        item = _said(shown_text)
        if self.already:
            return f"Already {done} by {self.by(now, zone)}: {item}"
        return (f"Not changed: {done} by {self.by(now, zone)} meanwhile: {item} "
                "(press again to change it)")


def record_fields(record: Incident | IncidentDraft) -> dict[str, object]:
    return {name: getattr(record, name) for name in RECORD_FIELDS}


def merge_record(base: Incident, draft: IncidentDraft, current: Incident
                 ) -> tuple[IncidentDraft, tuple[str, ...]]:
    """The form's `draft` (typed over `base`) laid on the record as it is
    now: the fields the form changed take the typed value, the others keep
    the stored one (someone else's change to them stands). Also the fields
    both sides changed, to different values: the conflict."""
    typed, was, now = record_fields(draft), record_fields(base), record_fields(current)
    mine = {name for name in RECORD_FIELDS if typed[name] != was[name]}
    clashing = tuple(name for name in RECORD_FIELDS
                     if name in mine and now[name] != was[name] and now[name] != typed[name])
    # Field by name, each of its own type: Any, as getattr gave them.
    merged: dict[str, Any] = {name: typed[name] if name in mine else now[name]
                              for name in RECORD_FIELDS}
    return replace(draft, **merged), clashing


def merge_entry(base: TimelineEntry, typed: dict[str, object], current: TimelineEntry
                ) -> tuple[dict[str, object], tuple[str, ...]]:
    """The editor's fields (`typed`, by TimelineEntry's names) that differ
    from `base`, the entry it opened on: what to write over `current` (a
    star someone added meanwhile stays); and those of them someone else
    changed too, to something else: the conflict."""
    mine = {name: value for name, value in typed.items() if value != getattr(base, name)}
    clashing = tuple(name for name, value in mine.items()
                     if getattr(current, name) not in (getattr(base, name), value))
    return mine, clashing


def _field_text(incident: Incident, name: str) -> str:
    value = getattr(incident, name)
    if isinstance(value, tuple):
        return ", ".join(value) or "(none)"
    if name == "roles":
        held = [f"{label} {getattr(value, role)}" for role, label in ROLE_NAMES.items()
                if getattr(value, role)]
        if value.smes:
            held.append(f"SMEs {', '.join(value.smes)}")
        return ", ".join(held) or "(none)"
    return str(value) or "(empty)"


def _said(text: str) -> str:
    shown = printable(text)
    return f"“{shown if len(shown) <= _SHOWN else shown[:_SHOWN - 1] + '…'}”"
