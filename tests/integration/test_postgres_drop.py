"""A PostgreSQL server that goes away under a running war room (issue 27,
point 2): the header says so at once, the console stays usable read-only,
a note typed meanwhile stays visibly kept, other writes are refused in
words, and once the server is back the console reconnects by itself, the
kept note lands once and the header returns to normal. The session's real
server (Debian's postgresql package), stopped and started again."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input

from tests.conftest import PEAK, open_store, postgres_location
from tests.integration import postgres_server
from tests.ui.helpers import wait_for, war_room
from tests.ui.test_note_retry_ui import pending_text
from tui.actions import describe_write_error
from tui.cli.launch import build_demo_context
from tui.model.clock import FrozenClock
from tui.model.timeline import EntryKind
from tui.store.postgres_connection import PostgresConnection, PostgresError
from tui.widgets.incident_header import IncidentHeader

NOTE = "typed while the server was away"


async def test_a_server_gone_mid_incident_is_said_kept_and_caught_up(
        request: pytest.FixtureRequest) -> None:
    location = postgres_location(request)
    server = request.getfixturevalue("postgres")
    context = build_demo_context(location, clock=FrozenClock(PEAK))
    context.author = "scribe"
    conn = context.store.conn
    assert isinstance(conn, PostgresConnection)
    conn.link.back_shown_s = 2.0  # "reconnected" said briefly: 2 s, not 5, for the test
    halted = False
    try:
        async with war_room(context) as pilot:
            header = pilot.app.screen.query_one(IncidentHeader)

            def first_line() -> str:
                return str(header.render()).split("\n")[0]

            assert "store" not in first_line()
            await asyncio.to_thread(postgres_server.halt, server)
            halted = True
            await wait_for(pilot, lambda: "store unreachable since" in first_line(), seconds=5)
            assert first_line().strip().endswith("· read-only · reconnecting")

            await pilot.press("n")  # typed whole: a key at a time is slow in a Pilot
            pilot.app.screen.query_one("#note-input", Input).value = NOTE
            await pilot.press("enter", "escape")
            await wait_for(pilot, lambda: "store unreachable: kept here, will save on "
                           "reconnect" in pending_text(pilot), seconds=5)
            assert f"not saved: {NOTE}" in pending_text(pilot)
            # Another write (a tick, an edit) is refused in words, at once.
            with pytest.raises(PostgresError) as refused:
                await asyncio.to_thread(context.store.timeline.add, context.incident.id,
                                        "an edit", EntryKind.NOTE)
            assert "the store is unreachable and reconnects by itself" in \
                describe_write_error(refused.value)

            await asyncio.to_thread(postgres_server.resume, server)
            halted = False
            await wait_for(pilot, lambda: "store reconnected at" in first_line(), seconds=10)
            await wait_for(pilot, lambda: pending_text(pilot) == "", seconds=10)
            await wait_for(pilot, lambda: "store " not in first_line(), seconds=5)
            await wait_for(pilot, lambda: any(
                entry.text == NOTE for entry in pilot.app.screen.entries), seconds=5)
        other = open_store(location, FrozenClock(PEAK))
        texts = [entry.text for entry in other.timeline.entries(context.incident.id)]
        other.close()
        assert texts.count(NOTE) == 1
    finally:
        if halted:
            postgres_server.resume(server)
        context.store.close()
