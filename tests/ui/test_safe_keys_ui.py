"""Single keys that would throw work away or log something twice ask first,
as the responder meets them: Escape on a form with changes, and `U` pressed
again within a minute of logging the same communication as sent (demo,
frozen at 14:20 UTC)."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input

from tests.ui.helpers import settle, war_room
from tui.model.clock import FrozenClock
from tui.model.timeline import EntryKind
from tui.screens.action_editor import ActionItemEditor
from tui.screens.incident_form import IncidentForm
from tui.screens.pane_editor import PaneEditor
from tui.screens.quit_confirm import ConfirmScreen
from tui.ui.context import WarroomContext

MakeContext = Callable[..., WarroomContext]


def question(pilot: object) -> str:
    screen = pilot.app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ConfirmScreen)
    return screen.question


async def test_escape_on_the_incident_form_asks_only_when_something_changed(
        make_context: MakeContext) -> None:
    context = make_context()
    title = context.incident.title
    async with war_room(context) as pilot:
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(pilot.app.screen, IncidentForm)
        await pilot.press("escape")  # nothing typed: it just closes
        await pilot.pause()
        assert not isinstance(pilot.app.screen, (IncidentForm, ConfirmScreen))

        await pilot.press("E")
        await pilot.pause()
        await pilot.press("end", *" (EU only)", "escape")
        await pilot.pause()
        assert "Throw away the changes to this incident?" in question(pilot)
        await pilot.press("n")  # back to the form, as typed
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, IncidentForm)
        assert form.query_one("#form-title", Input).value == f"{title} (EU only)"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, (IncidentForm, ConfirmScreen))
    assert context.store.incidents.get(context.incident.id).title == title  # type: ignore[union-attr]


async def test_escape_on_the_action_editor_with_changes_asks(make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("F")  # prefilled from the entry: not a change
        await pilot.pause()
        assert isinstance(pilot.app.screen, ActionItemEditor)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, (ActionItemEditor, ConfirmScreen))

        await pilot.press("F")
        await pilot.pause()
        await pilot.press("tab", *"Bo", "escape")
        await pilot.pause()
        assert "Throw away this follow-up?" in question(pilot)
        await pilot.press("escape")  # Escape again means no: back to it
        await pilot.pause()
        assert isinstance(pilot.app.screen, ActionItemEditor)
        await pilot.press("escape", "y")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, (ActionItemEditor, ConfirmScreen))
    assert context.store.follow_ups.for_incident(context.incident.id) == []


async def test_escape_on_the_pane_editor_with_changes_asks(make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PaneEditor)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, (PaneEditor, ConfirmScreen))

        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Queue depth", "escape")
        await pilot.pause()
        assert "Throw away this pane?" in question(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PaneEditor)
        await pilot.press("escape", "y")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, (PaneEditor, ConfirmScreen))




async def test_escape_on_the_timeline_entry_editor_with_text_asks(
        make_context: MakeContext) -> None:
    from tui.screens.entry_editor import EntryEditor

    context = make_context()
    count = len(context.store.timeline.entries(context.incident.id))
    async with war_room(context) as pilot:
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(pilot.app.screen, EntryEditor)
        await pilot.press(*"Failover to replica", "escape")
        await pilot.pause()
        assert "Throw away this entry?" in question(pilot)
        await pilot.press("escape", "escape", "y")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, (EntryEditor, ConfirmScreen))
    assert len(context.store.timeline.entries(context.incident.id)) == count


async def test_a_form_reopened_after_a_failed_save_asks_even_untouched(
        make_context: MakeContext) -> None:
    from datetime import UTC

    from tui.model.incident import IncidentDraft

    context = make_context()
    async with war_room(context) as pilot:
        # What the user typed came back with the reason it was not saved:
        # it is theirs, not the form's starting point.
        pilot.app.push_screen(IncidentForm(
            levels=context.severity_levels, now=context.clock.now(), zone=UTC,
            zone_label="UTC", draft=IncidentDraft("Payments down in EU", "P2"),
            problem="Not saved: database is locked"))
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "Throw away this incident?" in question(pilot)


def sends(context: WarroomContext) -> list[str]:
    return [entry.text for entry in context.store.timeline.entries(context.incident.id)
            if entry.kind is EntryKind.COMMUNICATION]


async def test_u_again_within_a_minute_asks_before_logging_a_second_send(
        make_context: MakeContext) -> None:
    context = make_context()
    clock = context.clock
    assert isinstance(clock, FrozenClock)
    before = len(sends(context))
    async with war_room(context) as pilot:
        await pilot.press("U")
        await settle(pilot)
        assert len(sends(context)) == before + 1
        clock.advance(20)
        await pilot.press("U")
        await settle(pilot)
        assert ("Internal status update was logged as sent 20s ago (14:20:00Z, by tester)"
                in question(pilot))
        await pilot.press("n")
        await settle(pilot)
        assert len(sends(context)) == before + 1
        await pilot.press("U")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert len(sends(context)) == before + 2
        # A minute after the last one, U logs it straight away.
        clock.advance(61)
        await pilot.press("U")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, ConfirmScreen)
        assert len(sends(context)) == before + 3
