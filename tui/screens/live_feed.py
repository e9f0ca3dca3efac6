"""A live feed, and the war room's list of them.

A feed is one object: the source call that reads it, the widget that shows
it, one failure policy (FeedState: the last data kept, stale since, backoff)
and, optionally, what it stores for the review. The screen's live refresh
and its close loop over the list; nothing else names a feed. Registrations
are in feed_registry.py."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

from textual.dom import DOMNode
from textual.widget import Widget

from tui.model.feed_state import FeedState
from tui.sources import describe_error

T = TypeVar("T")
T_contra = TypeVar("T_contra", contravariant=True)


@runtime_checkable
class FeedView(Protocol[T_contra]):
    """What a feed's widget does with what the feed gives it."""

    def show_feed(self, data: T_contra, now: datetime) -> None: ...

    def show_stale(self, error: str, since: datetime) -> None:
        """Keep the last data on screen; say since when it is stale and why."""
        ...


@dataclass(frozen=True)
class LiveFeed(Generic[T]):
    # Also the id of its widget in the screen.
    name: str
    # Makes the widget (a FeedView), with `name` as its id.
    widget: Callable[[], Widget]
    # The source call; None when no source is configured: the widget is hidden.
    fetch: Callable[[datetime], Awaitable[T]] | None
    close: Callable[[], Awaitable[None]] | None = None
    # Blocking (run in an archive worker): what the review will show.
    archive: Callable[[str, T], None] | None = None


class LiveFeeds:
    """The registered feeds of one screen, each with its FeedState."""

    def __init__(self, feeds: Iterable[LiveFeed[Any]], interval_seconds: float,
                 archive: Callable[[Callable[[], None]], object]) -> None:
        self.feeds = tuple(feeds)
        self.states: dict[str, FeedState[Any]] = {feed.name: FeedState() for feed in self.feeds}
        self._interval = interval_seconds
        # Runs a blocking store call off the UI thread (the screen's archive worker).
        self._archive = archive

    def widgets(self) -> list[Widget]:
        return [feed.widget() for feed in self.feeds]

    def hide_absent(self, screen: DOMNode) -> None:
        for feed in self.feeds:
            if feed.fetch is None:
                screen.query_one(f"#{feed.name}").display = False

    def refresh(self, screen: DOMNode, incident_id: str, now: datetime,
                force: bool = False) -> list[Awaitable[None]]:
        """One refresh of each feed due (all of them when forced)."""
        return [self._refresh(screen, feed, incident_id, now) for feed in self.feeds
                if feed.fetch is not None and (force or self.states[feed.name].due(now))]

    async def _refresh(self, screen: DOMNode, feed: LiveFeed[Any], incident_id: str,
                       now: datetime) -> None:
        assert feed.fetch is not None
        view = screen.query_one(f"#{feed.name}")
        assert isinstance(view, FeedView)
        state = self.states[feed.name]
        try:
            data = await feed.fetch(now)
        except Exception as error:  # a failure makes the feed stale, never the UI
            state = state.failed(describe_error(error), now, self._interval)
            self.states[feed.name] = state
            assert state.stale_since is not None
            view.show_stale(state.error, state.stale_since)
            return
        self.states[feed.name] = state.succeeded(data)
        view.show_feed(data, now)
        if feed.archive is not None:
            store = feed.archive
            self._archive(lambda: store(incident_id, data))

    async def aclose(self) -> None:
        await asyncio.gather(*(feed.close() for feed in self.feeds if feed.close is not None))
