"""`warroom import` checks every value of a dump against its declared schema
before it writes anything: a crafted file is refused with one line naming
the field, and the database stays as it was. Real SQLite files throughout."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.unit.test_export_import import busy_incident
from tui.model.clock import FrozenClock
from tui.store import Store, open_database
from tui.store.dump_schema import problems
from tui.store.incident_dump import DumpError, parse_dump, to_json
from tui.ui.context import WarroomContext


def exported(store: Store, incident_id: str) -> dict[str, Any]:
    """The dump as the file holds it (through its JSON text)."""
    return json.loads(to_json(store.export_incident(incident_id)))


def test_every_export_of_the_demo_and_a_rich_incident_passes_the_schema(
        tmp_path: Path, clock: FrozenClock, make_context: Callable[..., WarroomContext]) -> None:
    context = make_context()
    assert problems(exported(context.store, context.incident.id)) == []
    # With every shipped playbook attached too (the largest JSON columns).
    context.store.checklists.attach(context.incident.id, context.playbooks, "ana")
    assert problems(exported(context.store, context.incident.id)) == []
    rich = Store(open_database(tmp_path / "rich.db"), clock)
    assert problems(exported(rich, busy_incident(rich))) == []
    rich.close()


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Change one field of a dump; a path like `timeline.2.kind`."""
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = document
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value
    return change


def _playbook_without_sections(document: dict[str, Any]) -> None:
    row = document["playbook_attachments"][0]
    content = json.loads(row["content"])
    del content["sections"]
    row["content"] = json.dumps(content)


CRAFTED = [
    (_set("incident.status", "exploded"), 'incident.status: "exploded" is not one of'),
    (_set("milestones.0.at", "yesterday-ish"),
     'milestones[0].at: "yesterday-ish" is not an ISO-8601 time'),
    (_set("milestones.0.at", "9999-12-31"), 'milestones[0].at: "9999-12-31" is not an ISO'),
    (_set("incident.roles", '["ana"]'), "incident.roles: a list is not an object"),
    (_set("incident.services", "checkout, cart"), 'incident.services: "checkout, cart" is '
                                                  "not JSON"),
    (_set("timeline.2.kind", "xyz"), 'timeline[2].kind: "xyz" is not one of'),
    (_set("checklist_marks.0.state", "maybe"), 'checklist_marks[0].state: "maybe" is not'),
    (_playbook_without_sections, "playbook_attachments[0].content: 'sections' is a required"),
    (_set("incident.title", "x" * 50_000_000), "incident.title: 50,000,000 characters is "
                                               "over the limit of 500"),
    (_set("timeline.1.text", "y" * 2_000_001), "timeline[1].text: 2,000,001 characters"),
    (_set("incident", [1]), "incident: a list is not an object"),
    (_set("action_items.0.due", "soon"), 'action_items[0].due: "soon" is not a date'),
    (_set("metric_series.0.points", [[1, 2, 3]]), "metric_series[0].points[0]"),
]


@pytest.mark.parametrize(("craft", "message"), CRAFTED)
def test_a_crafted_dump_is_refused_naming_the_field_and_nothing_is_written(
        tmp_path: Path, clock: FrozenClock, craft: Callable[[dict[str, Any]], None],
        message: str) -> None:
    source = Store(open_database(tmp_path / "a.db"), clock)
    document = exported(source, busy_incident(source))
    source.close()
    craft(document)
    target_path = tmp_path / "b.db"
    target = Store(open_database(target_path), clock)
    started = time.monotonic()
    with pytest.raises(DumpError) as refused:
        target.import_incident(document)
    assert str(refused.value).startswith(message), str(refused.value)
    assert "nothing was imported" in str(refused.value)
    assert time.monotonic() - started < 5
    target.close()
    with sqlite3.connect(target_path) as raw:
        for table in ("incidents", "timeline", "milestones", "playbook_attachments"):
            assert raw.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)


def warroom(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)


def assert_one_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_the_import_command_names_the_file_and_the_field(tmp_path: Path,
                                                        clock: FrozenClock) -> None:
    source = Store(open_database(tmp_path / "a.db"), clock)
    document = exported(source, busy_incident(source))
    source.close()
    document["milestones"][0]["at"] = "yesterday-ish"
    dump = tmp_path / "crafted.json"
    dump.write_text(json.dumps(document))
    assert_one_line(warroom("import", str(dump), "--db", str(tmp_path / "b.db")),
                    f"{dump}: milestones[0].at: \"yesterday-ish\" is not an ISO-8601 time")
    assert warroom("incidents", "--db", str(tmp_path / "b.db")).stdout == ""


@pytest.mark.parametrize(("text", "words"), [
    ("[" * 5000 + "]" * 5000, ("nested too deeply",)),
    ('{"format": "warroom-incident", "version": 1, "schema": 10, "incident": [1]}',
     ("incomplete export",)),
    ('{"format": "warroom-incident", "version": 1, "schema": 1, "incident": [1], '
     '"milestones": [], "timeline": [], "metric_panes": [], "metric_fetches": [], '
     '"metric_series": [], "pod_states": [], "playbook_attachments": [], '
     '"checklist_marks": [], "action_items": []}', ("incident: a list is not an object",)),
    ('{"format": "warroom-incident", "version": 1, "incident": ' + "[" * 5000 + "]" * 5000
     + "}", ("nested too deeply",)),
])
def test_a_malformed_import_file_is_one_line(tmp_path: Path, text: str,
                                             words: tuple[str, ...]) -> None:
    dump = tmp_path / "bad.json"
    dump.write_text(text)
    assert_one_line(warroom("import", str(dump), "--db", str(tmp_path / "b.db")), str(dump),
                    *words)


def test_the_whole_file_has_a_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.store.dump_schema as schema

    monkeypatch.setattr(schema, "MAX_DUMP_BYTES", 1000)
    with pytest.raises(DumpError, match="over the limit of 1,000"):
        parse_dump('{"format": "warroom-incident"' + " " * 1000 + "}", "big.json")


def test_an_export_holds_no_local_path(tmp_path: Path, clock: FrozenClock) -> None:
    from tui.files.playbooks import load_playbooks
    from tui.model.playbook import Playbook

    runbooks = tmp_path / "home" / "alice" / "runbooks"
    runbooks.mkdir(parents=True)
    (runbooks / "db.toml").write_text(
        'title = "Database"\n[[sections]]\ntitle = "First"\n'
        'items = [{ id = "a", text = "Look at the pool" }]\n')
    books: list[Playbook] = load_playbooks(runbooks)[0]
    assert books and books[0].source.startswith(str(tmp_path))
    store = Store(open_database(tmp_path / "a.db"), clock)
    incident_id = busy_incident(store)
    store.checklists.attach(incident_id, books, "ana")
    text = to_json(store.export_incident(incident_id))
    assert str(tmp_path) not in text and "/home/alice" not in text
    assert "/work/" not in text and "sample_data/playbooks" not in text
    assert '\\"source\\": \\"db.toml\\"' in text
    # Imported elsewhere, the checklist still reads as it did.
    target = Store(open_database(tmp_path / "b.db"), clock)
    target.import_incident(json.loads(text))
    assert [a.playbook.title for a in target.checklists.attachments(incident_id)] == [
        a.playbook.title for a in store.checklists.attachments(incident_id)]
    store.close()
    target.close()
