"""The war room's live refresh: every live pane at once, on the UI loop but
only awaiting (HTTP is async and parsing happens in threads); the next one
is scheduled when this one ends, so none overlap."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.timer import Timer

from tui.screens.failures import ARCHIVE_FAILED, LIVE_FAILED
from tui.ui.workers import run_part

if TYPE_CHECKING:
    from tui.screens.warroom import WarroomScreen


class LiveRefresh:
    def __init__(self, host: WarroomScreen) -> None:
        self.host = host
        self._next: Timer | None = None

    def refresh(self, force: bool = False) -> None:
        """A refresh now, in place of one running (a worker of group "live")."""
        run_part(self.host, self._refresh, self.host.incident.id, force, group="live",
                 exclusive=True, failure=LIVE_FAILED)

    async def _refresh(self, incident_id: str, force: bool) -> None:
        host = self.host
        context = host.context
        now = context.clock.now()
        jobs = host.metric_panes.refresh(incident_id, now, force)
        if context.detector is not None and host.detection.due(now):
            host.detection.detect(force=True)
        jobs.append(host.alerts.refresh_alerts(now))
        jobs.extend(host.feeds.refresh(host, incident_id, now, force))
        if context.pods is not None:
            jobs.append(host.pods_part.refresh(now))
        if context.story is not None:
            jobs.append(host.record_sync.play_story(incident_id, now))
        jobs.append(host.record_sync.follow_other_writers(incident_id))
        jobs.append(host.response.refresh_slos(now))
        try:
            await asyncio.gather(*jobs)
        finally:
            self.schedule(context.refresh_seconds)

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
