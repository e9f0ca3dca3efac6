"""`warroom` paints the incident header first, then the war room takes its
place with the header where it was and nothing lost (issue 25)."""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import MakeApp
from tests.ui.helpers import settle, wait_for
from tui.app import WarroomApp
from tui.cli.first_look import demo_first_look
from tui.cli.first_start import FirstStart, StartFailed
from tui.cli.launch import build_demo_context
from tui.files.contacts import load_roster
from tui.files.paths import bundled
from tui.model.clock import FrozenClock
from tui.model.incident import Status
from tui.screens.first import FirstScreen
from tui.ui.context import WarroomContext
from tui.widgets.incident_header import IncidentHeader

WALL = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
SAMPLE = bundled("sample_data")


def header_text(app: WarroomApp) -> list[str]:
    header = app.screen.query_one(IncidentHeader)
    return [line.rstrip() for line in header.render().plain.splitlines()]


def seeded(db: Path) -> None:
    build_demo_context(db, wall_clock=FrozenClock(WALL)).store.close()


def first_start(db: Path, build: Callable[[], WarroomContext]) -> FirstStart:
    look = demo_first_look(db, 1.0, SAMPLE, WALL,
                           roster=load_roster(SAMPLE / "contacts.toml"))
    assert look is not None
    return FirstStart(look, build)


async def test_the_header_comes_first_then_the_whole_war_room(
        make_app: MakeApp, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    seeded(db)
    contexts: list[WarroomContext] = []

    def build() -> WarroomContext:
        time.sleep(0.3)  # the imports and the context a real start builds
        contexts.append(build_demo_context(db, wall_clock=FrozenClock(WALL)))
        return contexts[0]

    app = make_app(first=first_start(db, build))
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, FirstScreen)
            first = header_text(app)
            assert "Checkout failing: 5xx and latency spike" in first[0]
            assert "P1" in first[0] and Status.INVESTIGATING.label.upper() in first[0]
            place = app.screen.query_one(IncidentHeader).region
            await wait_for(pilot, lambda: type(app.screen).__name__ == "WarroomScreen")
            await settle(pilot)
            now = app.screen.query_one(IncidentHeader).region
            assert (now.x, now.y, now.width) == (place.x, place.y, place.width)
            # Word for word; the live refresh may add a line for the SLOs below
            # (it did before the header came first, too).
            assert header_text(app)[:3] == first
            # The whole war room: live panes, the workbench and its keys.
            for part in ("#pods", "#metrics", "#alerts", "#workbench TimelinePane",
                         "WarroomFooter"):
                assert app.screen.query(part), part
            assert app.first_frame_painted
            assert app.context is contexts[0]
    finally:
        for context in contexts:
            context.store.close()


async def test_a_dialog_opened_over_the_header_gives_way_to_the_war_room(
        make_app: MakeApp, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    seeded(db)
    contexts: list[WarroomContext] = []

    def build() -> WarroomContext:
        time.sleep(0.5)
        contexts.append(build_demo_context(db, wall_clock=FrozenClock(WALL)))
        return contexts[0]

    app = make_app(first=first_start(db, build))
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            await pilot.press("question_mark")
            await pilot.pause()
            assert not isinstance(app.screen, FirstScreen)  # the help, over the header
            await wait_for(pilot, lambda: app.first_frame_painted)
            assert [type(screen).__name__ for screen in app.screen_stack] == [
                "FirstScreen", "WarroomScreen"]
    finally:
        for context in contexts:
            context.store.close()


async def test_a_build_that_fails_is_said_once_the_terminal_is_back(
        make_app: MakeApp, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    seeded(db)

    def build() -> WarroomContext:
        raise StartFailed("database is locked")

    app = make_app(first=first_start(db, build))
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: not app.is_running or app.return_code is not None)
    assert app.start_error == "database is locked"
    assert app.return_code == 1
    assert app.built_context is None


def _screen_text(db: Path, until: bytes, seconds: float = 30) -> tuple[bytes, bytes]:
    """What `python -m tui --db DB` writes to a terminal: up to the header's
    title, and then up to `until`."""
    master, slave = os.openpty()
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="160", LINES="48")
    process = subprocess.Popen([sys.executable, "-m", "tui", "--db", str(db)], stdin=slave,
                               stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    output, at_title = b"", b""
    deadline = time.monotonic() + seconds
    try:
        while until not in output and time.monotonic() < deadline:
            if select.select([master], [], [], 0.05)[0]:
                output += os.read(master, 65536)
                if not at_title and b"Checkout failing" in output:
                    at_title = output
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)
    return at_title, output


def test_the_real_command_paints_the_header_before_the_war_room(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    seeded(db)
    at_title, output = _screen_text(db, b"Add a note to the timeline")
    assert b"Add a note to the timeline" in output
    # The header's frame holds none of the war room's panes yet.
    plain = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", at_title)
    assert b"P1" in plain and b"INVESTIGATING" in plain
    assert b"Add a note" not in plain and b"Help" not in plain
