"""A war room on a local copy (`warroom sync --pull`) says so above
everything: the room on the projector never takes it for the shared one."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import MakeApp
from tests.ui.helpers import settle
from tests.unit.test_sync import shared_incident
from tui.cli.launch import build_local_copy_context
from tui.files.config import Config
from tui.model.clock import FrozenClock
from tui.store import Store, open_database
from tui.store.sync import pull
from tui.widgets.incident_header import IncidentHeader


async def test_the_header_of_a_local_copy_says_where_it_came_from(
        tmp_path: Path, clock: FrozenClock, make_app: MakeApp) -> None:
    server, local = tmp_path / "shared.db", tmp_path / "laptop.db"
    incident_id = shared_incident(server, clock)
    shared, laptop = Store(open_database(server), clock), Store(open_database(local), clock)
    pull(shared, laptop, incident_id, "postgresql://ana@db.internal/warroom")
    shared.close()
    laptop.close()
    context = build_local_copy_context(local, incident_id, Config(), clock=clock)
    assert context is not None
    app = make_app(context)
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            header = app.screen.query_one(IncidentHeader)
            lines = [line.strip() for line in header.render().plain.splitlines()]
            assert lines[0] == (f"LOCAL COPY of {incident_id} from postgresql://ana@db.internal"
                                "/warroom · notes are local until pushed (warroom sync)")
            assert "Checkout down" in lines[1]
            assert header.region.height == len(lines)
            # Narrow: the banner's parts wrap whole, nothing of it cut.
            await pilot.resize_terminal(80, 40)
            await settle(pilot)
            lines = [line.strip() for line in header.render().plain.splitlines()]
            assert lines[:2] == [f"LOCAL COPY of {incident_id} from postgresql://ana@db.internal"
                                 "/warroom", "notes are local until pushed (warroom sync)"]
            assert header.region.height == len(lines)
    finally:
        context.store.close()
