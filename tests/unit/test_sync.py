"""Offline stays first (issue 27, point 6): `warroom sync --pull` makes a
local SQLite copy of an incident, `--push` adds what was written on it to
the shared store with its times and authors, once; an entry edited on both
sides keeps both. Two real SQLite files stand for the laptop and the shared
store, through the command's own main(); the PostgreSQL run is in
tests/integration/test_postgres_sync.py."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import PEAK
from tests.hostile import HOSTILE, RAW
from tui.cli.main import main
from tui.model.action_item import ActionDraft, ActionStatus
from tui.model.checklist import MarkState
from tui.model.clock import FrozenClock
from tui.model.incident import IncidentDraft, Milestone, Status
from tui.store import Store, open_database

# No default file nor config of the user's is read or made (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("own_home")


def shared_incident(path: Path, clock: FrozenClock) -> str:
    """The team's incident: a note, a playbook attached, a follow-up."""
    from tui.cli.launch import playbook_library

    store = Store(open_database(path), clock)
    incident = store.incidents.declare(IncidentDraft("Checkout down", "P1"), "ana")
    store.timeline.add(incident.id, "pool exhausted on db-2", author="ana",
                       at=PEAK - timedelta(minutes=5))
    books, _ = playbook_library()
    store.checklists.attach(incident.id, [b for b in books if b.id == "triage"], "ana")
    store.follow_ups.add(incident.id, ActionDraft("Alert on pool saturation", owner="bo"), "ana")
    store.close()
    return incident.id


def sync(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["sync", *args])
    return code, capsys.readouterr().err


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def pulled(tmp_path: Path, clock: FrozenClock, capsys: pytest.CaptureFixture[str]
           ) -> tuple[Path, Path, str]:
    server, local = tmp_path / "shared.db", tmp_path / "laptop.db"
    incident_id = shared_incident(server, clock)
    code, err = sync(capsys, "--pull", incident_id, "--from", str(server), "--to", str(local))
    assert code == 0, err
    assert f"Pulled {incident_id}" in err and f"warroom --db {local}" in err
    return server, local, incident_id


def test_notes_ticks_and_follow_ups_made_offline_are_pushed_once_with_their_times(
        tmp_path: Path, clock: FrozenClock, capsys: pytest.CaptureFixture[str]) -> None:
    server, local, incident_id = pulled(tmp_path, clock, capsys)
    laptop = Store(open_database(local), FrozenClock(PEAK + timedelta(minutes=20)))
    laptop.timeline.add(incident_id, "failover started by hand", author="bo",
                        at=PEAK + timedelta(minutes=7))
    laptop.checklists.mark(incident_id, "triage", "ack", MarkState.DONE, "bo")
    laptop.follow_ups.add(incident_id, ActionDraft("Runbook for db failover", owner="bo"), "bo")
    laptop.close()

    code, err = sync(capsys, "--push", str(local), "--to", str(server))
    assert code == 0, err
    # The tick and the follow-up log their own entries, pushed with them.
    assert f"{incident_id} → {server}: 1 note, 2 entries, 1 tick, 1 follow-up pushed" in err
    shared = Store(open_database(server), clock)
    record = shared.record(incident_id)
    note = next(e for e in record.entries if e.text == "failover started by hand")
    assert (note.at, note.author) == (PEAK + timedelta(minutes=7), "bo")
    assert [(m.item_key, m.state, m.author) for m in record.marks] == [
        ("ack", MarkState.DONE, "bo")]
    assert sorted(a.description for a in record.actions) == [
        "Alert on pool saturation", "Runbook for db failover"]
    before = json.dumps(shared.export_incident(incident_id), sort_keys=True)
    shared.close()

    code, err = sync(capsys, "--push", str(local), "--to", str(server))
    assert code == 0 and "nothing new to push" in err
    again = Store(open_database(server), clock)
    assert json.dumps(again.export_incident(incident_id), sort_keys=True) == before
    again.close()


