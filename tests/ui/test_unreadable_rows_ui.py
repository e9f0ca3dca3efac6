"""The war room and the review open a database holding rows they cannot
read (written with plain sqlite3 into a real file): the timeline shows an
unreadable entry in its place, the incident picker and the metrics screen
open, and nothing ends in a traceback."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import MakeApp
from tests.ui.helpers import settle, war_room
from tests.unit.test_export_import import busy_incident
from tests.unit.test_unreadable_rows import spoil
from tui.cli.launch import build_review_context
from tui.model.clock import FrozenClock
from tui.screens.incident_picker import IncidentPicker
from tui.screens.stats import StatsScreen
from tui.store import Store, open_database
from tui.ui.context import WarroomContext
from tui.widgets.timeline_pane import TimelinePane


def timeline_texts(pilot: object) -> list[str]:
    grid = pilot.app.screen.query_one(TimelinePane).grid  # type: ignore[attr-defined]
    return [grid.row_text(i)[3] for i in range(grid.row_count)]


async def test_the_war_room_opens_a_database_with_bad_rows(
        tmp_path: Path, make_context: Callable[..., WarroomContext]) -> None:
    path = tmp_path / "warroom.db"
    first = make_context(db=path)
    first.store.close()
    entry = spoil(path, first.incident.id)
    context = make_context(db=path)
    async with war_room(context) as pilot:
        assert f"unreadable entry #{entry}: kind 'xyz'" in timeline_texts(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(pilot.app.screen, IncidentPicker)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StatsScreen)
    assert pilot.app.return_code in (0, None)


async def test_the_review_opens_an_incident_with_bad_rows(
        make_app: MakeApp, tmp_path: Path) -> None:
    path = tmp_path / "review.db"
    clock = FrozenClock(datetime(2026, 3, 14, 14, 20, tzinfo=UTC))
    store = Store(open_database(path), clock)
    incident_id = busy_incident(store)
    store.close()
    entry = spoil(path, incident_id)
    context = build_review_context(path, incident_id, clock=clock)
    try:
        async with make_app(context, review=True).run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            texts = timeline_texts(pilot)
            assert f"unreadable entry #{entry}: kind 'xyz'" in texts
            # Stepping through every entry, the unreadable ones included.
            for _ in texts:
                await pilot.press("down")
            await settle(pilot)
        assert pilot.app.return_code in (0, None)
    finally:
        context.store.close()
