"""The war-room screen driven as a user drives it, on the demo data and a real
SQLite file. The clock is frozen at 14:20, the peak of the demo incident."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from unittest.mock import patch

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Input, TabbedContent

from tests.conftest import MakeApp
from tests.ui.helpers import settle, toasts
from tui.model.incident import Status
from tui.model.timeline import EntryKind
from tui.ui.context import WarroomContext
from tui.widgets.checklist_grid import ChecklistGrid
from tui.widgets.incident_header import IncidentHeader
from tui.widgets.metric_pane import MetricPane
from tui.widgets.pod_table import PodTable
from tui.widgets.timeline_grid import TimelineGrid
from tui.widgets.warroom_footer import WarroomFooter

MakeContext = Callable[..., WarroomContext]


def last_entry(pilot: Pilot) -> str:
    """The newest timeline row's text, as shown."""
    grid = pilot.app.screen.query_one(TimelineGrid)
    return grid.row_text(grid.row_count - 1)[3]


async def test_live_panes_show_the_incident(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        header = app.screen.query_one(IncidentHeader).render().plain
        assert "DEMO" in header and "P1 CRITICAL" in header and "INVESTIGATING" in header
        assert "elapsed 18m 00s" in header and "IC Priya Raman" in header
        assert "next update in 6m 30s" in header

        pods = app.screen.query_one(PodTable)
        first = pods.grid.row_text(0)  # worst first
        assert first["NAME"].startswith("checkout-7d9f8c6b5-")
        assert first["STATUS"] == "✖ CrashLoopBackOff" and first["READY"] == "0/1"
        # The 40-character ingress names are shown in full: no room is left
        # for where the pods run at 160 columns (ctrl+w makes it).
        assert list(first) == ["NAME", "READY", "STATUS", "RESTARTS"]
        summary = str(pods.query_one(".pod-summary").render())
        # One pod in CrashLoopBackOff, one Running but not ready before its restart.
        assert "16 pods" in summary and "2 failing" in summary and "13 running" in summary
        second = pods.grid.row_text(1)
        assert (second["STATUS"], second["READY"]) == ("✖ Running", "0/1")

        errors = app.screen.query_one("#pane-error_ratio", MetricPane)
        assert errors.has_class("-critical")
        assert "CRITICAL" in str(errors.query_one(".metric-stats").render())
        assert app.screen.query_one("#pane-latency", MetricPane).has_class("-critical")


async def test_adding_a_note_saves_it_before_showing_it(
        make_context: MakeContext, make_app: MakeApp) -> None:
    context = make_context()
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        note = app.screen.query_one("#note-input", Input)
        assert note.has_focus
        await pilot.press(*"pgbouncer pool at 100%", "enter")
        await settle(pilot)
        assert note.value == ""
        # In SQLite, not only on screen.
        stored = context.store.timeline.entries("DEMO-1")[-1]
        assert (stored.text, stored.kind, stored.author) == \
            ("pgbouncer pool at 100%", EntryKind.NOTE, "tester")
        assert last_entry(pilot) == "pgbouncer pool at 100%"


async def test_notes_survive_a_restart(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"rollback started", "enter")
        await settle(pilot)
    again = make_app()
    async with again.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert last_entry(pilot) == "rollback started"


async def test_failed_write_keeps_the_typed_note(
        make_context: MakeContext, make_app: MakeApp) -> None:
    context = make_context()
    app = make_app(context)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        # Simulate a database that refuses writes (e.g. a disk gone read-only).
        context.store.conn.execute("PRAGMA query_only = ON")
        await pilot.press("n", *"do not lose me", "enter")
        await settle(pilot)
        # Out of the box, kept in view under the timeline with the reason.
        pending = str(app.screen.query_one("#note-pending").render())
        assert "not saved: do not lose me" in pending and "read-only" in pending
        # Toasts are mounted some frames after the notification is posted.
        for _ in range(30):
            shown = toasts(app)
            if any("Not saved" in text for text in shown):
                break
            await pilot.pause(0.1)
        assert any("Not saved: the database file has become read-only" in text
                   and "What you typed is kept" in text for text in shown), shown
        # Writable again: Enter saves it, once.
        context.store.conn.execute("PRAGMA query_only = OFF")
        await pilot.press("enter")
        await settle(pilot)
        assert not app.screen.query_one("#note-pending").display
    texts = [entry.text for entry in context.store.timeline.entries("DEMO-1")]
    assert texts.count("do not lose me") == 1


async def test_hostile_text_is_shown_literally(
        make_context: MakeContext, make_app: MakeApp) -> None:
    context = make_context()
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"[red]boom[/red] [link=x]y", "enter")
        await settle(pilot)
        assert last_entry(pilot) == "[red]boom[/red] [link=x]y"


