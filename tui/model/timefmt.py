"""Timestamps: stored as ISO-8601 UTC with milliseconds, shown as UTC or local."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

_DURATION = re.compile(r"^(?:(\d+)\s*h(?:ours?)?)?\s*(?:(\d+)\s*m(?:in(?:ute)?s?)?)?\s*"
                       r"(?:(\d+)\s*s(?:ec(?:ond)?s?)?)?$", re.IGNORECASE)


def parse_duration(text: str) -> timedelta | None:
    """`5m`, `90s`, `1h`, `1h30m`, `2 hours`; None when the text is not one."""
    match = _DURATION.match(text.strip())
    if not match or not any(match.groups()):
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def parse_delay(text: str) -> timedelta | None:
    """A delay as the config and the prompts take it: a bare number is
    minutes (`90`), anything else as `parse_duration` reads it."""
    text = text.strip()
    return timedelta(minutes=int(text)) if text.isdigit() else parse_duration(text)


def to_iso(moment: datetime) -> str:
    """The storage form: `2026-03-14T13:52:07.250Z`."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: Warroom only stores timezone-aware times")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def from_iso(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def format_duration(span: timedelta) -> str:
    """`1h 07m 03s`, `7m 03s`, `42s`; negative spans get a leading minus."""
    total = int(span.total_seconds())
    sign = "-" if total < 0 else ""
    total = abs(total)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}h {minutes:02d}m {seconds:02d}s"
    if minutes:
        return f"{sign}{minutes}m {seconds:02d}s"
    return f"{sign}{seconds}s"


def format_age(span: timedelta) -> str:
    """kubectl-style age: `45s`, `12m`, `3h12m`, `5d`."""
    seconds = max(0, int(span.total_seconds()))
    if seconds < 120:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h{minutes}m" if minutes and hours < 8 else f"{hours}h"
    return f"{hours // 24}d"


def format_window(seconds: int) -> str:
    """A chart window: `15m`, `1h`, `24h`."""
    return f"{seconds // 60}m" if seconds < 3600 else f"{seconds // 3600}h"


def clock_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%H:%M:%SZ")


def clock_and_age(moment: datetime, now: datetime) -> str:
    """`13:58:00Z (22m ago)`: when, and how long before `now`."""
    return f"{clock_utc(moment)} ({format_age(now - moment)} ago)"