def test_an_entry_edited_on_both_sides_keeps_both_and_says_so(
        tmp_path: Path, clock: FrozenClock, capsys: pytest.CaptureFixture[str]) -> None:
    server, local, incident_id = pulled(tmp_path, clock, capsys)
    for path, text in ((local, "pool exhausted on db-2 and db-3"),
                       (server, "pool exhausted on db-2 (confirmed)")):
        store = Store(open_database(path), clock)
        entry = next(e for e in store.timeline.entries(incident_id)
                     if e.text.startswith("pool exhausted"))
        store.timeline.edit(entry.id, text=text)
        store.close()

    code, err = sync(capsys, "--push", str(local), "--to", str(server))
    assert code == 0, err
    assert "1 edited on both sides: both kept, this copy's marked (edited offline)" in err
    texts = [text for (text,) in rows(server, "SELECT text FROM timeline ORDER BY id")]
    assert "pool exhausted on db-2 (confirmed)" in texts
    assert "(edited offline) pool exhausted on db-2 and db-3" in texts
    # Pushed again (or the copy's dump imported again): nothing more.
    code, err = sync(capsys, "--push", str(local), "--to", str(server))
    assert "nothing new to push" in err
    assert len(rows(server, "SELECT 1 FROM timeline")) == len(texts)


def test_a_follow_up_and_a_review_note_reworded_on_both_sides_keep_both(
        tmp_path: Path, clock: FrozenClock, capsys: pytest.CaptureFixture[str]) -> None:
    server, local, incident_id = pulled(tmp_path, clock, capsys)
    for path, words in ((local, "offline"), (server, "server")):
        store = Store(open_database(path), clock)
        item = store.follow_ups.for_incident(incident_id)[0]
        store.follow_ups.update(item.id, ActionDraft(f"Alert on pool ({words})"), "bo")
        store.comms.save_review_note(incident_id, "lessons", f"lesson ({words})", "bo")
        store.close()
    shared = Store(open_database(server), clock)
    shared.comms.save_review_note(incident_id, "lessons", "lesson (server)", "ana")
    shared.close()

    code, err = sync(capsys, "--push", str(local), "--to", str(server))
    assert code == 0 and "2 edited on both sides" in err
    assert rows(server, "SELECT description FROM action_items") == [("Alert on pool (server)",)]
    assert rows(server, "SELECT text FROM review_notes") == [("lesson (server)",)]
    offline = {text for (text,) in rows(server, "SELECT text FROM timeline "
                                        "WHERE text LIKE '(edited offline)%'")}
    assert offline == {"(edited offline) follow-up #1: Alert on pool (offline) [open]",
                       "(edited offline) review, lessons: lesson (offline)"}


def test_an_edit_made_on_one_side_only_is_the_one_kept(
        tmp_path: Path, clock: FrozenClock, capsys: pytest.CaptureFixture[str]) -> None:
    server, local, incident_id = pulled(tmp_path, clock, capsys)
    laptop = Store(open_database(local), clock)
    item = laptop.follow_ups.for_incident(incident_id)[0]
    laptop.follow_ups.update(item.id, ActionDraft(item.description, owner="bo",
                                                  status=ActionStatus.DONE), "bo")
    laptop.close()
    shared = Store(open_database(server), clock)
    entry = next(e for e in shared.timeline.entries(incident_id) if e.author == "ana"
                 and e.text.startswith("pool"))
    shared.timeline.edit(entry.id, text="pool exhausted on db-2 (confirmed)")
    shared.close()

    code, err = sync(capsys, "--push", str(local), "--to", str(server))
    assert code == 0 and "1 edited here and updated there" in err
    assert rows(server, "SELECT status FROM action_items") == [("done",)]
    # The server's own edit stands: the copy's older words are not pushed over it.
    assert rows(server, "SELECT count(*) FROM timeline WHERE text LIKE 'pool%'") == [(1,)]
    assert rows(server, "SELECT text FROM timeline WHERE text LIKE 'pool%'") == [
        ("pool exhausted on db-2 (confirmed)",)]


def test_resolved_offline_reaches_the_server_unless_it_changed_there_too(
        tmp_path: Path, clock: FrozenClock, capsys: pytest.CaptureFixture[str]) -> None:
    server, local, incident_id = pulled(tmp_path, clock, capsys)
    laptop = Store(open_database(local), clock)
    laptop.incidents.set_status(incident_id, Status.RESOLVED, "bo")
    laptop.incidents.set_milestone(incident_id, Milestone.RESOLVED, PEAK + timedelta(hours=1))
    laptop.incidents.set_severity(incident_id, "P3", "bo")
    laptop.close()
    shared = Store(open_database(server), clock)
    shared.incidents.set_severity(incident_id, "P2", "ana")
    shared.close()

    before = rows(server, "SELECT version FROM incidents")[0][0]
    code, err = sync(capsys, "--push", str(local), "--to", str(server))
    assert code == 0, err
    assert "1 milestone" in err and "severity set on both sides: the server's kept" in err
    shared = Store(open_database(server), clock)
    incident = shared.incidents.required(incident_id)
    shared.close()
    # An edit form open on the server meanwhile sees the record moved
    # (optimistic concurrency): the push bumps its version.
    assert rows(server, "SELECT version FROM incidents")[0][0] > before
    assert incident.status is Status.RESOLVED
    assert incident.milestones[Milestone.RESOLVED] == PEAK + timedelta(hours=1)
    assert incident.severity == "P2"  # set on both sides: the server's stands


