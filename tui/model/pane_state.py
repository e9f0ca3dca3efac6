"""What a live pane knows between refreshes: its last good data, and when
it went stale and why. Failures back off so a sick server is not hammered."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from tui.model.feed_state import MAX_BACKOFF_SECONDS, backoff_seconds
from tui.model.metrics import MetricSnapshot

__all__ = ["MAX_BACKOFF_SECONDS", "PaneState"]


@dataclass(frozen=True)
class PaneState:
    snapshot: MetricSnapshot | None = None
    error: str = ""
    stale_since: datetime | None = None  # first failure after the last success
    failures: int = 0
    retry_at: datetime | None = None

    @property
    def stale(self) -> bool:
        return self.stale_since is not None

    def due(self, now: datetime) -> bool:
        return self.retry_at is None or now >= self.retry_at

    def succeeded(self, snapshot: MetricSnapshot) -> PaneState:
        return PaneState(snapshot=snapshot)

    def failed(self, error: str, now: datetime, interval_seconds: float) -> PaneState:
        """Retry after one interval, then two, four… up to five minutes."""
        failures = self.failures + 1
        delay = backoff_seconds(failures, interval_seconds)
        return replace(
            self,
            error=error,
            stale_since=self.stale_since or now,
            failures=failures,
            retry_at=now + timedelta(seconds=delay),
        )
