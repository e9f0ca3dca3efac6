"""The timeline's words for changes to the record, without a database."""

from __future__ import annotations

from datetime import UTC, datetime

from tui.model import timeline_wording as wording
from tui.model.incident import IncidentDraft, Milestone, Roles, Status

AT = datetime(2026, 3, 14, 14, 20, tzinfo=UTC)


def test_changes_to_the_record_are_said_as_the_timeline_says_them() -> None:
    assert wording.status_line(Status.INVESTIGATING, Status.MONITORING) == \
        f"Status Investigating → {Status.MONITORING.label}"
    assert wording.severity_line("SEV2", "SEV1", "cart too") == "Severity SEV2 → SEV1 (cart too)"
    assert wording.severity_line("SEV2", "SEV1") == "Severity SEV2 → SEV1"
    assert wording.milestone_line(Milestone.IDENTIFIED, None, AT) == \
        "Milestone identified at 14:20:00Z"
    assert wording.milestone_line(Milestone.IDENTIFIED, AT, None) == \
        "Milestone identified cleared (was 14:20:00Z)"
    assert wording.playbooks_attached_line(["Triage"]) == "Playbook attached: Triage"
    assert wording.playbooks_attached_line(["A", "B"]) == "Playbooks attached: A, B"
    assert wording.sent_line("All clear", "Status update") == "Status update sent:\nAll clear"


def test_a_declaration_says_what_was_declared_in_order() -> None:
    draft = IncidentDraft("Checkout down", "P1", impact="no orders", services=("checkout",),
                          roles=Roles(incident_commander="ana"))
    lines = wording.declared_lines(draft, "Checkout down")
    assert lines[:3] == ["Incident declared: P1 Checkout down", "Customer impact: no orders",
                         "Affected services: checkout"]
    assert len(lines) == 4 and "ana" in lines[3]


def test_an_edit_names_only_what_changed() -> None:
    before = ("Checkout down", "", "", ("checkout",), ())
    assert wording.detail_lines(before, before) == []
    after = ("Checkout down", "more", "", ("checkout", "cart"), ())
    assert wording.detail_lines(before, after) == ["Affected services: checkout, cart",
                                                   "Description edited"]