def test_importing_a_local_copys_dump_merges_it_and_adds_nothing_twice(
        tmp_path: Path, clock: FrozenClock, capsys: pytest.CaptureFixture[str]) -> None:
    server, local, incident_id = pulled(tmp_path, clock, capsys)
    laptop = Store(open_database(local), clock)
    laptop.timeline.add(incident_id, "written on the train", author="bo")
    laptop.close()
    dump = tmp_path / "laptop.json"
    assert main(["export", incident_id, "--format", "json", "--db", str(local),
                 "-o", str(dump)]) == 0
    assert json.loads(dump.read_text())["local_copy"]["origin"] == str(server)
    for expected in ("1 note added", "nothing new to add"):
        assert main(["import", str(dump), "--db", str(server)]) == 0
        assert expected in capsys.readouterr().err
    assert rows(server, "SELECT count(*) FROM timeline WHERE text = 'written on the train'"
                ) == [(1,)]


def test_a_dump_from_before_uids_is_matched_on_its_words_and_adds_nothing_twice(
        tmp_path: Path, clock: FrozenClock, capsys: pytest.CaptureFixture[str]) -> None:
    server = tmp_path / "shared.db"
    incident_id = shared_incident(server, clock)
    store = Store(open_database(server), clock)
    document = store.export_incident(incident_id)
    store.close()
    for table in ("timeline", "checklist_marks", "action_items"):
        for row in document[table]:
            del row["uid"]
    document["timeline"].append(dict(document["timeline"][-1], id=999, kind="note",
                                     text="only in the dump"))
    dump = tmp_path / "old.json"
    dump.write_text(json.dumps(document))
    assert main(["import", str(dump), "--db", str(server)]) == 0
    assert "1 note added" in capsys.readouterr().err
    assert main(["import", str(dump), "--db", str(server)]) == 0
    assert "nothing new to add" in capsys.readouterr().err
    assert len(rows(server, "SELECT 1 FROM timeline")) == len(document["timeline"])


