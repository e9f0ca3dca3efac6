"""Communication templates: every shipped one filled from the demo incident
(snapshots of the text: `pytest --snapshot-update` after reviewing a change),
missing fields marked where they go, the sandbox holding against templates
that try to reach Python or run away, and template files read like playbooks
(a broken one named, the others kept)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import PEAK
from tests.factories import make_incident
from tui.files.config import load_config
from tui.files.paths import bundled
from tui.files.template_library import default_template, load_templates, parse_template
from tui.model.action_item import ActionDraft, ActionStatus
from tui.model.clock import FrozenClock
from tui.model.incident import Milestone, Status
from tui.model.record import IncidentRecord
from tui.model.timeline import EntryKind
from tui.render.template_fields import FIELDS, incident_fields
from tui.render.templates import (
    MAX_OUTPUT,
    TemplateError,
    fields_used,
    missing,
    missing_fields,
    render,
)
from tui.store import Store, open_database
from tui.ui.context import WarroomContext

# Every store behaviour here is checked on SQLite and on a real PostgreSQL.
pytestmark = pytest.mark.both_engines

SHIPPED = bundled("sample_data") / "templates"
EVERY_TEMPLATE = ["internal_announcement", "internal_update", "customer_initial", "status_page",
                  "escalation_page", "internal_resolution", "customer_resolution", "postmortem"]


@pytest.fixture
def incident_store(store: Store) -> Store:
    store.incidents.create(make_incident())
    return store


def fields_of(context: WarroomContext) -> dict[str, object]:
    record = context.store.record(context.incident.id)
    return incident_fields(record, context.clock.now(), context.severity_levels,
                           ["Check the health endpoint of checkout"])


def test_every_template_the_issue_names_is_shipped_in_incident_order() -> None:
    templates, problems = load_templates(SHIPPED)
    assert problems == []
    assert [t.id for t in templates] == EVERY_TEMPLATE
    # Sending one of these restarts the update countdown; a page or a
    # post-mortem does not.
    assert {t.id for t in templates if not t.counts_as_update} == {"escalation_page",
                                                                    "postmortem"}
    assert default_template(templates).id == "internal_update"  # type: ignore[union-attr]


@pytest.mark.parametrize("template_id", EVERY_TEMPLATE)
def test_each_template_renders_on_the_demo(template_id: str, make_context: Callable[
        ..., WarroomContext], snapshot: object) -> None:
    context = make_context()
    template = next(t for t in context.templates if t.id == template_id)
    assert render(template.source, fields_of(context)) == snapshot


@pytest.mark.parametrize("template_id", ["internal_resolution", "customer_resolution",
                                         "postmortem"])
def test_the_closing_templates_after_resolution(template_id: str, make_context: Callable[
        ..., WarroomContext], snapshot: object) -> None:
    """Resolved, with a starred finding, a decision and a follow-up: the
    resolution notices and the post-mortem have their facts."""
    context = make_context()
    store, incident_id = context.store, context.incident.id
    finding = store.timeline.add(incident_id, "v2.14.0 halved the DB pool (20 → 10)",
                              EntryKind.FINDING, author="Marco Bianchi")
    store.timeline.set_starred(finding.id, True)
    store.timeline.add(incident_id, "Roll back checkout to v2.13.4", EntryKind.DECISION,
                    author="Priya Raman")
    store.follow_ups.add(incident_id, ActionDraft("Alert on pool saturation", owner="Sam"))
    store.incidents.set_milestone(incident_id, Milestone.MITIGATED, PEAK + timedelta(minutes=5))
    store.incidents.set_milestone(incident_id, Milestone.RESOLVED, PEAK + timedelta(minutes=20))
    store.incidents.set_status(incident_id, Status.RESOLVED)
    template = next(t for t in context.templates if t.id == template_id)
    text = render(template.source, fields_of(context))
    assert "⟨missing: resolved⟩" not in text
    assert text == snapshot


def test_a_missing_field_is_marked_where_it_goes() -> None:
    fields = incident_fields(IncidentRecord(make_incident(), []), PEAK)
    text = render("IC {{ incident_commander }}, TL {{ tech_lead }}, {{ title }}, "
                  "{{ nosuch }}, {{ nosuch.deeper }}", fields)
    assert text == (f"IC Priya, TL {missing('tech_lead')}, Checkout down, "
                    f"{missing('nosuch')}, {missing('nosuch')}")
    assert missing_fields(text) == ["tech_lead", "nosuch"]


def test_a_template_can_choose_what_a_missing_field_says() -> None:
    fields = incident_fields(IncidentRecord(make_incident(), []), PEAK)
    text = render("{{ impact | default('not known yet') }}; "
                  "{% if tech_lead %}TL {{ tech_lead }}{% else %}no TL{% endif %}; "
                  "{% for s in steps %}- {{ s }}{% else %}nothing planned{% endfor %}", fields)
    assert text == "not known yet; no TL; nothing planned"


def test_every_documented_field_is_filled_or_marked() -> None:
    """A field the composer documents either comes from the record or is one
    written in review; none is silently empty."""
    incident = make_incident(impact="All checkouts fail", description="5xx on pay",
                             scenarios=("db-pool",))
    record = IncidentRecord(incident, [])
    fields = incident_fields(record, PEAK)
    for name in FIELDS:
        text = render(f"{{{{ {name} }}}}", fields)
        assert text, name
        assert text == missing(name) or "⟨missing" not in text


def test_fields_loop_over_entries_and_actions(incident_store: Store, clock: FrozenClock) -> None:
    store = incident_store
    store.timeline.add("INC-1", "Pool at 100 %", EntryKind.FINDING, author="bo")
    store.follow_ups.add("INC-1", ActionDraft("Alert on pool", owner="bo"))
    store.follow_ups.add("INC-1", ActionDraft("Load test", owner="cy",
                                               status=ActionStatus.DONE))
    fields = incident_fields(store.record("INC-1"), clock.now())
    text = render("{% for a in actions if not a.status.closed %}{{ a.owner }}: "
                  "{{ a.description }}{% endfor %} | {{ findings }} | {{ open_actions }}",
                  fields)
    assert text.startswith("bo: Alert on pool | - ") and "Z Pool at 100 %" in text
    assert text.endswith("| 1")


ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ title.__class__.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__['__builtins__']['open']('/etc/passwd').read() }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ self.__init__.__globals__ }}",
    "{{ actions.append(1) }}",
    "{{ steps.clear() }}",
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}",
    "{% extends '/etc/hostname' %}",
    "{{ lipsum(100) }}",
    "{{ config.items() }}",
    "{{ entries[0].__class__ }}",
    "{{ dict.__base__.__subclasses__() }}",
    "{{ ().__class__.__base__.__subclasses__() }}",
    "{{ (title|attr('__class__')) }}",
    "{{ '%s' % title.__class__ }}",
]


@pytest.mark.parametrize("source", ESCAPES)
def test_a_template_cannot_reach_python_or_files(source: str, incident_store: Store,
                                                 clock: FrozenClock) -> None:
    store = incident_store
    store.timeline.add("INC-1", "first note")
    store.follow_ups.add("INC-1", ActionDraft("x"))
    fields = incident_fields(store.record("INC-1"), clock.now(), steps=["a step"])
    try:
        text = render(source, fields)
    except TemplateError as error:
        assert str(error)
        return
    # Whatever renders is a missing marker or harmless text, never Python's insides.
    for leak in ("<class", "<function", "<built-in", "root:", "__builtins__", "uid=",
                 "<module", "subclasses"):
        assert leak not in text, (source, text)
    assert fields["steps"] == ["a step"] and len(fields["actions"]) == 1  # type: ignore[arg-type]


RUNAWAYS = [
    ("{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}",
     "over 100000 steps"),
    ("{{ 'x' * 10000000 }}", "repeats text"),
    ("{{ ['x'] * 10000000 }}", "repeats text"),
    ("{{ 'x'|center(100000000) }}", "larger than a template may use"),
    ("{{ 'x'.ljust(100000000) }}", "larger than a template may use"),
    ("{{ 'x'|indent(100000000) }}", "larger than a template may use"),
    ("{{ '%100000000s' % 'x' }}", "too wide"),
    ("{{ '%*s' % (100000000, 'x') }}", "too wide"),
    ("{{ '{:>100000000}'.format('x') }}", "too wide"),
    ("{{ '%100000000s'|format('x') }}", "too wide"),
    ("{{ 9 ** 99999999 }}", "larger than a template may use"),
    ("{% for a in range(300) %}{{ 'x' * 10000 }}{% endfor %}", f"past {MAX_OUTPUT} characters"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "RecursionError"),
]


@pytest.mark.parametrize(("source", "reason"), RUNAWAYS)
def test_a_runaway_template_stops_with_a_reason(source: str, reason: str) -> None:
    with pytest.raises(TemplateError, match=reason):
        render(source, {"title": "x"})


def test_a_template_names_the_fields_it_uses(incident_store: Store,
                                              clock: FrozenClock) -> None:
    """Only those the template names are built: a status update of a long
    incident does not format its whole timeline."""
    store = incident_store
    store.timeline.add("INC-1", "Pool at 100 %", EntryKind.FINDING)
    source = "{{ title }} {% for e in entries %}{{ e.text }}{% endfor %} {{ recent }}"
    used = fields_used(source)
    assert used == {"title", "entries", "recent"}
    fields = incident_fields(store.record("INC-1"), clock.now(), used=used)
    assert "timeline" not in fields and "checklists" not in fields
    assert render(source, fields) == render(source, incident_fields(store.record("INC-1"),
                                                                    clock.now()))
    assert fields_used("{{ broken }") is None


def test_a_broken_template_names_the_line() -> None:
    with pytest.raises(TemplateError, match="line 2: unexpected '}'"):
        render("fine\n{{ title }", {"title": "x"})
    with pytest.raises(TemplateError, match="line 1"):
        render("{% for x in steps %}", {})


def test_field_values_are_never_read_as_template_code() -> None:
    fields = incident_fields(IncidentRecord(make_incident(
        title="{{ 7*7 }} {% for x in range(3) %}[red]x[/red]{% endfor %}"), []), PEAK)
    assert render("{{ title }}", fields) == \
        "{{ 7*7 }} {% for x in range(3) %}[red]x[/red]{% endfor %}"


def write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_your_folder_adds_templates_and_replaces_shipped_ones(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    write(mine, "internal_update.md", "{#\ntitle: Our update\nupdate: yes\norder: 1\n#}\n"
                                      "Short: {{ title }}")
    write(mine, "exec_brief.md", "For execs: {{ impact }}")
    write(mine, "notes.txt", "not a template")
    templates, problems = load_templates(SHIPPED, mine)
    assert problems == []
    ids = [t.id for t in templates]
    assert ids[0] == "internal_update" and ids.count("internal_update") == 1
    assert templates[0].title == "Our update" and templates[0].source == "Short: {{ title }}"
    brief = next(t for t in templates if t.id == "exec_brief")
    # No header: titled from the file name, not a status update, listed last.
    assert (brief.title, brief.counts_as_update, ids[-1]) == ("Exec brief", False,
                                                              "exec_brief")


@pytest.mark.parametrize(("name", "text", "problem"), [
    ("bad_key.md", "{#\ntitle: x\nsend_to: everyone\n#}\nbody", "bad_key.md, line 3: "
     "expected one of title, audience, update, order"),
    ("bad_update.md", "{#\nupdate: maybe\n#}\nbody", "update must be yes or no"),
    ("bad_order.md", "{#\norder: first\n#}\nbody", "order must be a whole number"),
    ("empty.md", "{#\ntitle: Nothing\n#}\n  \n", "the template is empty"),
    ("latin1.md", "Caf\xe9".encode("latin-1"), "not UTF-8 text"),
])
def test_a_broken_template_file_is_named_and_the_others_load(
        tmp_path: Path, name: str, text: str | bytes, problem: str) -> None:
    write(tmp_path, name, text)
    templates, problems = load_templates(SHIPPED, tmp_path)
    assert len(problems) == 1 and problem in problems[0] and name in problems[0]
    assert [t.id for t in templates] == EVERY_TEMPLATE


def test_the_config_names_template_folders(tmp_path: Path) -> None:
    config = write(tmp_path, "config.toml", '[templates]\nfolders = ["comms", "/abs/comms"]\n')
    loaded = load_config(config)
    assert loaded.template_search_path() == (tmp_path / "templates", tmp_path / "comms",
                                             Path("/abs/comms"))


def test_a_header_is_not_part_of_the_text() -> None:
    template = parse_template("{#\ntitle: T\n#}\nHello {{ title }}", "t")
    assert template.source == "Hello {{ title }}"


def test_drafts_are_kept_until_the_communication_is_sent(tmp_path: Path,
                                                        clock: FrozenClock) -> None:
    store = Store(open_database(tmp_path / "w.db"), clock)
    store.incidents.create(make_incident(), [])
    store.comms.save_draft("INC-1", "customer_initial", "first words", "dana")
    store.comms.save_draft("INC-1", "customer_initial", "better words", "dana")
    store.comms.save_draft("INC-1", "status_page", "status text")
    store.comms.save_draft("INC-1", "status_page", "")
    assert store.record("INC-1").drafts == {"customer_initial": "better words"}
    # A page is logged but is no status update: the countdown stays.
    before = store.incidents.get("INC-1")
    store.comms.mark_sent("INC-1", "PAGE checkout", "dana", title="Escalation page",
                    template_id="escalation_page", restarts_cadence=False)
    assert store.incidents.get("INC-1").last_update_at == before.last_update_at  # type: ignore[union-attr]
    store.comms.mark_sent("INC-1", "better words", "dana", title="Initial customer notification",
                    template_id="customer_initial")
    record = store.record("INC-1")
    assert record.drafts == {}
    assert record.incident.last_update_at == clock.now()
    sent = [e for e in record.entries if e.kind is EntryKind.COMMUNICATION]
    assert [e.text for e in sent] == ["Escalation page sent:\nPAGE checkout",
                                      "Initial customer notification sent:\nbetter words"]
    with pytest.raises(ValueError):
        store.comms.mark_sent("INC-1", "  ", "dana")
    store.close()
