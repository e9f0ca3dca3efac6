"""Declaring, editing, running and switching incidents as the incident
commander does it, on the demo war room (clock frozen at 14:20 UTC) and a
real SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, SelectionList, Static

from tests.ui.helpers import settle, war_room
from tui import actions
from tui.model.incident import IncidentDraft, Milestone, Roles, Status
from tui.model.severity import SEV_LEVELS
from tui.screens.incident_form import IncidentForm
from tui.screens.incident_picker import IncidentPicker
from tui.screens.lifecycle import LifecycleEditor
from tui.screens.playbook_picker import PlaybookPicker
from tui.screens.quit_confirm import ConfirmScreen
from tui.store import Store, open_database
from tui.ui.context import WarroomContext
from tui.widgets.incident_header import IncidentHeader
from tui.widgets.timeline_pane import TimelinePane

MakeContext = Callable[..., WarroomContext]


def header(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one(IncidentHeader).render())


def timeline_texts(pilot: Pilot) -> list[str]:
    grid = pilot.app.screen.query_one(TimelinePane).grid
    return [grid.row_text(i)[3] for i in range(grid.row_count)]


def text_of(pilot: Pilot, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


async def fill(pilot: Pilot, selector: str, text: str) -> None:
    """Click a field and replace what is in it, as a paste over a selection
    would. Typed key by key, each dialog took seconds per field on a busy
    war room and tested nothing more: keystrokes are the Input's business,
    the dialogs' rules are what is tested here."""
    await pilot.click(selector)
    field = pilot.app.screen.query_one(selector, Input)
    field.value = text
    field.cursor_position = len(text)
    await pilot.pause()


async def choose(pilot: Pilot, selector: str, typed: str) -> None:
    """Open a drop-down, type the start of a choice, take it."""
    await pilot.click(selector)
    await pilot.pause()
    await pilot.press(*typed, "enter")
    await pilot.pause()


async def test_declaring_with_the_impact_helper_opens_the_new_incident(
        make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        app = pilot.app
        await pilot.press("D", "y")
        assert isinstance(app.screen, IncidentForm)
        assert app.screen.query_one("#form-title", Input).has_focus
        await pilot.press(*"Payments [red]EU[/red] timeouts")
        await choose(pilot, "#form-scope", "over")
        await choose(pilot, "#form-kind", "degr")
        # Degraded performance for over 1000 users: P2 in the runbooks' matrix.
        assert "proposes P2 High" in text_of(pilot, "#form-proposal")
        assert app.screen.query_one("#form-impact", Input).value == (
            "Degraded performance for over 1000 users")
        assert "status update every 30 min" in text_of(pilot, "#form-level")
        await fill(pilot, "#form-started", "-25m")
        await fill(pilot, "#form-services", "payments, checkout, payments")
        await fill(pilot, "#form-scenarios", "Latency, rate-limit")
        await fill(pilot, "#form-incident_commander", "Priya")
        await fill(pilot, "#form-smes", "Ana, Bo")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # The playbooks that apply to the new incident are proposed, ticked.
        assert isinstance(app.screen, PlaybookPicker)
        proposed = {"triage", "communication", "high-latency", "third-party-rate-limit"}
        assert set(app.screen.query_one(SelectionList).selected) == proposed
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, (IncidentForm, PlaybookPicker))

        declared = [i for i in context.store.incidents.all() if not i.is_demo]
        assert len(declared) == 1
        incident = declared[0]
        assert (incident.title, incident.severity, incident.services) == (
            "Payments [red]EU[/red] timeouts", "P2", ("payments", "checkout"))
        assert incident.roles == Roles(incident_commander="Priya", smes=("Ana", "Bo"))
        assert incident.scenarios == ("latency", "rate-limit")
        assert incident.milestones[Milestone.DECLARED] - incident.milestones[
            Milestone.STARTED] == timedelta(minutes=25)
        # The war room now runs the new incident; markup is shown as typed.
        assert app.screen.incident.id == incident.id
        assert "P2 HIGH" in header(pilot)
        assert "Payments [red]EU[/red] timeouts" in header(pilot)
        assert "elapsed 25m 00s" in header(pilot)
        texts = timeline_texts(pilot)
        assert texts[0] == "Incident declared: P2 Payments [red]EU[/red] timeouts"
        assert "Incident commander: nobody → Priya" in texts
        assert "SMEs joined: Ana, Bo" in texts
        assert any(text.startswith("Playbooks attached: Initial triage, ") for text in texts)
        assert {a.playbook.id
                for a in context.store.checklists.attachments(incident.id)} == proposed


