"""The live-feed list without a screen: a slow feed is asked at most as
often as it says unless forced, an ask cut short is asked again, a failure
is stored for the review and keeps the last data, a feed whose view is not
mounted yet waits for it, and a source shared by two feeds is closed once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.factories import make_incident
from tui.model.incident import Incident
from tui.screens.live_feed import LiveFeed, LiveFeeds

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
INCIDENT = make_incident()


class Shown:
    """A feed's view: what it was last shown."""

    def __init__(self) -> None:
        self.data: object = None
        self.stale: tuple[str, datetime] | None = None

    def show_feed(self, data: object, now: datetime) -> None:
        self.data, self.stale = data, None

    def show_stale(self, error: str, since: datetime) -> None:
        self.stale = (error, since)


class Source:
    def __init__(self) -> None:
        self.asked = 0
        self.failing = False
        self.hold: asyncio.Event | None = None
        self.closed = 0

    async def read(self, incident: Incident, now: datetime) -> str:
        self.asked += 1
        if self.hold is not None:
            await self.hold.wait()
        if self.failing:
            raise OSError("connection reset")
        return f"as of {now:%H:%M:%S}"

    async def close(self) -> None:
        self.closed += 1


def feeds_of(*feeds: LiveFeed[Any]) -> tuple[LiveFeeds, list[str]]:
    archived: list[str] = []
    return LiveFeeds(lambda: feeds, 1.0, lambda call: (call(), archived.append("ok"))), \
        archived


async def refresh(feeds: LiveFeeds, at: datetime, force: bool = False) -> None:
    await asyncio.gather(*feeds.refresh(None, INCIDENT, at, force))  # type: ignore[arg-type]


async def test_a_slow_feed_is_asked_at_most_every_so_often_unless_forced() -> None:
    source, view = Source(), Shown()
    feeds, _ = feeds_of(LiveFeed("rollouts", source.read, views=lambda _: [view], every=30))
    await refresh(feeds, T0)
    await refresh(feeds, T0 + timedelta(seconds=10))
    assert source.asked == 1
    await refresh(feeds, T0 + timedelta(seconds=11), force=True)
    assert source.asked == 2 and view.data == "as of 12:00:11"
    await refresh(feeds, T0 + timedelta(seconds=41))
    assert source.asked == 3


async def test_an_ask_cut_short_is_asked_again_at_the_next_refresh() -> None:
    source, view = Source(), Shown()
    feeds, _ = feeds_of(LiveFeed("rollouts", source.read, views=lambda _: [view], every=30))
    source.hold = asyncio.Event()
    running = asyncio.ensure_future(refresh(feeds, T0))
    while not source.asked:
        await asyncio.sleep(0)
    running.cancel()  # a forced refresh in its place
    source.hold = None
    await refresh(feeds, T0 + timedelta(seconds=1))
    assert source.asked == 2 and view.data == "as of 12:00:01"


async def test_a_failure_keeps_the_last_data_says_since_when_and_is_stored() -> None:
    source, view = Source(), Shown()
    failures: list[tuple[str, datetime, str]] = []
    feeds, _ = feeds_of(LiveFeed(
        "pane-x", source.read, views=lambda _: [view],
        archive_failure=lambda incident_id, at, error: failures.append((incident_id, at,
                                                                        error))))
    await refresh(feeds, T0)
    source.failing = True
    await refresh(feeds, T0 + timedelta(seconds=1))
    await refresh(feeds, T0 + timedelta(seconds=2), force=True)
    assert view.data == "as of 12:00:00"  # the last data kept
    assert view.stale == ("OSError: connection reset", T0 + timedelta(seconds=1))
    assert [at for _, at, _ in failures] == [T0 + timedelta(seconds=1),
                                             T0 + timedelta(seconds=2)]
    assert {incident_id for incident_id, _, _ in failures} == {INCIDENT.id}
    assert feeds.states["pane-x"].failures == 2


async def test_a_source_shared_by_two_feeds_is_closed_once() -> None:
    source = Source()
    feeds, _ = feeds_of(LiveFeed("pods", source.read, views=lambda _: [], close=source.close),
                        LiveFeed("rollouts", source.read, views=lambda _: [],
                                 close=source.close))
    await feeds.aclose()
    assert source.closed == 1


async def test_a_feed_without_its_view_yet_waits_for_it_then_is_named_once() -> None:
    source, view = Source(), Shown()
    mounted: list[Shown] = []
    feeds, _ = feeds_of(LiveFeed("rollouts", source.read, views=lambda _: mounted))
    await refresh(feeds, T0)
    assert source.asked == 0  # the workbench's tab is not mounted yet
    mounted.append(view)
    assert feeds.mounted_since(None) == ["rollouts"]  # type: ignore[arg-type]
    assert feeds.mounted_since(None) == []  # type: ignore[arg-type]
