"""Targets missed and escalations taken are logged once, on a real SQLite
file shared by two Warrooms; SLO measurements are kept for the review."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.conftest import PEAK
from tui.clock import FrozenClock
from tui.model.incident import IncidentDraft
from tui.model.slo import SloEvents, SloSpec
from tui.model.timeline import EntryKind
from tui.store import Store, open_database

SLO = SloSpec("avail", "checkout", 0.999, 30, 'requests_total{ok="1"}', "requests_total")


def test_a_missed_target_is_logged_once_even_by_two_warrooms(tmp_path: Path,
                                                             clock: FrozenClock) -> None:
    first = Store(open_database(tmp_path / "w.db"), clock)
    second = Store(open_database(tmp_path / "w.db"), clock)
    incident = first.declare(IncidentDraft("Checkout down", "P1"), "ana")
    assert first.log_once(incident.id, "target:acknowledge", "P1 respond target missed", "ana")
    assert not second.log_once(incident.id, "target:acknowledge", "P1 respond target missed",
                               "bo")
    lines = [e for e in first.entries(incident.id) if e.kind is EntryKind.ESCALATION]
    assert [(e.text, e.author) for e in lines] == [("P1 respond target missed", "ana")]
    assert second.record(incident.id).response == {"target:acknowledge": clock.now()}
    first.close()
    second.close()


def test_an_escalation_marks_the_steps_it_covers(store: Store) -> None:
    incident = store.declare(IncidentDraft("Checkout down", "P1"), "ana")
    store.escalate(incident.id, ["escalated:on-call", "escalated:tech lead"],
                   "Escalated to tech lead: Marco Bianchi (@marco)", "ana")
    assert set(store.response_log(incident.id)) == {"escalated:on-call", "escalated:tech lead"}
    assert store.entries(incident.id)[-1].text == (
        "Escalated to tech lead: Marco Bianchi (@marco)")


def test_the_last_slo_measurement_is_kept_with_the_slo_as_it_was(store: Store) -> None:
    incident = store.declare(IncidentDraft("Checkout down", "P1"), "ana")
    for minutes, bad in ((10, 600.0), (20, 1200.0)):
        end = PEAK + timedelta(minutes=minutes)
        store.save_slo_events(incident.id, SLO, SloEvents(
            SLO.id, PEAK, end, 60_000 - bad, 60_000, 100.0, end, "prometheus"))
    impacts = store.record(incident.id).slos
    assert len(impacts) == 1
    assert impacts[0].spec == SLO and impacts[0].bad == 1200
    assert impacts[0].events.end == PEAK + timedelta(minutes=20)
