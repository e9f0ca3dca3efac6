"""A live feed, and the war room's list of them.

A feed is one object: the source call that reads it, where it is shown (its
own widget, or views found in the screen), one failure policy (FeedState:
the last data kept, stale since, backoff) and, optionally, what it stores
for the review. The screen's live refresh and its close loop over the list;
nothing else names a feed. Registrations are in feed_registry.py."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

from textual.dom import DOMNode
from textual.widget import Widget

from tui.model.feed_state import FeedState
from tui.model.incident import Incident
from tui.sources import describe_error

T = TypeVar("T")
T_contra = TypeVar("T_contra", contravariant=True)


@runtime_checkable
class FeedView(Protocol[T_contra]):
    """What a feed's widget (or a part standing for it) does with what the feed gives it."""

    def show_feed(self, data: T_contra, now: datetime) -> None: ...

    def show_stale(self, error: str, since: datetime) -> None:
        """Keep the last data on screen; say since when it is stale and why."""
        ...


@runtime_checkable
class AbsentView(Protocol):
    def show_absent(self, reason: str) -> None:
        """No source is configured: hide, or say so."""
        ...


def _own_widget(feed: LiveFeed[Any], screen: DOMNode) -> Sequence[FeedView[Any]]:
    view = screen.query_one(f"#{feed.name}")
    assert isinstance(view, FeedView)
    return [view]


@dataclass(frozen=True)
class LiveFeed(Generic[T]):
    # The key of its state, and the id of its widget when it makes one.
    name: str
    # The source call, for the incident in view at a time; None when no
    # source is configured (AbsentView says so).
    fetch: Callable[[Incident, datetime], Awaitable[T]] | None
    # Makes its widget (a FeedView, with `name` as its id) in the live
    # grid's signals column; None: shown by `views` elsewhere.
    widget: Callable[[], Widget] | None = None
    # Where it is shown, when not in its own widget: none (not mounted yet,
    # or edited away while the source was asked) and it is not refreshed,
    # and an answer come meanwhile is not shown.
    views: Callable[[DOMNode], Sequence[FeedView[T]]] | None = None
    close: Callable[[], Awaitable[None]] | None = None
    # Blocking (run in an archive worker): what the review will show.
    archive: Callable[[str, T], None] | None = None
    # Blocking too: a failed read stored, so the review shows the gap.
    archive_failure: Callable[[str, datetime, str], None] | None = None
    # Asked at most this often unless forced (seconds): slow-moving data.
    every: float = 0.0
    # Said by an AbsentView when there is no source.
    absent: str = ""
    state: Callable[[], FeedState[T]] = field(default=FeedState)

    def shown_in(self, screen: DOMNode) -> Sequence[FeedView[T]]:
        return self.views(screen) if self.views is not None else _own_widget(self, screen)


class LiveFeeds:
    """The registered feeds of one screen, each with its FeedState. The
    registry is asked again at each refresh: the metric panes come and go."""

    def __init__(self, registry: Callable[[], Iterable[LiveFeed[Any]]],
                 interval_seconds: float,
                 archive: Callable[[Callable[[], None]], object]) -> None:
        # Asked once the screen's parts are built, never in here.
        self._registry = registry
        # A feed's state from its first refresh (or as a part sets it).
        self.states: dict[str, FeedState[Any]] = {}
        # Due at a refresh, but not yet mounted: refreshed once they are.
        self._unmounted: set[str] = set()
        # When each feed was last answered, for those asked at most `every` seconds.
        self._asked_at: dict[str, datetime] = {}
        self._interval = interval_seconds
        # Runs a blocking store call off the UI thread (the screen's archive worker).
        self._archive = archive

    @property
    def feeds(self) -> tuple[LiveFeed[Any], ...]:
        return tuple(self._registry())

    def widgets(self) -> list[Widget]:
        return [feed.widget() for feed in self.feeds if feed.widget is not None]

    def hide_absent(self, screen: DOMNode) -> None:
        for feed in self.feeds:
            if feed.fetch is None:
                for view in feed.shown_in(screen):
                    if isinstance(view, AbsentView):
                        view.show_absent(feed.absent)

    def refresh(self, screen: DOMNode, incident: Incident, now: datetime,
                force: bool = False) -> list[Awaitable[None]]:
        """One refresh of each feed due (all of them when forced)."""
        jobs: list[Awaitable[None]] = []
        for feed in self.feeds:
            if not self._due(feed, now, force):
                continue
            if feed.shown_in(screen):
                jobs.append(self._refresh(screen, feed, incident, now))
            else:
                self._unmounted.add(feed.name)
        return jobs

    def mounted_since(self, screen: DOMNode) -> list[str]:
        """The feeds a refresh passed over for want of a view that is now
        mounted (the workbench's tabs come after the first refresh)."""
        names = [feed.name for feed in self.feeds
                 if feed.name in self._unmounted and feed.shown_in(screen)]
        self._unmounted.difference_update(names)
        return names

    def refresh_one(self, screen: DOMNode, name: str, incident: Incident,
                    now: datetime) -> Awaitable[None] | None:
        """One feed now (the pods, while a first list pages in)."""
        for feed in self.feeds:
            if feed.name == name and feed.fetch is not None:
                return self._refresh(screen, feed, incident, now)
        return None

    def _due(self, feed: LiveFeed[Any], now: datetime, force: bool) -> bool:
        if feed.fetch is None:
            return False
        if force:
            return True
        asked = self._asked_at.get(feed.name)
        if asked is not None and (now - asked).total_seconds() < feed.every:
            return False
        state = self.states.get(feed.name)
        return state is None or state.due(now)

    async def _refresh(self, screen: DOMNode, feed: LiveFeed[Any], incident: Incident,
                       now: datetime) -> None:
        assert feed.fetch is not None
        state = self.states.get(feed.name) or feed.state()
        incident_id = incident.id
        try:
            data = await feed.fetch(incident, now)
        except Exception as error:  # a failure makes the feed stale, never the UI
            self._asked_at[feed.name] = now
            said = describe_error(error)
            if feed.archive_failure is not None:
                store_failure = feed.archive_failure
                self._archive(lambda: store_failure(incident_id, now, said))
            views = feed.shown_in(screen)
            if not views:
                return  # its view went meanwhile: the failure is moot
            state = state.failed(said, now, self._interval)
            self.states[feed.name] = state
            assert state.stale_since is not None
            for view in views:
                view.show_stale(state.error, state.stale_since)
            return
        # Once answered: an ask cut short (a forced refresh in its place) is asked again.
        self._asked_at[feed.name] = now
        if feed.archive is not None:
            store = feed.archive
            self._archive(lambda: store(incident_id, data))
        views = feed.shown_in(screen)
        if not views:
            return  # its view went meanwhile: the answer is moot
        self.states[feed.name] = state.succeeded(data)
        for view in views:
            view.show_feed(data, now)

    async def aclose(self) -> None:
        # A source feeding several feeds (the pods and their rollouts) is closed once.
        closes = list(dict.fromkeys(feed.close for feed in self.feeds
                                    if feed.close is not None))
        await asyncio.gather(*(close() for close in closes))
