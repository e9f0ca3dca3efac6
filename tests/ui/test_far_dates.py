"""Times more than a day away from now show their date (issue 24 item 10):
a P3's resolve target three business days out reads "Mar 19 14:10Z", not a
bare "14:10Z" that looks like today's (demo frozen at 14:20 UTC on Sat 14
March 2026)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from tests.ui.helpers import settle, war_room
from tui.model.timefmt import near_clock
from tui.ui.context import WarroomContext
from tui.widgets.incident_header import IncidentHeader
from tui.widgets.timeline_grid import TimelineGrid

MakeContext = Callable[..., WarroomContext]
NOW = datetime(2026, 3, 14, 14, 20, tzinfo=UTC)


def test_near_clock_says_the_date_beyond_a_day() -> None:
    assert near_clock(NOW + timedelta(hours=23), NOW) == "13:20Z"
    assert near_clock(NOW + timedelta(days=1, minutes=1), NOW) == "Mar 15 14:21Z"
    assert near_clock(NOW - timedelta(days=3), NOW, seconds=True) == "Mar 11 14:20:00Z"
    # Local time has no Z; the date is the local one.
    zone = datetime(2026, 3, 14, tzinfo=UTC).astimezone().tzinfo
    assert near_clock(NOW, NOW, zone=zone).endswith(f"{NOW.astimezone(zone):%H:%M}")


async def test_a_target_days_away_shows_its_date(make_context: MakeContext) -> None:
    context = make_context()
    context.store.incidents.set_severity(context.incident.id, "P3", "tester")
    async with war_room(context) as pilot:
        await settle(pilot)
        header = str(pilot.app.screen.query_one(IncidentHeader).render())
        # P3: resolve within 3 business days of the 14:02 start, a Saturday.
        assert re.search(r"resolve in 3d \(Mar 18 14:02Z\)", header), header
        assert "respond ✔" in header


async def test_a_timeline_spanning_days_dates_its_times(make_context: MakeContext) -> None:
    """A note backdated three days (a deploy found in the history) reads
    "Mar 11 14:20:00Z", and so do the others: "14:20:00Z" alone would read
    as today's. The demo's own few hours keep bare clocks."""
    context = make_context()
    async with war_room(context) as pilot:
        await settle(pilot)
        grid = pilot.app.screen.query_one(TimelineGrid)
        assert re.fullmatch(r"\d\d:\d\d:\d\dZ", grid.row_text(0)[0])
    context.store.timeline.add(context.incident.id, "Deploy 4.2 of payments",
                            at=NOW - timedelta(days=3), author="tester")
    async with war_room(context) as pilot:
        await settle(pilot)
        grid = pilot.app.screen.query_one(TimelineGrid)
        assert grid.row_text(0)[0] == "Mar 11 14:20:00Z"
        assert grid.row_text(0)[3] == "Deploy 4.2 of payments"
        assert re.fullmatch(r"Mar 14 \d\d:\d\d:\d\dZ", grid.row_text(1)[0])
        # Drawn in full, not cut to the bare clock's width.
        assert "Mar 11 14:20:00Z" in grid.render_line(1).text
