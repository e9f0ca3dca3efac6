"""An incident out of one database and into another without loss, and the
Markdown post-mortem built from the record; real SQLite files throughout."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from dataclasses import replace as dc_replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import PEAK
from tests.factories import make_pod_row
from tui.model.action_item import ActionDraft, Priority
from tui.model.checklist import MarkState
from tui.model.clock import FrozenClock
from tui.model.incident import IncidentDraft, Milestone
from tui.model.metrics import MetricSnapshot, PaneSpec, QuerySpec, Series, Unit
from tui.model.record import IncidentRecord
from tui.model.slo import SloEvents, SloSpec
from tui.model.timeline import EntryKind
from tui.render.postmortem import postmortem_markdown
from tui.store import Store, open_database
from tui.store.incident_dump import DumpError, parse_dump, to_json

SLO = SloSpec("avail", "checkout", 0.999, 30, "good_total", "all_total")
SPEC = PaneSpec(id="errors", title="Errors", unit=Unit.RATIO,
                queries=(QuerySpec("sum(rate(x[5m]))", "5xx"),))

# Every store behaviour here is checked on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.both_engines


def busy_incident(store: Store) -> str:
    """An incident with something in every table: marks, a skip, a deleted
    entry, a star, follow-ups, metric points (one missing), pod states and a
    communication draft."""
    from tui.cli.launch import playbook_library

    incident = store.incidents.declare(IncidentDraft("Checkout [red]down[/red]", "P1",
                                           impact="All checkouts fail",
                                           services=("checkout",)), "ana")
    books, _ = playbook_library()
    store.checklists.attach(incident.id, [b for b in books if b.id == "triage"], "ana")
    store.checklists.mark(incident.id, "triage", "ack", MarkState.DONE, "ana")
    store.checklists.mark(incident.id, "triage", "health", MarkState.SKIPPED, "bo",
                    reason="no endpoint")
    gone = store.timeline.add(incident.id, "wrong incident, sorry")
    store.timeline.delete(gone.id)
    starred = store.timeline.add(incident.id, "Rolled back to v2.13.4\nlog: ok", EntryKind.ACTION,
                              author="bo", at=PEAK - timedelta(minutes=3))
    store.timeline.set_starred(starred.id, True)
    store.follow_ups.add(incident.id, ActionDraft("Alert on pool | saturation", owner="bo",
                                                   due=date(2026, 3, 21),
                                                   priority=Priority.P1))
    store.incidents.set_milestone(incident.id, Milestone.RESOLVED, PEAK + timedelta(minutes=30))
    base = PEAK.timestamp()
    store.archives.save_metric_snapshot(incident.id, SPEC, MetricSnapshot(
        "errors", (Series("5xx", (("service", "checkout"),), (base - 60, base),
                          (0.25, math.nan)),), PEAK, 900, ("partial data",), 60))
    store.archives.save_pod_changes(incident.id, PEAK, [make_pod_row("checkout-1",
                                                                     status="Error")], [])
    store.comms.save_draft(incident.id, "customer_initial", "We are looking into \x1b[2J it",
                           "dana")
    store.comms.save_review_note(incident.id, "lessons", "Alert on saturation, not errors", "ana")
    store.comms.log_once(incident.id, "target:acknowledge", "P1 respond target missed", "ana")
    store.archives.save_slo_events(incident.id, SLO, SloEvents(SLO.id, PEAK - timedelta(hours=1),
                                                               PEAK,
                                                      342_000, 360_000, 259_200_000, PEAK,
                                                      "prometheus"))
    return incident.id


def without_folders(record: IncidentRecord) -> IncidentRecord:
    return dc_replace(record, attachments=[
        dc_replace(a, playbook=dc_replace(a.playbook, source=Path(a.playbook.source).name))
        for a in record.attachments])


def test_an_incident_survives_export_and_import_whole(tmp_path: Path,
                                                      clock: FrozenClock) -> None:
    source = Store(open_database(tmp_path / "a.db"), clock)
    incident_id = busy_incident(source)
    text = to_json(source.export_incident(incident_id))

    target = Store(open_database(tmp_path / "b.db"), clock)
    assert target.import_incident(parse_dump(text, "dump.json")) == incident_id
    # Exported again from the new database: the same document, row for row.
    assert to_json(target.export_incident(incident_id)) == text
    # The same record, but for the folder the playbook was read from (an
    # export carries the file name only).
    assert target.record(incident_id) == without_folders(source.record(incident_id))
    # Versions too: an edit opened on either side before the copy is still checked.
    assert [(e.id, e.version) for e in target.timeline.entries(incident_id)] == [
        (e.id, e.version) for e in source.timeline.entries(incident_id)]
    assert target.incidents.required(incident_id).version == \
        source.incidents.required(incident_id).version > 1
    assert target.archives.pods_at(incident_id, PEAK) == source.archives.pods_at(incident_id, PEAK)
    replayed = target.archives.metric_snapshot(incident_id, "errors", PEAK, 900)
    assert replayed.warnings == ("partial data",)
    assert replayed.series[0].values[0] == 0.25 and math.isnan(replayed.series[0].values[1])
    # The deleted entry travels too (as deleted): nothing is lost.
    assert "wrong incident, sorry" in text
    assert "wrong incident, sorry" not in [e.text for e in target.timeline.entries(incident_id)]
    assert target.record(incident_id).drafts == {
        "customer_initial": "We are looking into \x1b[2J it"}
    assert target.comms.review_notes(incident_id) == {"lessons": "Alert on saturation, not errors"}
    assert list(target.comms.response_log(incident_id)) == ["target:acknowledge"]
    assert target.archives.slo_impacts(incident_id)[0].bad == 18_000
    source.close()
    target.close()


def test_an_export_from_before_drafts_still_loads(tmp_path: Path, clock: FrozenClock) -> None:
    source = Store(open_database(tmp_path / "a.db"), clock)
    document = source.export_incident(busy_incident(source))
    del document["comms_drafts"], document["review_notes"]
    for row in (document["incident"], *document["timeline"]):
        for name in ("version", "updated_by", "changed_by", "changed_at"):
            row.pop(name, None)
    document["schema"] = 7
    target = Store(open_database(tmp_path / "b.db"), clock)
    incident_id = target.import_incident(parse_dump(to_json(document), "old.json"))
    # Rows from before versions: each at its first.
    assert {e.version for e in target.timeline.entries(incident_id)} == {1}
    assert target.incidents.required(incident_id).version == 1
    assert target.record(incident_id).drafts == {}
    assert target.record(incident_id).review == {}
    # From schema 8 on, a dump without the table is incomplete.
    document["schema"] = 8
    with pytest.raises(DumpError, match="no 'comms_drafts'"):
        parse_dump(to_json(document), "new.json")
    source.close()
    target.close()


def test_import_beside_other_incidents_renumbers_and_keeps_references(
        tmp_path: Path, clock: FrozenClock) -> None:
    source = Store(open_database(tmp_path / "a.db"), clock)
    incident_id = busy_incident(source)
    document = json.loads(to_json(source.export_incident(incident_id)))

    target = Store(open_database(tmp_path / "b.db"), clock)
    clock.advance(120)  # another incident, a minute later: its ids are taken
    other = busy_incident(target)
    assert other != incident_id
    target.import_incident(document)
    imported, original = target.record(incident_id), source.record(incident_id)
    assert [e.text for e in imported.entries] == [e.text for e in original.entries]
    assert imported.marks == original.marks
    assert [a.description for a in imported.actions] == [a.description
                                                         for a in original.actions]
    # The other incident is untouched.
    assert len(target.record(other).entries) == len(source.record(incident_id).entries)


def test_an_existing_incident_is_never_overwritten(tmp_path: Path, clock: FrozenClock) -> None:
    store = Store(open_database(tmp_path / "a.db"), clock)
    incident_id = busy_incident(store)
    document = store.export_incident(incident_id)
    before = to_json(document)
    with pytest.raises(DumpError, match="already in this database"):
        store.import_incident(json.loads(before))
    assert to_json(store.export_incident(incident_id)) == before


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", "not JSON"),
    ('{"format": "something-else"}', "not a Warroom incident export"),
    ('{"format": "warroom-incident", "version": 99}', "newer than this Warroom reads"),
    ('{"format": "warroom-incident", "version": 1, "incident": {}}', "incomplete export"),
])
def test_a_bad_file_is_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(DumpError, match=message):
        parse_dump(text, "x.json")


def test_a_broken_dump_loads_nothing(tmp_path: Path, clock: FrozenClock) -> None:
    store = Store(open_database(tmp_path / "a.db"), clock)
    incident_id = busy_incident(store)
    document = json.loads(to_json(store.export_incident(incident_id)))
    document["incident"]["id"] = "INC-OTHER"
    # Each row passes the dump's schema, but the table keeps one per name.
    document["milestones"].append(dict(document["milestones"][0]))
    with pytest.raises(DumpError, match="does not fit"):
        store.import_incident(document)
    assert store.incidents.get("INC-OTHER") is None


def test_the_markdown_post_mortem_is_built_from_the_record(tmp_path: Path,
                                                          clock: FrozenClock) -> None:
    store = Store(open_database(tmp_path / "a.db"), clock)
    record = store.record(busy_incident(store))
    text = postmortem_markdown(record)
    assert text.startswith("# Post-mortem: Checkout [red]down[/red]\n")
    assert "| MTTD | MTTA | Time to mitigate | MTTR |" in text
    assert "| — | — | — | 30m 00s |" in text
    timeline = text.split("## Timeline (UTC)")[1].split("## Checklists")[0]
    # True chronological order: the entry typed last happened first.
    first = timeline.index("**2026-03-14 14:17:00Z** action · bo: ★ Rolled back")
    assert first < timeline.index("Incident declared: P1")
    assert "Rolled back to v2.13.4\n  log: ok" in timeline  # kept inside its item
    assert "wrong incident" not in text
    assert "- **Initial triage**: 1/9 done · 1 skipped" in text
    assert "  - skipped: Check the health endpoint of <service> (no endpoint)" in text
    assert "| 1 | P1 | corrective | Alert on pool \\| saturation | bo | 2026-03-21 | open |" \
        in text
    starred = postmortem_markdown(record, starred_only=True)
    assert "## Timeline (starred entries, UTC)" in starred
    assert "Incident declared" not in starred.split("## Checklists")[0]


def warroom(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)


def test_export_and_import_from_the_command_line(tmp_path: Path, clock: FrozenClock) -> None:
    store = Store(open_database(tmp_path / "a.db"), clock)
    incident_id = busy_incident(store)
    store.close()
    listed = warroom("incidents", "--db", str(tmp_path / "a.db"))
    assert listed.returncode == 0 and incident_id in listed.stdout
    markdown = warroom("export", incident_id, "--db", str(tmp_path / "a.db"))
    assert markdown.returncode == 0 and markdown.stdout.startswith("# Post-mortem: Checkout")
    dump = tmp_path / "out.json"
    written = warroom("export", incident_id, "--format", "json", "-o", str(dump),
                      "--db", str(tmp_path / "a.db"))
    assert written.returncode == 0 and json.loads(dump.read_text())["incident"]["id"] == \
        incident_id
    loaded = warroom("import", str(dump), "--db", str(tmp_path / "b.db"))
    assert loaded.returncode == 0 and f"Imported {incident_id}" in loaded.stderr
    # Into the incident already there: a merge that finds everything there.
    again = warroom("import", str(dump), "--db", str(tmp_path / "b.db"))
    assert again.returncode == 0 and "nothing new to add" in again.stderr
    assert "Traceback" not in again.stderr and len(again.stderr.strip().splitlines()) == 1
    # The response targets are those of the config's severity levels.
    assert "- Respond within 15 min: " in markdown.stdout
    config = tmp_path / "config.toml"
    config.write_text('[severity.targets]\nP1 = { acknowledge = "5m" }\n')
    configured = warroom("export", incident_id, "--db", str(tmp_path / "a.db"),
                         "--config", str(config))
    assert configured.returncode == 0 and "- Respond within 5 min: " in configured.stdout
    missing = warroom("export", "INC-NOPE", "--db", str(tmp_path / "b.db"))
    assert missing.returncode == 1 and "no incident INC-NOPE" in missing.stderr


def test_a_dump_the_database_refuses_is_refused_whole(store: Store) -> None:
    """A dump that passes the schema but not the database (a milestone
    twice: the key refuses it) is refused in words, and nothing of it is
    left: on PostgreSQL the failed statement aborts the transaction too."""
    document = store.export_incident(busy_incident(store))
    document["incident"]["id"] = "INC-AGAIN"
    document["milestones"].append(dict(document["milestones"][0]))
    with pytest.raises(DumpError, match="the export does not fit the database"):
        store.import_incident(document)
    assert store.incidents.get("INC-AGAIN") is None
    assert not store.conn.in_transaction
    assert store.timeline.entries("INC-AGAIN") == []
