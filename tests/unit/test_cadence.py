"""The status-update cadence on an injected clock: due by severity, counted
from the last update sent, put off by a snooze with its reason."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import T0, make_incident
from tui.model.clock import FrozenClock
from tui.model.incident import Milestone, Status, parse_snooze
from tui.model.severity import DEFAULT_LEVELS
from tui.model.timeline import EntryKind
from tui.store import Store

# Every store behaviour here is checked on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.both_engines

DECLARED = T0 + timedelta(minutes=8)


@pytest.mark.parametrize(("severity", "minutes"), [("P1", 15), ("P2", 30), ("P3", 60)])
def test_updates_are_due_by_severity_from_the_declaration(severity: str, minutes: int) -> None:
    incident = make_incident(severity=severity)
    assert incident.next_update_due(DEFAULT_LEVELS) == DECLARED + timedelta(minutes=minutes)


def test_sending_restarts_the_count_and_a_snooze_puts_it_off(store: Store,
                                                              clock: FrozenClock) -> None:
    store.incidents.create(make_incident())  # P1: every 15 minutes
    clock.at = DECLARED + timedelta(minutes=20)
    sent = store.comms.mark_update_sent("INC-1", "**[P1] Checkout down**\nStill investigating.",
                                  "dana")
    assert sent.next_update_due() == clock.at + timedelta(minutes=15)
    entry = store.timeline.entries("INC-1")[-1]
    assert (entry.kind, entry.text, entry.author) == (
        EntryKind.COMMUNICATION, "**[P1] Checkout down**\nStill investigating.", "dana")

    clock.advance(14 * 60)
    snoozed = store.comms.snooze_update("INC-1", clock.at + timedelta(minutes=10),
                                  "waiting for the vendor's ETA", "dana")
    assert snoozed.next_update_due() == clock.at + timedelta(minutes=10)
    assert snoozed.update_snoozed()
    assert store.timeline.entries("INC-1")[-1].text == (
        "Update reminder snoozed until 14:52:00Z: waiting for the vendor's ETA")
    # A snooze that ends before the update is due changes nothing.
    early = store.comms.snooze_update("INC-1", clock.at - timedelta(minutes=5), "typo")
    assert early.next_update_due() == sent.next_update_due() and not early.update_snoozed()

    # The next update sent ends the snooze.
    clock.advance(60)
    again = store.comms.mark_update_sent("INC-1", "Mitigated.")
    assert again.update_snoozed_until is None
    assert again.next_update_due() == clock.at + timedelta(minutes=15)


def test_no_update_is_owed_once_resolved_and_a_snooze_needs_a_reason(
        store: Store, clock: FrozenClock) -> None:
    store.incidents.create(make_incident())
    with pytest.raises(ValueError, match="needs a reason"):
        store.comms.snooze_update("INC-1", clock.at, "  ")
    with pytest.raises(ValueError, match="needs text"):
        store.comms.mark_update_sent("INC-1", "")
    resolved = store.incidents.set_status("INC-1", Status.RESOLVED)
    assert Milestone.RESOLVED in resolved.milestones
    assert resolved.next_update_due() is None


@pytest.mark.parametrize(("typed", "span", "reason"), [
    ("10m waiting for the vendor", timedelta(minutes=10), "waiting for the vendor"),
    ("2h overnight, nothing changes", timedelta(hours=2), "overnight, nothing changes"),
    ("15 exec bridge running", timedelta(minutes=15), "exec bridge running"),
])
def test_a_snooze_is_typed_as_how_long_and_why(typed: str, span: timedelta,
                                               reason: str) -> None:
    assert parse_snooze(typed) == (span, reason)


@pytest.mark.parametrize("typed", ["later", "10m", "0m because", ""])
def test_a_snooze_without_a_length_or_a_reason_says_what_to_type(typed: str) -> None:
    with pytest.raises(ValueError, match="how long and why"):
        parse_snooze(typed)
