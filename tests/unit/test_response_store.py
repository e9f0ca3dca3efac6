"""Targets missed and escalations taken are logged once, on a real SQLite
file shared by two Warrooms; SLO measurements are kept for the review."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import PEAK
from tui.model.clock import FrozenClock
from tui.model.incident import IncidentDraft
from tui.model.slo import SloEvents, SloSpec
from tui.model.timeline import EntryKind
from tui.store import Store, open_database

# Every store behaviour here is checked on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.both_engines

SLO = SloSpec("avail", "checkout", 0.999, 30, 'requests_total{ok="1"}', "requests_total")


def test_a_missed_target_is_logged_once_even_by_two_warrooms(tmp_path: Path,
                                                             clock: FrozenClock) -> None:
    first = Store(open_database(tmp_path / "w.db"), clock)
    second = Store(open_database(tmp_path / "w.db"), clock)
    incident = first.incidents.declare(IncidentDraft("Checkout down", "P1"), "ana")
    assert first.comms.log_once(incident.id, "target:acknowledge", "P1 respond target missed",
                                "ana")
    assert not second.comms.log_once(incident.id, "target:acknowledge",
                                     "P1 respond target missed", "bo")
    lines = [e for e in first.timeline.entries(incident.id) if e.kind is EntryKind.ESCALATION]
    assert [(e.text, e.author) for e in lines] == [("P1 respond target missed", "ana")]
    assert second.record(incident.id).response == {"target:acknowledge": clock.now()}
    first.close()
    second.close()


def test_an_escalation_marks_the_steps_it_covers(store: Store) -> None:
    incident = store.incidents.declare(IncidentDraft("Checkout down", "P1"), "ana")
    store.comms.escalate(incident.id, ["escalated:on-call", "escalated:tech lead"],
                   "Escalated to tech lead: Marco Bianchi (@marco)", "ana")
    assert set(store.comms.response_log(incident.id)) == {"escalated:on-call",
                                                          "escalated:tech lead"}
    assert store.timeline.entries(incident.id)[-1].text == (
        "Escalated to tech lead: Marco Bianchi (@marco)")


def test_the_last_slo_measurement_is_kept_with_the_slo_as_it_was(store: Store) -> None:
    incident = store.incidents.declare(IncidentDraft("Checkout down", "P1"), "ana")
    for minutes, bad in ((10, 600.0), (20, 1200.0)):
        end = PEAK + timedelta(minutes=minutes)
        store.archives.save_slo_events(incident.id, SLO, SloEvents(
            SLO.id, PEAK, end, 60_000 - bad, 60_000, 2_592_000, end, "prometheus"))
    impacts = store.record(incident.id).slos
    assert len(impacts) == 1
    assert impacts[0].spec == SLO and impacts[0].bad == 1200
    assert impacts[0].events.end == PEAK + timedelta(minutes=20)


def test_the_post_mortem_says_what_the_incident_cost_against_the_slo(store: Store) -> None:
    from tui.render.postmortem import postmortem_markdown

    incident = store.incidents.declare(IncidentDraft("Checkout down", "P1"), "ana")
    end = PEAK + timedelta(hours=1)
    store.archives.save_slo_events(incident.id, SLO, SloEvents(SLO.id, PEAK, end, 342_000, 360_000,
                                                      259_200_000, end, "prometheus"))
    text = postmortem_markdown(store.record(incident.id))
    section = text.split("## SLO impact\n\n", 1)[1].split("\n\n", 1)[0]
    assert section == (
        "- checkout 99.9%/30d: 18,000 bad of 360,000 events (5.0% failed) between "
        "2026-03-14 14:20Z and 15:20Z; the 30-day budget allows 259,200, so the incident "
        "spent 6.9% of it (prometheus, measured 15:20Z).")
    assert "- Respond within 15 min: not yet (due 2026-03-14 14:35:00Z)" in text