async def test_status_change_from_the_command_palette(
        make_context: MakeContext, make_app: MakeApp) -> None:
    context = make_context()
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"status: identified")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert context.store.incidents.get("DEMO-1").status is Status.IDENTIFIED
        assert "IDENTIFIED" in app.screen.query_one(IncidentHeader).render().plain
        assert last_entry(pilot) == "Status Investigating → Identified"


async def test_window_key_changes_the_chart_span(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one("#pane-latency", MetricPane)
        assert pane.snapshot is not None and pane.snapshot.window_seconds == 3600
        await pilot.press("w")
        await settle(pilot)
        assert pane.snapshot.window_seconds == 6 * 3600
        assert "6h min" in str(pane.query_one(".metric-stats").render())


async def test_tabs_keys_and_composer(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        tabs = app.screen.query_one(TabbedContent)
        await pilot.press("2")
        assert tabs.active == "checklist"
        grid = app.screen.query_one(ChecklistGrid)
        titles = [grid.row_text(i)[0].strip() for i in range(grid.row_count)]
        # The demo incident (P1, db-pool and failed-deploy) starts with what applies.
        assert [t for t in titles if t.startswith("▌")] == [
            "▌Initial triage", "▌Communication duties", "▌Database connection pool exhaustion",
            "▌High error rate after a deploy (rollback)", "▌Failed deployment"]
        await pilot.press("5")
        assert tabs.active == "actions"
        await pilot.press("3")
        assert tabs.active == "composer"
        composed = str(app.screen.query_one("#composer-view").render())
        assert "[P1] Checkout failing" in composed and "Next update by 14:26 UTC" in composed
        assert "⟨missing:" not in composed
        await pilot.press("1")
        assert tabs.active == "timeline"


async def test_q_quits(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


async def test_narrow_terminal_keeps_status_in_view(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        grid = app.screen.query_one(PodTable).grid
        assert list(grid.row_text(0))[:3] == ["NAME", "READY", "STATUS"]
        assert "CrashLoopBackOff" in grid.row_text(0)["STATUS"]


async def test_toasts_show_outside_words_as_text(make_app: MakeApp) -> None:
    """A Prometheus error carrying `[/red]` reached a toast, and Textual's
    markup parser closed the console with a traceback (found by trying a
    hostile server). Toasts are plain text, escape codes shown inert."""
    app = make_app()
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        app.screen.notify("Live data failed: HTTP 422 bad_data: boom [/red] \x1b[2J \u202e",
                          severity="error")
        for _ in range(30):
            if toasts(app):
                break
            await pilot.pause(0.05)
        assert toasts(app) == ["Live data failed: HTTP 422 bad_data: boom [/red] \\x1b[2J "
                               "\\u202e"]
        assert app.is_running


async def test_the_hidden_tabs_are_filled_once_the_room_is_painted(
        make_app: MakeApp) -> None:
    """Start-up (issue 25): the frame that first shows the footer's keys
    holds the tab bar and the timeline, not the five hidden tabs' panes;
    they come after it, before anyone can ask for them."""
    seen_at_keys: list[bool] = []
    original = WarroomFooter.render

    def render(footer: WarroomFooter) -> Text:
        line = original(footer)
        if line.plain.strip() and not seen_at_keys:
            seen_at_keys.append(bool(footer.screen.query(ChecklistGrid)))
        return line

    app = make_app()
    with patch.object(WarroomFooter, "render", render):
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            assert seen_at_keys == [False]
            tabs = app.screen.query_one(TabbedContent)
            assert [str(tab.label) for tab in tabs.query("ContentTab")][:2] == [
                "Timeline", "Checklist"]
            await pilot.press("2")
            assert tabs.active == "checklist"
            assert app.screen.query_one(ChecklistGrid).row_count
