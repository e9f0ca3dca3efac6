"""Who is in the room, on PostgreSQL: a war room on screen shows the other
consoles on its incident in its header, and a console saying it is there
is no change to the record (no console woken, no counter bumped)."""

from __future__ import annotations

import threading

import pytest

from tests.conftest import MakeApp, open_store, postgres_location
from tests.factories import make_incident
from tests.ui.helpers import wait_for
from tui.cli.launch import build_demo_context
from tui.model.clock import FrozenClock
from tui.store.location import PostgresLocation
from tui.widgets.incident_header import IncidentHeader


@pytest.fixture
def location(request: pytest.FixtureRequest) -> PostgresLocation:
    return postgres_location(request)


def test_saying_one_is_there_wakes_no_one(location: PostgresLocation,
                                          clock: FrozenClock) -> None:
    mine, other = open_store(location, clock), open_store(location, clock)
    try:
        mine.incidents.create(make_incident())
        woken = threading.Event()
        feed = mine.watch(lambda: "INC-1", woken.set)
        assert feed is not None and feed.listening.wait(5)
        version = mine.data_version()
        assert other.presence.here("INC-1", "priya") == ()
        assert not woken.wait(0.5)
        assert mine.data_version() == version
        assert mine.presence.here("INC-1", "ana") == ("priya",)
    finally:
        mine.close()
        other.close()


async def test_the_header_shows_who_else_is_in_the_room(
        make_app: MakeApp, location: PostgresLocation) -> None:
    context = build_demo_context(location)
    context.refresh_seconds = 0.2
    context.author = "ana"
    app = make_app(context)
    try:
        async with app.run_test(size=(200, 48)) as pilot:
            header = app.screen.query_one(IncidentHeader)
            others = [open_store(location, context.clock) for _ in range(2)]
            for store, name in zip(others, ("priya", "dana"), strict=True):
                store.presence.here(context.incident.id, name)
            await wait_for(pilot, lambda: header.present == ("dana", "priya"), seconds=5)
            assert "in the room: dana, priya" in header.render().plain
            others[0].close()  # priya's laptop closes: she leaves at once
            await wait_for(pilot, lambda: header.present == ("dana",), seconds=5)
            others[1].close()
            await wait_for(pilot, lambda: "in the room" not in header.render().plain,
                           seconds=5)
    finally:
        context.store.close()