def test_the_war_room_on_a_local_copy_says_so_above_everything(
        tmp_path: Path, clock: FrozenClock, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli.launch import build_local_copy_context, build_review_context
    from tui.files.config import Config

    _, local, incident_id = pulled(tmp_path, clock, capsys)
    context = build_local_copy_context(local, incident_id, Config(), clock=clock)
    assert context is not None
    try:
        assert context.incident.id == incident_id and context.demo_label == ""
        assert context.local_copy.startswith(f"LOCAL COPY of {incident_id} from ")
        assert "notes are local until pushed (warroom sync)" in context.local_copy
    finally:
        context.store.close()
    review = build_review_context(local, incident_id, clock=clock)
    try:
        assert review.local_copy == context.local_copy
    finally:
        review.store.close()


def test_a_copy_with_everything_pushed_is_pulled_again_up_to_date(
        tmp_path: Path, clock: FrozenClock, capsys: pytest.CaptureFixture[str]) -> None:
    server, local, incident_id = pulled(tmp_path, clock, capsys)
    laptop = Store(open_database(local), clock)
    laptop.timeline.add(incident_id, "written offline", author="bo")
    laptop.close()
    assert sync(capsys, "--push", str(local), "--to", str(server))[0] == 0
    shared = Store(open_database(server), clock)
    shared.timeline.add(incident_id, "written by the others meanwhile", author="ana")
    shared.close()

    code, err = sync(capsys, "--pull", incident_id, "--from", str(server), "--to", str(local))
    assert code == 0, err
    texts = {text for (text,) in rows(local, "SELECT text FROM timeline")}
    assert {"written offline", "written by the others meanwhile"} <= texts
    assert len(texts) == len(rows(local, "SELECT text FROM timeline"))
    assert rows(local, "SELECT count(*) FROM local_copies") == [(1,)]


def test_pulling_over_unpushed_changes_or_an_unknown_incident_is_refused(
        tmp_path: Path, clock: FrozenClock, capsys: pytest.CaptureFixture[str]) -> None:
    server, local, incident_id = pulled(tmp_path, clock, capsys)
    laptop = Store(open_database(local), clock)
    laptop.timeline.add(incident_id, "not pushed yet", author="bo")
    laptop.close()
    code, err = sync(capsys, "--pull", incident_id, "--from", str(server), "--to", str(local))
    assert code == 1 and "not pushed yet: push them first" in err and err.count("\n") == 1
    assert rows(local, "SELECT count(*) FROM timeline WHERE text = 'not pushed yet'") == [(1,)]
    code, err = sync(capsys, "--pull", "INC-NONE", "--from", str(server),
                     "--to", str(tmp_path / "other.db"))
    assert code == 1 and "no incident INC-NONE" in err and err.count("\n") == 1


@pytest.mark.parametrize("damage", ["not a copy", "base not an object", "not sqlite",
                                    "huge", "escapes"])
def test_a_crafted_local_copy_is_one_line_and_nothing_pushed(
        tmp_path: Path, clock: FrozenClock, capsys: pytest.CaptureFixture[str],
        damage: str) -> None:
    server, local, incident_id = pulled(tmp_path, clock, capsys)
    conn = sqlite3.connect(local)
    if damage == "not a copy":
        conn.execute("DELETE FROM local_copies")
    elif damage == "base not an object":
        conn.execute("UPDATE local_copies SET base = '[1, 2]'")
    elif damage == "huge":
        conn.execute("UPDATE timeline SET text = ? WHERE text LIKE 'pool%'", ["x" * 2_000_001])
    elif damage == "escapes":
        conn.execute("UPDATE local_copies SET origin = ?", [f"db{HOSTILE}"])
        conn.execute("UPDATE timeline SET text = ? WHERE text LIKE 'pool%'", [f"n{HOSTILE}"])
    conn.commit()
    conn.close()
    if damage == "not sqlite":
        local.write_bytes(b"<html>" + bytes(range(256)))
    before = rows(server, "SELECT * FROM timeline")

    code, err = sync(capsys, "--push", str(local), "--to", str(server))
    assert "Traceback" not in err and err.count("\n") == 1
    assert not any(raw in err for raw in RAW)
    if damage == "escapes":
        # Pushed as typed (the console shows it safely), said safely here
        # and in the copy's banner.
        assert code == 0 and "1 edited here and updated there" in err
        laptop = Store(open_database(local), clock)
        copy = laptop.local_copy(incident_id)
        laptop.close()
        assert copy is not None and not any(raw in copy.banner() for raw in RAW)
        return
    assert code == 1
    assert {"not a copy": "is not a local copy", "base not an object": "local_copy.base",
            "not sqlite": "not a SQLite database", "huge": "over the limit"}[damage] in err
    assert rows(server, "SELECT * FROM timeline") == before


def test_the_local_copy_must_be_a_file_and_not_the_shared_store(
        tmp_path: Path, clock: FrozenClock, capsys: pytest.CaptureFixture[str]) -> None:
    server = tmp_path / "shared.db"
    incident_id = shared_incident(server, clock)
    code, err = sync(capsys, "--pull", incident_id, "--from", str(server), "--to",
                     "postgresql://ana@db.example/warroom")
    assert code == 1 and "a local copy is a SQLite file" in err
    code, err = sync(capsys, "--pull", incident_id, "--from", str(server), "--to", str(server))
    assert code == 1 and "the same store" in err
    code, err = sync(capsys, "--push", str(tmp_path / "missing.db"), "--to", str(server))
    assert code == 1 and "no local copy" in err
    code, err = sync(capsys, "--pull", incident_id)
    assert code == 1 and "--to FILE" in err
    code, err = sync(capsys, "--pull", incident_id, "--from",
                     "postgresql://ana:hunter2@db.example/warroom", "--to", str(tmp_path / "l.db"))
    assert code == 1 and err.startswith("warroom: --from: the URL holds a password")
    assert "hunter2" not in err and not (tmp_path / "l.db").exists()
    assert rows(server, "SELECT count(*) FROM incidents") == [(1,)]


def test_warroom_on_a_local_copy_opens_its_incident_not_the_demo(
        tmp_path: Path, clock: FrozenClock, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli.main import build_parser
    from tui.cli.start import build_context, header_first
    from tui.files.config import Config
    from tui.store.location import SqliteLocation

    _, local, incident_id = pulled(tmp_path, clock, capsys)
    args = build_parser().parse_args(["--db", str(local)])
    where = SqliteLocation(local)
    # The header-first start reads the demo's incident: the full build says it.
    assert header_first(args, Config(), where) is None
    context = build_context(args, Config(), where)
    try:
        assert context.incident.id == incident_id and context.story is None
        assert context.local_copy.startswith("LOCAL COPY of")
    finally:
        context.store.close()
