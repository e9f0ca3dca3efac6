"""Small things a responder reads: counts in words ("1 incident", not
"1 incidents")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from textual.widgets import Static

from tests.factories import seed_history
from tests.ui.helpers import settle, stats_title, war_room
from tui.model.incident import Milestone
from tui.model.stats import incident_stats
from tui.render.stats_export import stats_markdown
from tui.screens.stats import StatsScreen
from tui.ui.context import WarroomContext

MakeContext = Callable[..., WarroomContext]


async def test_one_incident_is_said_in_the_singular(make_context: MakeContext,
                                                    tmp_path: Path) -> None:
    context = make_context(db=tmp_path / "history.db")
    seed_history(context.store, context.clock.now(), 1)
    async with war_room(context) as pilot:
        title = await stats_title(pilot)
        assert "1 incident in the last 90 days" in title, title
        screen = pilot.app.screen
        assert isinstance(screen, StatsScreen) and screen.report is not None
        # `warroom stats` says it the same way.
        assert "1 incident in the last 90 days" in stats_markdown(screen.report)
        await pilot.press("escape", "o")
        await settle(pilot)
        status = str(pilot.app.screen.query_one("#picker-status", Static).render())
        assert "incidents" not in status and "1 open incident" in status, status


def test_one_resolved_incident_without_its_milestone_is_singular(
        make_context: MakeContext, tmp_path: Path) -> None:
    context = make_context(db=tmp_path / "history.db")
    (past,) = seed_history(context.store, context.clock.now(), 1)
    cleared = replace(past, milestones={name: at for name, at in past.milestones.items()
                                        if name is not Milestone.RESOLVED})
    report = incident_stats([cleared], [], context.clock.now())
    assert "1 resolved incident has no resolved milestone and is left out of MTTR" \
        in report.notes, report.notes
