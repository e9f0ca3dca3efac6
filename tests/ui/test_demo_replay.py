"""The demo as one story on one clock (issue 24, item 4): the replay's
moment derives from when it began, stored in the database, so a second war
room on the file shows the same moment; the story goes on to its
resolution; a replay played out starts over."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.conftest import MakeApp, joined_demo
from tests.ui.helpers import settle, war_room
from tui.cli.launch import build_review_context
from tui.model.clock import FrozenClock
from tui.model.incident import Milestone, Status
from tui.model.timefmt import from_iso
from tui.ui.context import WarroomContext
from tui.widgets.incident_header import IncidentHeader

WALL = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
PLAYBACK_START = from_iso("2026-03-14T14:12:00Z")
END = from_iso("2026-03-14T15:10:00Z")


def test_a_second_war_room_shows_the_same_moment(tmp_path: Path,
                                                 opened: list[WarroomContext]) -> None:
    wall = FrozenClock(WALL)
    first = joined_demo(tmp_path / "demo.db", wall, opened)
    wall.advance(7 * 60)
    second = joined_demo(tmp_path / "demo.db", wall, opened)
    assert first.clock.now() == second.clock.now() == PLAYBACK_START + timedelta(minutes=7)
    wall.advance(60)
    assert first.clock.now() == second.clock.now() == PLAYBACK_START + timedelta(minutes=8)


def test_a_replay_played_out_starts_over(tmp_path: Path,
                                         opened: list[WarroomContext]) -> None:
    wall = FrozenClock(WALL)
    first = joined_demo(tmp_path / "demo.db", wall, opened)
    first.store.timeline.add(first.incident.id, "practice note", author="me")
    wall.advance(59 * 60)  # the recording's 58 minutes are over
    assert first.clock.now() == END
    again = joined_demo(tmp_path / "demo.db", wall, opened)
    assert again.clock.now() == PLAYBACK_START
    assert "practice note" not in [entry.text for entry in again.entries]
    assert again.incident.status is Status.INVESTIGATING


async def test_the_story_ends_resolved_at_the_end_of_the_recording(
        tmp_path: Path, opened: list[WarroomContext]) -> None:
    wall = FrozenClock(WALL)
    context = joined_demo(tmp_path / "demo.db", wall, opened, speed=10)
    wall.advance(6 * 60)  # 58 minutes at ×10
    async with war_room(context) as pilot:
        await settle(pilot)
        header = str(pilot.app.screen.query_one(IncidentHeader).render())
        assert "RESOLVED" in header and "elapsed 1h 08m" in header, header
        texts = [entry.text for entry in context.store.timeline.entries(context.incident.id)]
        assert "Status Investigating → Identified" in texts
        assert any(text.startswith("Resolved: errors and latency") for text in texts)
    incident = context.store.incidents.get(context.incident.id)
    assert incident is not None
    assert incident.milestones[Milestone.RESOLVED] == END
    assert incident.milestones[Milestone.MITIGATED] == from_iso("2026-03-14T14:30:00Z")


async def test_two_war_rooms_apply_each_step_once(tmp_path: Path,
                                                  opened: list[WarroomContext]) -> None:
    wall = FrozenClock(WALL)
    first = joined_demo(tmp_path / "demo.db", wall, opened)
    second = joined_demo(tmp_path / "demo.db", wall, opened)
    wall.advance(20 * 60)  # 14:32: identified, rolled back, mitigated, update sent
    story = first.story
    assert story is not None
    assert first.store.play_story(story, first.clock.now()) == 5
    assert second.store.play_story(story, second.clock.now()) == 0
    texts = [entry.text for entry in second.store.timeline.entries(second.incident.id)]
    assert texts.count("Status Identified → Monitoring") == 1


async def test_the_demo_review_shows_the_whole_story(make_app: MakeApp, tmp_path: Path) -> None:
    context = build_review_context(tmp_path / "fresh.db", clock=FrozenClock(WALL))
    try:
        async with make_app(context, review=True).run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            header = str(pilot.app.screen.query_one(IncidentHeader).render())
            assert "RESOLVED" in header and "elapsed 1h 08m" in header, header
            assert "INVESTIGATING" not in header
    finally:
        context.store.close()
