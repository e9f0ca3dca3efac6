"""What a console says when another one changed the same thing first
(tui/model/conflicts.py): who, when, their change, and what saving again
does; text from the other console shown inert, long text cut; and the
record form's merge, field by field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from tests.factories import make_incident
from tests.hostile import HOSTILE, RAW
from tui.model.checklist import Mark, MarkState
from tui.model.conflicts import (
    EntryConflict,
    MarkConflict,
    RecordConflict,
    merge_entry,
    merge_record,
)
from tui.model.incident import IncidentDraft, Roles
from tui.model.timeline import EntryKind, TimelineEntry

NOW = datetime(2026, 3, 14, 14, 40, tzinfo=UTC)
AT = datetime(2026, 3, 14, 14, 32, tzinfo=UTC)


def _entry(text: str) -> TimelineEntry:
    return TimelineEntry(7, "INC-1", AT, EntryKind.NOTE, text, "ana", version=3)


def test_an_entry_changed_or_deleted_says_by_whom_when_and_what_saving_again_does() -> None:
    changed = EntryConflict(_entry("db-2 promoted"), "dana", AT, deleted=False)
    assert changed.line(NOW, UTC) == ("⚠ Changed by dana at 14:32Z: “db-2 promoted” — ctrl+s "
                                      "again saves yours over it, Esc keeps theirs")
    deleted = EntryConflict(_entry("db-2 promoted"), "", AT, deleted=True)
    assert deleted.line(NOW, timezone(timedelta(hours=1))).startswith(
        "⚠ Deleted by someone at 15:32: ctrl+s again saves yours (and brings it back)")


def test_their_text_is_shown_inert_and_cut_to_the_line() -> None:
    line = EntryConflict(_entry(f"note{HOSTILE}" + "x" * 200), f"dana{HOSTILE}", AT,
                         deleted=False).line(NOW, UTC)
    assert not any(raw in line for raw in RAW)
    assert "…” — ctrl+s again" in line and len(line) < 250


def test_a_tick_already_made_is_said_as_such_and_a_refused_one_says_theirs() -> None:
    theirs = Mark("triage", "ack", MarkState.DONE, AT, "dana", id=4)
    assert MarkConflict(theirs, already=True).line("Acknowledge the page", NOW, UTC) == (
        "Already ticked by dana at 14:32Z: “Acknowledge the page”")
    skipped = Mark("triage", "ack", MarkState.SKIPPED, AT, "dana", "not ours", id=5)
    assert MarkConflict(skipped, already=False).line("Acknowledge the page", NOW, UTC) == (
        "Not changed: skipped by dana at 14:32Z meanwhile: “Acknowledge the page” "
        "(press again to change it)")


def _draft(incident: object, **changes: object) -> IncidentDraft:
    fields = {name: getattr(incident, name) for name in
              ("title", "severity", "description", "impact", "services", "roles", "scenarios")}
    fields.update(changes)
    return IncidentDraft(**fields)  # type: ignore[arg-type]


def test_the_record_merges_field_by_field_and_clashes_only_where_both_typed() -> None:
    base = make_incident()
    current = make_incident(roles=Roles(incident_commander="dana"), services=("checkout", "cart"),
                            title="Checkout and cart down")
    typed = _draft(base, severity="P2", title="Checkout and cart down",
                   services=("checkout", "payments"), severity_reason="errors back under 5%")
    merged, clashing = merge_record(base, typed, current)
    # The same title typed by both is no clash; services typed differently is.
    assert clashing == ("services",)
    assert (merged.title, merged.severity, merged.services, merged.roles, merged.severity_reason
            ) == ("Checkout and cart down", "P2", ("checkout", "payments"),
                  Roles(incident_commander="dana"), "errors back under 5%")
    line = RecordConflict(current, clashing, merged, "dana", AT).line(NOW, UTC)
    assert line == ("⚠ Changed by dana at 14:32Z: services “checkout, cart” — ctrl+s again "
                    "saves yours over it, Esc keeps theirs")
    roles = RecordConflict(current, ("roles",), merged, "dana", AT).line(NOW, UTC)
    assert "roles “Incident commander dana”" in roles


def test_the_entry_merges_field_by_field() -> None:
    base = _entry("db-2 promoted")
    current = TimelineEntry(7, "INC-1", AT, EntryKind.ACTION, "db-2 promoted", "ana", True,
                            version=4)
    typed: dict[str, object] = {"text": "db-2 promoted to primary", "at": AT,
                                "kind": EntryKind.NOTE, "starred": False}
    assert merge_entry(base, typed, current) == ({"text": "db-2 promoted to primary"}, ())
    assert merge_entry(base, {**typed, "kind": EntryKind.DECISION}, current)[1] == ("kind",)
