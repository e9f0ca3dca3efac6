"""Several Warroom processes on one SQLite file, as in a war room where two
laptops share the database: concurrent writers lose nothing, `kill -9`
loses nothing acknowledged, and each sees the other's changes."""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path

from tests.conftest import MakeApp
from tests.factories import make_incident
from tests.integration.store_writer import acknowledged, writer
from tests.ui.helpers import wait_for
from tui.cli.launch import build_demo_context
from tui.model.clock import FrozenClock
from tui.model.incident import Status
from tui.model.timeline import EntryKind
from tui.screens.warroom import WarroomScreen
from tui.store import Store, open_database
from tui.widgets.incident_header import IncidentHeader
from tui.widgets.timeline_pane import TimelinePane


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path,
                                                    clock: FrozenClock) -> None:
    db = tmp_path / "w.db"
    store = Store(open_database(db), clock)
    store.incidents.create(make_incident())
    first, second = writer(db, 300, "alice"), writer(db, 300, "bob")
    # This process writes too, meanwhile.
    for number in range(100):
        store.timeline.add("INC-1", f"carol {number}", author="carol")
    saved = acknowledged(first, timeout=120) | acknowledged(second, timeout=120)
    entries = store.timeline.entries("INC-1")
    by_author = {author: sorted(int(e.text.split()[1]) for e in entries if e.author == author)
                 for author in ("alice", "bob", "carol")}
    assert by_author == {"alice": list(range(300)), "bob": list(range(300)),
                         "carol": list(range(100))}
    assert saved <= {entry.id for entry in entries}
    store.close()
    assert integrity(db) == "ok"


def test_kill_9_in_a_burst_loses_nothing_acknowledged(tmp_path: Path,
                                                      clock: FrozenClock) -> None:
    db = tmp_path / "w.db"
    store = Store(open_database(db), clock)
    store.incidents.create(make_incident())
    store.close()
    burst = writer(db, 100_000, "scribe")
    assert burst.stdout is not None
    acknowledged = [int(burst.stdout.readline()) for _ in range(400)]
    os.kill(burst.pid, signal.SIGKILL)  # mid-write, as a laptop that dies
    burst.wait(timeout=10)
    # Whatever the pipe still held was acknowledged before the kill, too.
    acknowledged += [int(line) for line in burst.stdout.read().split()]
    assert integrity(db) == "ok"
    reopened = Store(open_database(db), clock)
    stored = {entry.id for entry in reopened.timeline.entries("INC-1")}
    assert set(acknowledged) <= stored
    assert len(stored) >= 400
    reopened.close()


async def test_a_second_warroom_shows_the_others_changes(make_app: MakeApp, tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    context = build_demo_context(db)
    context.refresh_seconds = 0.2
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        table = app.screen.query_one(TimelinePane).grid
        before = table.row_count
        other = Store(open_database(db), context.clock)
        other.timeline.add(context.incident.id, "from the other laptop", EntryKind.FINDING,
                        author="Dana")
        other.incidents.set_status(context.incident.id, Status.IDENTIFIED, author="Dana")
        other.close()
        await wait_for(pilot, lambda: table.row_count == before + 2, seconds=5)
        screen = app.screen
        assert isinstance(screen, WarroomScreen)
        assert any(entry.text == "from the other laptop" for entry in screen.entries)
        assert screen.incident.status is Status.IDENTIFIED
        assert "IDENTIFIED" in str(screen.query_one(IncidentHeader).render())
