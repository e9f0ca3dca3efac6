"""What a live feed knows between refreshes: its last good data, and since
when and why it is stale. One policy for every feed: a failure keeps the
last data, says since when it is stale, and backs off so a sick server is
not hammered."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Generic, Self, TypeVar

MAX_BACKOFF_SECONDS = 300.0

T = TypeVar("T")


def backoff_seconds(failures: int, interval_seconds: float) -> float:
    """One interval after the first failure, then two, four… up to five minutes."""
    return min(interval_seconds * 2.0 ** (failures - 1), MAX_BACKOFF_SECONDS)


@dataclass(frozen=True)
class FeedState(Generic[T]):
    data: T | None = None
    error: str = ""
    stale_since: datetime | None = None  # first failure after the last success
    failures: int = 0
    retry_at: datetime | None = None

    @property
    def stale(self) -> bool:
        return self.stale_since is not None

    def due(self, now: datetime) -> bool:
        return self.retry_at is None or now >= self.retry_at

    def succeeded(self, data: T) -> Self:
        return type(self)(data=data)

    def failed(self, error: str, now: datetime, interval_seconds: float) -> Self:
        failures = self.failures + 1
        return replace(self, error=error, stale_since=self.stale_since or now,
                       failures=failures,
                       retry_at=now + timedelta(seconds=backoff_seconds(failures,
                                                                        interval_seconds)))
