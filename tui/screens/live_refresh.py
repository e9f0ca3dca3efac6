"""The war room's live refresh: every live feed due at once (LiveFeeds), on
the UI loop but only awaiting (HTTP is async and parsing happens in
threads), with the record's own sync; the next one is scheduled when this
one ends, so none overlap."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.timer import Timer

from tui.model.incident import Incident
from tui.screens.failures import ARCHIVE_FAILED, LIVE_FAILED
from tui.ui.workers import Failure, run_part

if TYPE_CHECKING:
    from tui.screens.warroom import WarroomScreen


class LiveRefresh:
    def __init__(self, host: WarroomScreen) -> None:
        self.host = host
        self._next: Timer | None = None

    def refresh(self, force: bool = False) -> None:
        """A refresh now, in place of one running (a worker of group "live")."""
        # In place of the one due too: this one schedules the next when it
        # ends (the timer of the last one cut a forced refresh short).
        if self._next is not None:
            self._next.stop()
            self._next = None
        run_part(self.host, self._refresh, self.host.incident, force, group="live",
                 exclusive=True, failure=LIVE_FAILED)

    async def _refresh(self, incident: Incident, force: bool) -> None:
        host = self.host
        context = host.context
        now = context.clock.now()
        jobs = host.feeds.refresh(host, incident, now, force)
        if context.detector is not None and host.detection.due(now):
            host.detection.detect(force=True)
        if context.story is not None:
            jobs.append(host.record_sync.play_story(incident.id, now))
        jobs.append(host.record_sync.follow_other_writers(incident.id))
        try:
            await asyncio.gather(*jobs)
        except asyncio.CancelledError:
            # A refresh in its place (forced) schedules the next when it
            # ends: scheduled here too, that timer cut the forced one short
            # when it outlasted an interval, and each one after it.
            raise
        except BaseException:
            self.schedule(context.refresh_seconds)
            raise
        self.schedule(context.refresh_seconds)

    def refresh_feed(self, name: str) -> None:
        """One feed now, outside the round (the pods while a first list
        pages in, a feed once its view is mounted)."""
        run_part(self.host, self._refresh_feed, self.host.incident, name,
                 group=f"feed-{name}", exclusive=True,
                 failure=Failure("Live data failed: {error}"))

    async def _refresh_feed(self, incident: Incident, name: str) -> None:
        job = self.host.feeds.refresh_one(self.host, name, incident,
                                          self.host.context.clock.now())
        if job is not None:
            await job

    def schedule(self, delay: float) -> None:
        if self._next is not None:
            self._next.stop()
        self._next = self.host.set_timer(delay, self.refresh)

    def archive(self, call: Callable[[], None]) -> None:
        """A blocking store call for the review, off the UI thread."""
        run_part(self.host, self._archive_call, call, group="archive", thread=True,
                 failure=ARCHIVE_FAILED)

    def _archive_call(self, call: Callable[[], None]) -> None:
        call()
