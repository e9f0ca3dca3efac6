"""Whatever is already in the database (rows written by an older or a buggy
Warroom, imported before imports were checked, edited by hand in SQL), every
command opens it: a row it cannot read is left out or shown as unreadable,
never a traceback. The bad rows are written with plain sqlite3 into a real
file; the commands run as the user runs them, in a subprocess."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.test_export_import import busy_incident
from tui.model.clock import FrozenClock
from tui.store import Store, open_database

NOW = "2026-03-14T14:20:00.000Z"


def _incident(raw: sqlite3.Connection, incident_id: str, **columns: object) -> None:
    row = {"id": incident_id, "title": f"Bad {incident_id}", "severity": "P2",
           "status": "investigating", "created_at": NOW, "updated_at": NOW, **columns}
    raw.execute(f"INSERT INTO incidents ({', '.join(row)}) VALUES "
                f"({', '.join('?' * len(row))})", list(row.values()))
    raw.execute("INSERT INTO milestones (incident_id, name, at) VALUES (?, 'started', ?)",
                [incident_id, NOW])


def spoil(path: Path, incident_id: str) -> int:
    """Bad rows of every kind the readers meet, beside `incident_id` and in
    it; returns the id of its unreadable timeline entry."""
    with sqlite3.connect(path) as raw:
        _incident(raw, "INC-EXPLODED", status="exploded")
        _incident(raw, "INC-ROLES", roles="[1]", services="checkout, cart")
        _incident(raw, "INC-BLOB", title=b"\x00\xff")
        _incident(raw, "INC-FAR")
        raw.execute("UPDATE milestones SET at = '9999-12-31' WHERE incident_id = 'INC-FAR'")
        raw.execute("INSERT OR REPLACE INTO milestones (incident_id, name, at) VALUES "
                    f"('{incident_id}', 'detected', 'yesterday-ish')")
        entry = raw.execute(
            "INSERT INTO timeline (incident_id, at, kind, text, created_at) VALUES "
            "(?, ?, 'xyz', 'kind from nowhere', ?)", [incident_id, NOW, NOW]).lastrowid
        raw.execute("INSERT INTO timeline (incident_id, at, kind, text, created_at) VALUES "
                    "(?, '9999-12-31', 'note', 'far future', ?)", [incident_id, NOW])
        raw.execute("INSERT INTO checklist_marks (incident_id, playbook_id, item_key, state, "
                    "at) VALUES (?, 'triage', 'ack', 'maybe', ?)", [incident_id, NOW])
        raw.execute("INSERT INTO playbook_attachments (incident_id, playbook_id, content, "
                    "position, attached_at) VALUES (?, 'hollow', ?, 9, ?)",
                    [incident_id, json.dumps({"id": "hollow", "title": "No sections"}), NOW])
        raw.execute("INSERT INTO action_items (incident_id, description, priority, type, "
                    "status, created_at, updated_at) VALUES (?, 'x', 'P9', 'corrective', "
                    "'open', ?, ?)", [incident_id, NOW, NOW])
        raw.execute("INSERT INTO pod_states (incident_id, at, pod, state) VALUES "
                    "(?, ?, 'prod/shop/odd', '{not json')", [incident_id, NOW])
        raw.execute("INSERT INTO metric_panes (incident_id, pane_id, spec) VALUES "
                    "(?, 'odd', '[]')", [incident_id])
        raw.execute("INSERT INTO response_log (incident_id, key, at) VALUES "
                    "(?, 'odd', 'soon')", [incident_id])
    return int(entry or 0)


@pytest.fixture
def spoiled(tmp_path: Path, clock: FrozenClock) -> tuple[Path, str, int]:
    path = tmp_path / "w.db"
    store = Store(open_database(path), clock)
    incident_id = busy_incident(store)
    store.close()
    return path, incident_id, spoil(path, incident_id)


def warroom(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr


def test_incidents_lists_the_readable_and_names_the_unreadable(
        spoiled: tuple[Path, str, int]) -> None:
    path, incident_id, _ = spoiled
    listed = warroom("incidents", "--db", str(path))
    no_traceback(listed)
    assert listed.returncode == 0
    assert listed.stdout.splitlines()[0].startswith(f"{incident_id}\t")
    problems = listed.stderr.strip().splitlines()
    assert any("INC-EXPLODED" in line and "status 'exploded'" in line for line in problems)
    assert any("INC-ROLES" in line and "roles" in line for line in problems)
    assert any("INC-BLOB" in line and "title" in line for line in problems)
    assert any("INC-FAR" in line and "no readable milestone" in line for line in problems)


@pytest.mark.parametrize("form", ["md", "json"])
def test_stats_counts_what_it_can_read(spoiled: tuple[Path, str, int], form: str) -> None:
    path, _, _ = spoiled
    done = warroom("stats", "--db", str(path), "--format", form)
    no_traceback(done)
    assert done.returncode == 0 and done.stdout


def test_export_of_an_incident_with_bad_rows(spoiled: tuple[Path, str, int]) -> None:
    path, incident_id, entry = spoiled
    markdown = warroom("export", incident_id, "--db", str(path))
    no_traceback(markdown)
    assert markdown.returncode == 0
    assert f"unreadable entry #{entry}: kind 'xyz'" in markdown.stdout
    assert "far future" not in markdown.stdout.split("unreadable entry #")[0]
    dump = warroom("export", incident_id, "--db", str(path), "--format", "json")
    no_traceback(dump)
    assert dump.returncode == 0 and json.loads(dump.stdout)["incident"]["id"] == incident_id


def test_export_of_an_unreadable_incident_is_one_line(spoiled: tuple[Path, str, int]) -> None:
    path, _, _ = spoiled
    markdown = warroom("export", "INC-EXPLODED", "--db", str(path))
    no_traceback(markdown)
    assert markdown.returncode == 1
    assert markdown.stderr.strip().splitlines() == [
        "warroom: incident 'INC-EXPLODED' cannot be read: status 'exploded' "
        "(written outside this Warroom?)"]
    # The raw rows still come out as JSON: something to repair by hand.
    dump = warroom("export", "INC-EXPLODED", "--db", str(path), "--format", "json")
    assert dump.returncode == 0 and '"exploded"' in dump.stdout


def test_review_of_an_unreadable_incident_is_one_line(spoiled: tuple[Path, str, int]) -> None:
    path, _, _ = spoiled
    done = warroom("review", "INC-EXPLODED", "--db", str(path))
    no_traceback(done)
    assert done.returncode == 1 and "status 'exploded'" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_dropped_table_is_one_line(tmp_path: Path, clock: FrozenClock) -> None:
    path = tmp_path / "w.db"
    store = Store(open_database(path), clock)
    busy_incident(store)
    store.close()
    with sqlite3.connect(path) as raw:
        raw.execute("DROP TABLE timeline")
    for command in (["incidents"], ["stats"], ["review"], ["export", "INC-1"], []):
        done = warroom(*command, "--db", str(path))
        no_traceback(done)
        assert done.returncode == 1
        assert done.stderr.strip().splitlines() == [
            f"warroom: database {path} has no table 'timeline': it was changed outside "
            "Warroom; move it aside or pass --db with another path"], command
