"""The demo and real incidents don't mix (issue 24, item 4): declaring in
the demo asks to leave it, and the real incident gets the time of day, no
DEMO badge, none of the recording's charts or SLO; `M` and `warroom stats`
count the same incidents."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.conftest import PEAK
from tests.factories import seed_history
from tests.integration.test_note_saving import SHORT_BUSY_MS, LockHolder
from tests.ui.helpers import settle, stats_title, wait_for, war_room
from tui.cli.launch import build_demo_context
from tui.model.clock import FrozenClock, SystemClock
from tui.model.incident import IncidentDraft, Milestone
from tui.model.note_queue import NoteQueue
from tui.screens.demo_exit_part import LEAVE_QUESTION, OPEN_QUESTION
from tui.screens.incident_form import IncidentForm
from tui.screens.quit_confirm import ConfirmScreen
from tui.screens.warroom import WarroomScreen
from tui.ui.context import WarroomContext
from tui.widgets.incident_header import IncidentHeader
from tui.widgets.metric_pane import MetricPane

WALL = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[WarroomContext]:
    """The demo frozen at its peak, on a wall clock months later."""
    context = build_demo_context(tmp_path / "warroom.db", clock=FrozenClock(PEAK),
                                 wall_clock=FrozenClock(WALL))
    yield context
    context.store.close()


def header(pilot: object) -> str:
    return str(pilot.app.screen.query_one(IncidentHeader).render())  # type: ignore[attr-defined]


async def test_declaring_in_the_demo_asks_and_no_keeps_the_demo(demo: WarroomContext) -> None:
    async with war_room(demo) as pilot:
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        said = str(pilot.app.screen.query_one("#confirm-question", Static).render())
        assert said == LEAVE_QUESTION
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, WarroomScreen)
        assert "DEMO" in header(pilot)
        assert [i.id for i in demo.store.incidents.all()] == [demo.incident.id]


async def test_a_real_incident_leaves_the_demo_behind(demo: WarroomContext) -> None:
    async with war_room(demo) as pilot:
        await pilot.press("D", "y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, IncidentForm)
        await pilot.press(*"Search is down", "ctrl+s")
        await settle(pilot)
        await pilot.press("escape")  # the playbooks proposed
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, WarroomScreen) and screen.incident.title == "Search is down"
        real = screen.incident
        assert not real.is_demo
        # The time of day, not the recording's 14:20.
        assert real.milestones[Milestone.DECLARED] == WALL
        assert real.id.startswith("INC-20261202-")
        shown = header(pilot)
        assert "DEMO" not in shown and "elapsed 0s" in shown and "SLO" not in shown, shown
        # No checkout charts: the panes say there is no Prometheus.
        panes = list(screen.query(MetricPane))
        assert panes and all(not pane.spec.queries for pane in panes)
        assert screen.context.slos == () and screen.context.story is None
        assert screen.context.demo_exit is None
        # The demo's screen is gone, not running behind.
        assert [s for s in pilot.app.screen_stack if isinstance(s, WarroomScreen)] == [screen]


async def test_m_and_warroom_stats_count_the_same(tmp_path: Path) -> None:
    db = tmp_path / "warroom.db"
    context = build_demo_context(db, clock=FrozenClock(PEAK), wall_clock=SystemClock())
    try:
        # A real incident from yesterday: months after the demo's recording.
        seed_history(context.store, datetime.now(UTC) - timedelta(days=1), 1)
        async with war_room(context) as pilot:
            title = await stats_title(pilot)
            assert "1 incident in the last 90 days" in title, title
    finally:
        context.store.close()
    done = subprocess.run([sys.executable, "-m", "tui", "stats", "--db", str(db)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "1 incident in the last 90 days" in done.stdout


async def test_a_note_still_on_its_way_goes_with_the_user_out_of_the_demo(
        demo: WarroomContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing typed is lost: a note whose save waits on another program's
    lock when the user leaves the demo is stored all the same (real SQLite
    file, locked by a real second process). The retry is put 30 s away, as
    it is after a few failures, so that the demo's own screen cannot store
    it before it goes."""
    monkeypatch.setattr(NoteQueue, "retry_delay", lambda self: 30.0)
    demo.author = "tester"
    demo.store.conn.execute(f"PRAGMA busy_timeout = {SHORT_BUSY_MS}")
    async with war_room(demo) as pilot:
        holder = LockHolder(tmp_path / "warroom.db")
        try:
            await pilot.press("n", *"typed in the demo", "enter", "escape")
            demo_screen = pilot.app.screen
            await wait_for(pilot, lambda: demo_screen.note_saving.queue.held)
        finally:
            holder.release()
        await pilot.press("D", "y")
        await settle(pilot)
        await pilot.press(*"Search is down", "ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, WarroomScreen) and screen.incident.title == "Search is down"
        await wait_for(pilot, lambda: not screen.note_saving.queue.pending())
    stored = [entry.text for entry in demo.store.timeline.entries(demo.incident.id)]
    assert "typed in the demo" in stored


async def test_opening_a_real_incident_from_the_demo_asks_and_leaves_it(
        demo: WarroomContext) -> None:
    """`o` in the demo to another incident asks as `D` does; yes opens it on
    the time of day, with no DEMO badge, and the note half-typed on the demo
    comes back when the demo's incident is opened again."""
    store = demo.store.on_clock(FrozenClock(WALL - timedelta(hours=2)))
    real = store.incidents.declare(IncidentDraft("Search is down", "P2"))
    async with war_room(demo) as pilot:
        await pilot.press("n", *"half-typed in the demo", "escape", "o")
        await settle(pilot)
        await pilot.press(*"Search", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        said = str(pilot.app.screen.query_one("#confirm-question", Static).render())
        assert said == OPEN_QUESTION.format(incident=real.id)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, WarroomScreen)
        assert "DEMO" in header(pilot) and pilot.app.screen.incident.id == demo.incident.id

        await pilot.press("o", *"Search", "enter", "y")
        await wait_for(pilot, lambda: _real_screen(pilot, real.id) is not None)
        screen = _real_screen(pilot, real.id)
        assert screen is not None
        await settle(pilot)
        shown = header(pilot)
        # Declared two hours before the wall clock, not the recording's time.
        assert "DEMO" not in shown and "elapsed 2h" in shown, shown
        assert screen.context.demo_exit is None and screen.context.story is None
        assert [s for s in pilot.app.screen_stack if isinstance(s, WarroomScreen)] == [screen]

        await pilot.press("o")
        await settle(pilot)
        await pilot.press(*"checkout", "enter")
        await wait_for(pilot, lambda: screen.incident.id == demo.incident.id)
        await settle(pilot)
        assert screen.query_one("#note-input", Input).value == "half-typed in the demo"


def _real_screen(pilot: object, incident_id: str) -> WarroomScreen | None:
    screen = pilot.app.screen  # type: ignore[attr-defined]
    if isinstance(screen, WarroomScreen) and screen.incident.id == incident_id:
        return screen
    return None
