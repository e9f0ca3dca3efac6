"""Playbook files: the shipped ones, broken ones, when they apply, and
placeholders filled from the incident."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.factories import T0, make_incident
from tui.files.paths import bundled
from tui.files.playbooks import PlaybookError, load_playbook, load_playbooks
from tui.model.checklist import Attachment, item_statuses, newly_applying
from tui.model.incident import Status
from tui.model.playbook import fill, placeholder_values

SHIPPED = bundled("sample_data") / "playbooks"
SCENARIOS = {
    "db-pool-exhaustion": "db-pool", "high-latency": "latency",
    "error-rate-after-deploy": "deploy", "memory-leak": "oomkilled",
    "failed-deployment": "failed-deploy", "region-outage": "region",
    "security-breach": "security", "data-corruption": "data-corruption",
    "third-party-rate-limit": "rate-limit", "gateway-overload": "gateway",
    "auth-degradation": "auth",
}


def shipped() -> dict[str, object]:
    books, errors = load_playbooks(SHIPPED)
    assert errors == []
    return {book.id: book for book in books}


def test_every_runbook_playbook_ships_and_loads() -> None:
    books = shipped()
    assert set(books) == set(SCENARIOS) | {"triage", "communication", "post-incident"}
    post = books["post-incident"]
    assert [item.key for item in post.items()] == [  # type: ignore[attr-defined]
        "verified", "postmortem-scheduled", "root-cause", "action-items", "alerts",
        "stakeholders", "status-page"]


@pytest.mark.parametrize(("book_id", "scenario"), sorted(SCENARIOS.items()))
def test_each_scenario_playbook_is_proposed_for_its_scenario_only(book_id: str,
                                                                   scenario: str) -> None:
    books, _ = load_playbooks(SHIPPED)
    tagged = make_incident(scenarios=(scenario,))
    assert book_id in {book.id for book in newly_applying(books, None, tagged, set())}
    plain = make_incident(severity="P3")
    assert book_id not in {book.id for book in newly_applying(books, None, plain, set())}


def test_conditions_follow_severity_status_and_what_is_attached() -> None:
    books, _ = load_playbooks(SHIPPED)

    def ids(**changes: object) -> set[str]:
        incident = make_incident(**changes)
        return {book.id for book in newly_applying(books, None, incident, {"triage"})}

    assert ids(severity="P1") == {"communication"}
    assert ids(severity="SEV2") == {"communication"}  # P2 written, SEV2 declared
    assert ids(severity="P3") == set()
    assert ids(severity="P3", status=Status.RESOLVED) == {"post-incident"}
    assert ids(severity="P3", scenarios=("region",)) == set()  # region outage: P1/P2 only
    assert ids(severity="P1", scenarios=("REGION",)) == {"communication", "region-outage"}


def test_placeholders_are_filled_from_the_incident_and_unknown_ones_stay() -> None:
    book = load_playbook(SHIPPED / "error-rate-after-deploy.toml")
    undo = book.item("undo")
    assert undo is not None
    values = placeholder_values(make_incident(services=("checkout", "cart")), "shop")
    assert fill(undo.command, values) == "kubectl rollout undo deployment/checkout -n shop"
    assert fill("scale to <replicas> in <namespace>", placeholder_values(
        make_incident(services=()), "")) == "scale to <replicas> in <namespace>"


def test_due_items_fall_due_after_the_declaration() -> None:
    triage = load_playbook(SHIPPED / "triage.toml")
    ack = triage.item("ack")
    assert ack is not None and ack.due == timedelta(minutes=5)
    incident = make_incident()  # declared 8 minutes after T0
    attached_at_declaration = Attachment(triage, T0 + timedelta(minutes=8))
    statuses = {s.item.key: s for s in item_statuses(incident, attached_at_declaration, {})}
    assert statuses["ack"].due_at == T0 + timedelta(minutes=13)
    assert statuses["ack"].overdue(T0 + timedelta(minutes=14))
    assert not statuses["ack"].overdue(T0 + timedelta(minutes=12))
    # Attached 40 minutes in: the runbook's clock starts then, not at declaration.
    late = {s.item.key: s for s in item_statuses(incident, Attachment(
        triage, T0 + timedelta(minutes=40)), {})}
    assert late["ack"].due_at == T0 + timedelta(minutes=45)
    assert triage.item("1.1") is None and triage.item("health") is not None


@pytest.mark.parametrize(("text", "message"), [
    ('title = "x"\n[[sections]]\ntitle = "s"\nitems = [ { text = "a" ]\n', r"line 4"),
    ('title = "x"\n\n[[sections]]\ntitle = "a"\nitems = ["ok"]\n\n[[sections]]\n'
     'title = "b"\nitems = [\n  { text = "ok" },\n  { hint = "no text" },\n]\n',
     r"bad.toml, line 11: an item needs text"),
    ('title = "x"\n[[sections]]\ntitle = "s"\n[[sections.items]]\ntext = "a"\ndue = "soon"\n',
     r"line 4: due 'soon' is not a duration"),
    ('title = "x"\n[when]\nseverity = ["P1"]\nteam = ["db"]\n[[sections]]\ntitle = "s"\n'
     'items = ["a"]\n', r"\[when\] has unknown key 'team'"),
    ('title = "x"\n[[sections]]\ntitle = "s"\nitems = [{ text = "a", cmd = "ls" }]\n',
     r"line 2: item has unknown key 'cmd'"),
    ('[[sections]]\ntitle = "s"\nitems = ["a"]\n', r"title is required"),
    ('title = "x"\n', r"at least one \[\[sections\]\]"),
    ('title = "x"\n[[sections]]\ntitle = "s"\nitems = [{ id = "a", text = "1" }, '
     '{ id = "a", text = "2" }]\n', r"two items have the id 'a'"),
])
def test_a_broken_file_names_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(PlaybookError, match=message) as caught:
        load_playbook(path)
    assert str(path) in str(caught.value)


def test_broken_files_do_not_hide_the_others_and_yours_replace_shipped_ones(
        tmp_path: Path) -> None:
    (tmp_path / "a-broken.toml").write_text('title = "x"\nsections = 3\n')
    (tmp_path / "binary.toml").write_bytes(b"\xff\xfe title")
    (tmp_path / "my-triage.toml").write_text(
        'id = "triage"\ntitle = "Our triage"\n[[sections]]\ntitle = "s"\nitems = ["Page Bob"]\n')
    books, errors = load_playbooks(SHIPPED, tmp_path, tmp_path / "missing")
    assert sorted(Path(str(error).split(":")[0]).name for error in errors) == [
        "a-broken.toml", "binary.toml"]
    by_id = {book.id: book for book in books}
    assert by_id["triage"].title == "Our triage"
    assert len(by_id) == 14
