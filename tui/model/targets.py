"""Response targets: how fast a severity must be acknowledged and resolved.
Minutes, or business days for the slow levels ("next business day" is one:
the same time on the next Monday–Friday)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from tui.model.timefmt import parse_delay


@dataclass(frozen=True)
class Target:
    """`minutes`, or (when set) `business_days` Monday to Friday."""

    minutes: int = 0
    business_days: int = 0

    def due(self, start: datetime) -> datetime:
        if not self.business_days:
            return start + timedelta(minutes=self.minutes)
        due, left = start, self.business_days
        while left:
            due += timedelta(days=1)
            if due.weekday() < 5:
                left -= 1
        return due

    def describe(self) -> str:
        if self.business_days == 1:
            return "next business day"
        if self.business_days:
            return f"{self.business_days} business days"
        hours, minutes = divmod(self.minutes, 60)
        if not hours:
            return f"{minutes} min"
        return f"{hours} h" if not minutes else f"{hours} h {minutes} min"


_BUSINESS = re.compile(r"^(?:next business day|(\d+)\s*business days?|(\d+)\s*bd)$",
                       re.IGNORECASE)


def parse_target(text: str) -> Target:
    """`15m`, `1h`, `4h30m`, `90` (minutes), `next business day`,
    `3 business days`, `2bd`. Raises ValueError saying what to write."""
    text = text.strip()
    business = _BUSINESS.match(text)
    if business:
        days = int(business[1] or business[2] or 1)
        if days < 1:
            raise ValueError(f"{text!r}: at least one business day")
        return Target(business_days=days)
    span = parse_delay(text)
    if not span or span.total_seconds() < 60:
        raise ValueError(f"{text!r} is not a target: write 15m, 4h, "
                         "next business day or 3 business days")
    return Target(minutes=int(span.total_seconds() // 60))


@dataclass(frozen=True)
class ResponseTargets:
    acknowledge: Target
    resolve: Target


# The runbooks' defaults, by rank: P1 respond within 15 min, P2 within 1 h,
# P3 within 4 h, P4 next business day.
DEFAULT_TARGETS: tuple[ResponseTargets, ...] = (
    ResponseTargets(Target(15), Target(4 * 60)),
    ResponseTargets(Target(60), Target(24 * 60)),
    ResponseTargets(Target(4 * 60), Target(business_days=3)),
    ResponseTargets(Target(business_days=1), Target(business_days=10)),
)


def default_targets(rank: int) -> ResponseTargets:
    """The defaults of the level at `rank` (0 most severe); levels past P4
    take P4's."""
    return DEFAULT_TARGETS[min(rank, len(DEFAULT_TARGETS) - 1)]
