"""The header-first start's read (tui.cli.first_look) finds the incident and the
moment the full build (tui.cli.launch) will find, or gives up (issue 25)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import joined_demo
from tui.cli.first_look import demo_first_look, live_first_look
from tui.cli.launch import build_live_context
from tui.files.config import Config, PrometheusSettings
from tui.files.paths import bundled
from tui.model.clock import FrozenClock
from tui.model.incident import Milestone, Status
from tui.model.severity import DEFAULT_LEVELS
from tui.store import Store, open_database
from tui.store.demo_replay import mark_began
from tui.ui.context import WarroomContext

WALL = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
SAMPLE = bundled("sample_data")


def test_no_database_yet_is_left_to_the_full_build(tmp_path: Path) -> None:
    assert demo_first_look(tmp_path / "none.db", 1.0, SAMPLE, WALL) is None


@pytest.mark.parametrize("speed", [1.0, 20.0])
def test_a_playing_replay_is_joined_at_its_moment(tmp_path: Path, speed: float,
                                                  opened: list[WarroomContext]) -> None:
    db = tmp_path / "demo.db"
    wall = FrozenClock(WALL)
    first = joined_demo(db, wall, opened, speed)
    first.store.incidents.set_status(first.incident.id, Status.IDENTIFIED)
    wall.advance(120)
    look = demo_first_look(db, speed, SAMPLE, wall.now())
    assert look is not None
    again = joined_demo(db, wall, opened, speed)
    assert look.incident == again.incident
    assert look.incident.status is Status.IDENTIFIED
    assert look.now == again.clock.now()
    assert look.demo_label == again.demo_label
    assert look.later(3) == look.now + timedelta(seconds=3 * speed)


def test_a_replay_played_out_starts_over_as_recorded(tmp_path: Path,
                                                     opened: list[WarroomContext]) -> None:
    db = tmp_path / "demo.db"
    wall = FrozenClock(WALL)
    first = joined_demo(db, wall, opened)
    first.store.incidents.set_status(first.incident.id, Status.MONITORING)
    wall.advance(59 * 60)  # the recording's 58 minutes are over
    look = demo_first_look(db, 1.0, SAMPLE, wall.now())
    assert look is not None
    again = joined_demo(db, wall, opened)
    assert look.incident.status is Status.INVESTIGATING
    assert (look.incident.title, look.incident.severity, look.incident.status,
            look.incident.milestones) == (again.incident.title, again.incident.severity,
                                          again.incident.status, again.incident.milestones)
    assert look.now == again.clock.now()


def test_a_database_the_war_room_could_not_open_is_left_to_it(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    db.write_text("not a database")
    assert demo_first_look(db, 1.0, SAMPLE, WALL) is None
    db.unlink()
    Store(open_database(db), FrozenClock(WALL)).close()
    os.chmod(db, 0o400)
    try:
        if not os.access(db, os.W_OK):  # root writes anyway
            assert demo_first_look(db, 1.0, SAMPLE, WALL) is None
    finally:
        os.chmod(db, 0o600)


def test_an_unreadable_replay_moment_is_left_to_the_full_build(tmp_path: Path,
                                                               opened: list[WarroomContext]
                                                               ) -> None:
    db = tmp_path / "demo.db"
    first = joined_demo(db, FrozenClock(WALL), opened)
    with first.store.conn:
        first.store.conn.execute("UPDATE response_log SET at = 'garbage'")
    assert demo_first_look(db, 1.0, SAMPLE, WALL) is None
    mark_began(first.store.conn, first.incident.id, WALL)  # as it was


def test_the_live_war_room_opens_the_same_incident(tmp_path: Path,
                                                   opened: list[WarroomContext]) -> None:
    db = tmp_path / "live.db"
    config = Config(prometheus=PrometheusSettings(url="http://127.0.0.1:9"))
    clock = FrozenClock(WALL)
    # No open incident: the full build creates one, the read does not guess it.
    assert live_first_look(db, DEFAULT_LEVELS, ()) is None
    first = build_live_context(db, config, clock=clock)
    opened.append(first)
    look = live_first_look(db, config.severity_levels, config.escalation, wall_now=WALL)
    assert look is not None
    assert look.incident == first.incident
    first.store.incidents.set_status(first.incident.id, Status.RESOLVED)
    first.store.incidents.set_milestone(first.incident.id, Milestone.RESOLVED, WALL)
    assert live_first_look(db, DEFAULT_LEVELS, ()) is None


def test_the_first_screen_imports_neither_the_war_room_nor_heavy_clients() -> None:
    code = (
        "import sys\n"
        "import tui.app, tui.cli.main, tui.cli.start, tui.screens.first\n"
        "heavy = ('tui.screens.warroom', 'tui.cli.launch', 'tui.sources.demo', 'kubernetes',"
        " 'httpx', 'prometheus_api_client', 'jinja2', 'jsonschema', 'tui.store.store')\n"
        "print(','.join(name for name in heavy if name in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""
