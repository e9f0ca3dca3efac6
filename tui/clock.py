"""Clocks. Every component asks an injected clock for "now", so tests and
snapshots are deterministic and the demo can replay a recording faster than
real time."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FrozenClock:
    """A clock that only moves when told to (tests, snapshots)."""

    at: datetime

    def now(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at = self.at + timedelta(seconds=seconds)


@dataclass
class ReplayClock:
    """Recording time for the demo: starts at `start`, runs `speed` times faster
    than the wall clock and holds at `end`, where the recording stops."""

    start: datetime
    end: datetime
    speed: float = 1.0
    monotonic: object = time.monotonic
    _t0: float = field(init=False)

    def __post_init__(self) -> None:
        if self.speed <= 0:
            raise ValueError("speed must be positive")
        self._t0 = self.monotonic()  # type: ignore[operator]

    def now(self) -> datetime:
        elapsed = (self.monotonic() - self._t0) * self.speed  # type: ignore[operator]
        return min(self.start + timedelta(seconds=elapsed), self.end)
