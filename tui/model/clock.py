"""Clocks. Every component asks an injected clock for "now", so tests and
snapshots are deterministic and the demo can replay a recording faster than
real time."""

from __future__ import annotations

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
    """Recording time for the demo: `start` at the wall-clock moment
    `began`, running `speed` times faster than the wall clock and holding at
    `end`, where the recording stops. `began` is stored with the demo
    incident (`join`): every war room on the database, whenever it was
    started, shows the same moment of the recording."""

    start: datetime
    end: datetime
    speed: float = 1.0
    wall: Clock = field(default_factory=SystemClock)
    began: datetime = field(init=False)

    def __post_init__(self) -> None:
        if self.speed <= 0:
            raise ValueError("speed must be positive")
        self.began = self.wall.now()

    def join(self, began: datetime) -> None:
        """Play the replay that began (on the wall clock) at `began`."""
        self.began = began

    def now(self) -> datetime:
        elapsed = (self.wall.now() - self.began).total_seconds() * self.speed
        return min(max(self.start + timedelta(seconds=elapsed), self.start), self.end)


def replay_over(began: datetime, wall_now: datetime, start: datetime, end: datetime,
                speed: float) -> bool:
    """Whether a replay that began at `began` (wall clock) has reached the
    end of the recording by `wall_now`: the next demo starts over."""
    return wall_now >= began + (end - start) / speed
