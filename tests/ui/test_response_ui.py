"""Response targets, the escalation ladder, the contacts tab and the SLO in
the war room, as the incident commander meets them (demo at 14:20 UTC: the
P1 was detected at 14:06, acknowledged at 14:08 and declared at 14:10)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Static

from tests.conftest import PEAK, MakeApp
from tests.factories import seed_history
from tests.ui.helpers import settle, toasts, war_room
from tui.model.clock import FrozenClock
from tui.model.incident import Milestone
from tui.model.timeline import EntryKind
from tui.screens.stats import StatsScreen
from tui.sources.absent import NoMetrics
from tui.ui.context import WarroomContext
from tui.widgets.contacts_pane import ContactGrid
from tui.widgets.incident_header import IncidentHeader
from tui.widgets.roster_autocomplete import RosterAutoComplete

MakeContext = Callable[..., WarroomContext]


def header(pilot: object) -> str:
    return str(pilot.app.screen.query_one(IncidentHeader).render())  # type: ignore[attr-defined]


def escalations(context: WarroomContext) -> list[str]:
    return [entry.text for entry in context.store.timeline.entries(context.incident.id)
            if entry.kind is EntryKind.ESCALATION]


async def test_an_overdue_target_is_flagged_and_logged_once(make_context: MakeContext) -> None:
    context = make_context()
    # Nobody has acknowledged: the 15-minute target counts from 14:06.
    context.store.incidents.set_milestone(context.incident.id, Milestone.ACKNOWLEDGED, None)
    clock = context.clock
    assert isinstance(clock, FrozenClock)
    async with war_room(context) as pilot:
        assert "respond in 1m 00s (14:21Z)" in header(pilot)
        assert escalations(context) == []
        clock.advance(90)
        for _ in range(3):  # three ticks past the target: one line
            await pilot.pause(1.1)
            await settle(pilot)
        assert "respond OVERDUE 30s (due 14:21Z)" in header(pilot)
        assert escalations(context) == ["P1 respond target missed: within 15 min, due 14:21Z"]
    # A second war room on the same file does not log it again.
    again = make_context(at=clock.at, db=None)
    async with war_room(again) as pilot:
        await pilot.pause(1.1)
        await settle(pilot)
        assert len(escalations(again)) == 1


async def test_k_records_the_escalation_due_with_how_they_were_reached(
        make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        # 14:20, ten minutes after the declaration: the manager is due now
        # (the on-call answered: the incident was acknowledged).
        assert "ESCALATE NOW → engineering manager: Ana Ruiz @ana" in header(pilot)
        await pilot.press("K")
        await settle(pilot)
        assert escalations(context) == [
            "Escalated to engineering manager: Ana Ruiz "
            "(@ana · +44 20 7946 0107 · ana.ruiz@example.com)"]
        # The tech lead's step is covered; the VP is next, at 14:25.
        assert "escalate → VP engineering: Tomás Weber @tomas in 5m 00s (14:25Z)" in \
            header(pilot)
        await pilot.press("K")
        await settle(pilot)
        assert len(escalations(context)) == 1  # nothing due: said, not logged


async def test_the_contacts_tab_searches_as_you_type_and_copies(
        make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        await pilot.press("6")
        await pilot.pause()
        grid = pilot.app.screen.query_one(ContactGrid)
        assert len(grid.contacts) == 12
        await pilot.press("slash")
        assert isinstance(pilot.app.focused, Input)
        await pilot.press(*"db primary", "enter")
        await pilot.pause()
        assert [c.name for c in grid.contacts] == ["Sam Patel", "Data platform"]
        assert pilot.app.focused is grid
        # The terminal's clipboard is the one part replaced: a headless test
        # has no terminal to take OSC 52, so what would be sent is recorded.
        copied: list[str] = []
        pilot.app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        await pilot.press("y")
        assert copied == ["Sam Patel: @sam · +44 20 7946 0105 · sam.patel@example.com"]


async def test_the_header_shows_the_error_budget_spent_so_far(make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        # The demo's checkout SLO (99.9 % over 30 days at 120 req/s), measured
        # from the recording's error ratio between 14:02 and 14:20.
        impacts = context.store.archives.slo_impacts(context.incident.id)
        assert len(impacts) == 1 and impacts[0].events.end == PEAK
        used = impacts[0].budget_used
        assert used is not None and 0.01 < used < 1
        assert f"SLO checkout 99.9%/30d: {used * 100:.1f}% of budget" in header(pilot)
        assert "(as of" not in header(pilot)
        # The source stops answering: the stored figure stays, with its age.
        context.metrics = NoMetrics()
        clock = context.clock
        assert isinstance(clock, FrozenClock)
        clock.advance(6 * 60)
        await pilot.press("r")
        await settle(pilot)
        await pilot.pause(1.1)
        assert (f"SLO checkout 99.9%/30d: {used * 100:.1f}% of budget (as of 14:20Z)"
                in header(pilot))


async def test_roles_are_picked_from_the_roster_and_free_text_still_goes(
        make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        await pilot.press("E")
        await settle(pilot)
        form = pilot.app.screen
        tech_lead = form.query_one("#form-tech_lead", Input)
        tech_lead.focus()
        tech_lead.value = ""
        await pilot.press(*"db prim")
        await pilot.pause()
        dropdown = next(d for d in form.query(RosterAutoComplete) if d.target is tech_lead)
        assert dropdown.display
        options = dropdown.option_list
        assert [str(options.get_option_at_index(i).prompt)
                for i in range(options.option_count)] == [
            "Sam Patel · Database SME · data platform"]
        await pilot.press("enter")
        await pilot.pause()
        assert tech_lead.value == "Sam Patel"
        smes = form.query_one("#form-smes", Input)
        smes.focus()
        smes.value = "Sam Patel (database), "
        await pilot.pause()
        await pilot.press("end", *"grace")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert smes.value == "Sam Patel (database), Grace Mwangi"
        # A name the roster does not know is kept as typed.
        scribe = form.query_one("#form-scribe", Input)
        scribe.focus()
        scribe.value = ""
        await pilot.press(*"A contractor")
        await pilot.press("ctrl+s")
        await settle(pilot)
    roles = context.store.incidents.get(context.incident.id).roles  # type: ignore[union-attr]
    assert (roles.tech_lead, roles.scribe) == ("Sam Patel", "A contractor")
    assert roles.smes == ("Sam Patel (database)", "Grace Mwangi")


async def test_m_opens_the_incident_metrics_over_the_database(make_context: MakeContext,
                                                              tmp_path: Path) -> None:
    context = make_context(db=tmp_path / "history.db")
    seed_history(context.store, context.clock.now(), 24)
    async with war_room(context) as pilot:
        await pilot.press("M")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StatsScreen)
        title = str(screen.query_one("#stats-title", Static).render())
        assert "23 incidents in the last 90 days (the demo incident is not counted)" in title
        times = screen.query_one("#stats-times", Static)
        assert times.border_title == "Response times (mean, median)"
        assert screen.report is not None and screen.report.counted == 23
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, StatsScreen)


async def test_a_broken_roster_is_said_and_hostile_names_stay_text(
        make_context: MakeContext, make_app: MakeApp, tmp_path: Path) -> None:
    from tui.cli.launch import roster_for
    from tui.files.contacts import parse_roster

    broken = tmp_path / "contacts.toml"
    broken.write_text('[[people]]\nname = "A"\n[[people]\nname = "B"\n')
    context = make_context()
    context.roster, context.roster_problems = roster_for(None, broken)
    # Toasts are shown in tests only when asked for.
    async with make_app(context).run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        assert any("contacts.toml" in toast and "line 3" in toast
                   for toast in toasts(pilot.app))
        await pilot.press("6")
        await pilot.pause()
        summary = str(pilot.app.screen.query_one("#contacts-summary", Static).render())
        assert str(broken) in summary
    # A name with markup and an escape code is shown as typed, never styled.
    hostile = parse_roster('[[people]]\nname = "[red]Eve[/red]\\u001b[31m"\nrole = "SRE"\n',
                           tmp_path / "hostile.toml")
    context = make_context()
    context.roster = hostile
    async with war_room(context) as pilot:
        await pilot.press("6")
        await pilot.pause()
        grid = pilot.app.screen.query_one(ContactGrid)
        line = "".join(segment.text for segment in grid.render_line(1))
        assert "[red]Eve[/red]" in line and "\x1b" not in line


async def test_a_missed_escalation_stays_until_k_records_it_and_is_logged_once(
        make_context: MakeContext) -> None:
    context = make_context()
    clock = context.clock
    assert isinstance(clock, FrozenClock)
    async with war_room(context) as pilot:
        assert "missed" not in header(pilot)
        # 14:26: nobody called the manager (due 14:20); the VP is due now.
        clock.advance(6 * 60)
        for _ in range(3):  # three ticks: one line
            await pilot.pause(1.1)
            await settle(pilot)
        assert "ESCALATE NOW → VP engineering: Tomás Weber @tomas" in header(pilot)
        assert "missed: engineering manager, due 14:20Z" in header(pilot)
        assert escalations(context) == ["Escalation missed: engineering manager, due 14:20Z"]
    # A second war room on the same file shows it and does not log it again.
    again = make_context(at=clock.at, db=None)
    async with war_room(again) as pilot:
        await pilot.pause(1.1)
        await settle(pilot)
        assert "missed: engineering manager, due 14:20Z" in header(pilot)
        assert len(escalations(again)) == 1
        await pilot.press("K")
        await settle(pilot)
        assert escalations(again)[-1] == (
            "Escalated to VP engineering: Tomás Weber "
            "(@tomas · +44 20 7946 0108 · tomas.weber@example.com); "
            "covers engineering manager, missed (due 14:20Z)")
        assert "missed" not in header(pilot)


async def test_a_missed_escalation_is_dismissed_with_a_reason(make_context: MakeContext) -> None:
    from tui.screens.reason_prompt import ReasonPrompt

    context = make_context()
    clock = context.clock
    assert isinstance(clock, FrozenClock)
    clock.advance(6 * 60)
    async with war_room(context) as pilot:
        assert "missed: engineering manager, due 14:20Z (W: dismiss)" in header(pilot)
        await pilot.press("W")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReasonPrompt)
        await pilot.press(*"Ana is on leave, the VP was called", "enter")
        await settle(pilot)
        assert escalations(context)[-1] == (
            "Escalation to engineering manager dismissed (due 14:20Z): "
            "Ana is on leave, the VP was called")
        assert "missed" not in header(pilot)
        # The step due now is untouched.
        assert "ESCALATE NOW → VP engineering" in header(pilot)


async def test_a_step_due_when_the_incident_was_mitigated_stays_missed(
        make_context: MakeContext) -> None:
    context = make_context()
    clock = context.clock
    assert isinstance(clock, FrozenClock)
    clock.advance(2 * 60)
    context.store.incidents.set_milestone(context.incident.id, Milestone.MITIGATED, clock.at)
    async with war_room(context) as pilot:
        # The ladder stopped, but the manager's call fell due before it did.
        assert "ESCALATE NOW" not in header(pilot)
        assert "missed: engineering manager, due 14:20Z" in header(pilot)
        await pilot.press("K")
        await settle(pilot)
        assert escalations(context)[-1].startswith(
            "Escalated to engineering manager: Ana Ruiz")
        assert escalations(context)[-1].endswith("(late: due 14:20Z)")
        assert "missed" not in header(pilot)