async def test_an_empty_title_is_refused_in_the_form_and_nothing_is_lost(
        make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        app = pilot.app
        await pilot.press("D", "y")
        await fill(pilot, "#form-services", "checkout")
        await fill(pilot, "#form-title", "   ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, IncidentForm)
        assert "an incident needs a title" in text_of(pilot, "#form-problem")
        assert app.screen.query_one("#form-title", Input).has_focus
        assert app.screen.query_one("#form-services", Input).value == "checkout"
        assert [i.id for i in context.store.incidents.all()] == [context.incident.id]


async def test_a_failed_save_reopens_the_form_with_everything_typed(
        make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        app = pilot.app
        # A real SQLite refusal: the connection may read but not write.
        context.store.conn.execute("PRAGMA query_only = ON")
        await pilot.press("D", "y", *"Search is down")
        await fill(pilot, "#form-impact", "No results for anyone")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, IncidentForm)
        assert "not saved" in text_of(pilot, "#form-problem")
        assert "readonly" in text_of(pilot, "#form-problem")
        assert app.screen.query_one("#form-title", Input).value == "Search is down"
        assert app.screen.query_one("#form-impact", Input).value == "No results for anyone"
        context.store.conn.execute("PRAGMA query_only = OFF")
        await pilot.press("ctrl+s")  # the same form, saved once the database takes it
        await settle(pilot)
        assert app.screen.incident.title == "Search is down"


async def test_editing_severity_and_roles_logs_each_change_with_its_reason(
        make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        app = pilot.app
        await pilot.press("E")
        assert isinstance(app.screen, IncidentForm)
        assert app.screen.query_one("#form-title", Input).value == context.incident.title
        await choose(pilot, "#form-severity", "P2")
        await fill(pilot, "#form-reason", "error rate back under 5%")
        await fill(pilot, "#form-tech_lead", "Marco")
        await fill(pilot, "#form-title", "Checkout degraded")
        assert app.screen.query_one("#form-scenarios", Input).value == "db-pool, failed-deploy"
        await fill(pilot, "#form-scenarios", "db-pool")
        await pilot.press("ctrl+s")
        await settle(pilot)
        incident = context.store.incidents.get(context.incident.id)
        assert incident is not None
        assert (incident.title, incident.severity, incident.roles.tech_lead) == (
            "Checkout degraded", "P2", "Marco")
        assert incident.roles.incident_commander == "Priya Raman"  # untouched
        texts = timeline_texts(pilot)
        assert "Severity P1 → P2 (error rate back under 5%)" in texts
        assert "Tech lead: Marco Bianchi → Marco" in texts
        assert "Title changed to “Checkout degraded”" in texts
        assert "Scenario: db-pool" in texts
        assert incident.scenarios == ("db-pool",)
        assert "P2 HIGH" in header(pilot) and "Checkout degraded" in header(pilot)
        assert app.sub_title == "Checkout degraded"


async def test_lifecycle_sets_corrects_and_clears_milestones_and_moves_status(
        make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        app = pilot.app
        await pilot.press("m")
        assert isinstance(app.screen, LifecycleEditor)
        # The demo: started 14:02, detected 14:06, acknowledged 14:08.
        assert "MTTD 4m 00s" in text_of(pilot, "#lifecycle-mttx")
        await fill(pilot, "#milestone-identified", "14:12")
        await fill(pilot, "#milestone-mitigated", "-5m")
        assert "TTM 13m 00s" in text_of(pilot, "#lifecycle-mttx")  # live, as typed
        await fill(pilot, "#milestone-detected", "14:04Z")
        await fill(pilot, "#milestone-declared", "")
        await choose(pilot, "#lifecycle-status", "Mon")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, LifecycleEditor)
        incident = context.store.incidents.get(context.incident.id)
        assert incident is not None
        assert incident.status is Status.MONITORING
        at = {name: moment.strftime("%H:%M") for name, moment in incident.milestones.items()}
        # The typed mitigation time wins over the one the status change would stamp.
        assert at == {Milestone.STARTED: "14:02", Milestone.DETECTED: "14:04",
                      Milestone.ACKNOWLEDGED: "14:08", Milestone.IDENTIFIED: "14:12",
                      Milestone.MITIGATED: "14:15"}
        texts = timeline_texts(pilot)
        assert "Milestone detected corrected: 14:06:00Z → 14:04:00Z" in texts
        assert "Milestone declared cleared (was 14:10:00Z)" in texts
        assert "Milestone identified at 14:12:00Z" in texts
        assert "Status Investigating → Monitoring" in texts
        assert "MTTD 2m" in header(pilot) and "TTM 13m" in header(pilot)


async def test_lifecycle_warns_on_order_and_keeps_an_unreadable_time(
        make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        app = pilot.app
        await pilot.press("m")
        await fill(pilot, "#milestone-acknowledged", "14:05")
        assert "acknowledged (14:05Z) is before detected (14:06Z)" in text_of(
            pilot, "#lifecycle-problem")
        await fill(pilot, "#milestone-resolved", "quarter past")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LifecycleEditor)
        assert "resolved: 'quarter past' is not a time" in text_of(pilot, "#lifecycle-problem")
        assert app.screen.query_one("#milestone-resolved", Input).has_focus
        assert app.screen.query_one("#milestone-resolved", Input).value == "quarter past"
        await fill(pilot, "#milestone-resolved", "")
        await pilot.press("ctrl+s")  # out of order is a warning: it saves
        await settle(pilot)
        assert not isinstance(app.screen, LifecycleEditor)
        assert "milestones out of order" in header(pilot)


async def test_the_picker_searches_filters_and_switching_loses_nothing(
        make_context: MakeContext) -> None:
    demo = make_context()
    store = demo.store
    search = store.incidents.declare(IncidentDraft("Search results empty", "P3",
                                                   services=("search",)))
    store.timeline.add(search.id, "Elastic cluster red: shard allocation failed")
    old = store.incidents.declare(IncidentDraft("Login slow", "P2"))
    store.incidents.set_status(old.id, Status.RESOLVED)
    # A real war room on the recorded incident (in the demo itself, opening
    # another incident first asks to leave it: tests/ui/test_demo_and_real.py).
    assert demo.demo_exit is not None
    context = demo.demo_exit.open(demo.incident)
    async with war_room(context) as pilot:
        app = pilot.app
        await pilot.press("n", *"half-typed note about checkout")
        await pilot.press("escape", "o")
        assert isinstance(app.screen, IncidentPicker)
        await settle(pilot)
        listed = app.screen.query_one("#picker-list", OptionList)
        assert listed.option_count == 2  # open ones: the demo and the search incident
        await pilot.press(*"shard alloc")  # found by its timeline
        await settle(pilot)
        assert listed.option_count == 1
        assert "Search results empty" in str(listed.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.incident.id == search.id
        assert "Search results empty" in header(pilot)
        assert "Elastic cluster red: shard allocation failed" in timeline_texts(pilot)
        note = app.screen.query_one("#note-input", Input)
        assert note.value == ""  # the other incident's draft stays with it

        await pilot.press("o")
        await settle(pilot)
        await pilot.press("ctrl+f")  # resolved
        await settle(pilot)
        listed = app.screen.query_one("#picker-list", OptionList)
        assert [option.id for option in listed.options] == [old.id]
        await pilot.press("ctrl+f", *"checkout")  # all, searched
        await settle(pilot)
        assert [option.id for option in listed.options] == [context.incident.id]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.incident.id == context.incident.id
        assert app.screen.query_one("#note-input", Input).value == (
            "half-typed note about checkout")


async def test_the_severity_scheme_comes_from_the_config(make_context: MakeContext) -> None:
    context = make_context()
    context.severity_levels = SEV_LEVELS
    async with war_room(context) as pilot:
        # The demo was recorded as P1: under SEV it reads as the same rank.
        assert "P1 CRITICAL" in header(pilot)
        await pilot.press("D", "y")
        await choose(pilot, "#form-scope", "under")
        await choose(pilot, "#form-kind", "feat")
        assert "proposes SEV3 Medium" in text_of(pilot, "#form-proposal")


async def test_the_command_palette_opens_the_record_dialogs(make_context: MakeContext) -> None:
    async with war_room(make_context()) as pilot:
        app = pilot.app
        # In the demo, declaring first asks whether to leave it.
        for typed, screen in (("declare", ConfirmScreen), ("mileston", LifecycleEditor),
                              ("another", IncidentPicker)):
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*typed)
            await pilot.pause(0.3)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, screen), typed
            await pilot.press("escape")
            await pilot.pause()


async def test_a_field_changed_elsewhere_meanwhile_is_refused_keeping_what_was_typed(
        make_context: MakeContext, tmp_path: Path) -> None:
    """dana (another console on the file) retitles the incident while the
    form is open here: the title typed here is refused with dana's shown,
    the severity typed here kept; ctrl+s again saves both."""
    context = make_context(db=tmp_path / "room.db")
    dana = Store(open_database(tmp_path / "room.db"), context.clock)
    async with war_room(context) as pilot:
        app = pilot.app
        await pilot.press("E")
        assert isinstance(app.screen, IncidentForm)
        opened = dana.incidents.required(context.incident.id)
        actions.update_record(dana, opened.id, IncidentDraft(
            "Checkout down for EU cards", opened.severity, opened.description, opened.impact,
            opened.services, opened.roles, opened.scenarios), "dana", base=opened)
        await fill(pilot, "#form-title", "Checkout degraded")
        await choose(pilot, "#form-severity", "P2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, IncidentForm)
        assert text_of(pilot, "#form-problem") == (
            "⚠ Changed by dana at 14:20Z: title “Checkout down for EU cards” — ctrl+s again "
            "saves yours over it, Esc keeps theirs")
        assert app.screen.query_one("#form-title", Input).value == "Checkout degraded"
        assert app.screen.query_one("#form-severity", Select).value == "P2"
        assert dana.incidents.required(opened.id).severity == opened.severity  # nothing written

        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = dana.incidents.required(opened.id)
        assert (saved.title, saved.severity) == ("Checkout degraded", "P2")
    dana.close()
