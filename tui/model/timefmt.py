"""Timestamps: stored as ISO-8601 UTC with milliseconds, shown as UTC or local."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo

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


# Times a reader can do arithmetic with: 9999-12-31 parses, but adding a
# day to it overflows (a crafted import once broke every command that way).
EARLIEST_YEAR, LATEST_YEAR = 1970, 2200


def readable_time(text: object) -> datetime | None:
    """A stored time as `from_iso` reads it, or None when it is not an
    ISO-8601 time between EARLIEST_YEAR and LATEST_YEAR."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    try:
        moment = from_iso(text)
    except (ValueError, OverflowError):
        return None
    return moment if EARLIEST_YEAR <= moment.year <= LATEST_YEAR else None


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


# kubectl's durations (k8s.io/apimachinery/pkg/util/duration), reimplemented
# so that AGE and "(5m ago)" read exactly as `kubectl get pods` prints them.
_SECOND_US = 1_000_000
_MINUTE_US = 60 * _SECOND_US
_HOUR_US = 60 * _MINUTE_US
_DAY = 24
_YEAR_DAYS = 365


def _whole_seconds(span: timedelta) -> int:
    """Seconds toward zero, as Go's int(d.Seconds()): -1.5s is -1."""
    micros = span // timedelta(microseconds=1)
    return micros // _SECOND_US if micros >= 0 else -(-micros // _SECOND_US)


def _clock_skew(seconds: int) -> str | None:
    # Less than two seconds in the future is "now": clocks differ a little
    # between the API server and this machine; more is a wrong time.
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    return None


def human_duration(span: timedelta) -> str:
    """kubectl's HumanDuration, its AGE column and RESTARTS "(… ago)": about
    two significant figures, `119s`, `3m10s`, `179m`, `7h59m`, `47h`,
    `7d23h`, `729d`, `7y364d`, `8y`."""
    seconds = _whole_seconds(span)
    if (skew := _clock_skew(seconds)) is not None:
        return skew
    if seconds < 120:
        return f"{seconds}s"
    micros = span // timedelta(microseconds=1)
    minutes = micros // _MINUTE_US
    if minutes < 10:
        rest = seconds % 60
        return f"{minutes}m{rest}s" if rest else f"{minutes}m"
    if minutes < 180:
        return f"{minutes}m"
    hours = micros // _HOUR_US
    if hours < 8:
        rest = minutes % 60
        return f"{hours}h{rest}m" if rest else f"{hours}h"
    if hours < 48:
        return f"{hours}h"
    days = hours // _DAY
    if hours < 8 * _DAY:
        rest = hours % _DAY
        return f"{days}d{rest}h" if rest else f"{days}d"
    if days < 2 * _YEAR_DAYS:
        return f"{days}d"
    years, rest = divmod(days, _YEAR_DAYS)
    if years < 8 and rest:
        return f"{years}y{rest}d"
    return f"{years}y"


def short_human_duration(span: timedelta) -> str:
    """kubectl's ShortHumanDuration: one unit only, `59s`, `1m`, `23h`,
    `364d`, `2y`; for where room is short."""
    seconds = _whole_seconds(span)
    if (skew := _clock_skew(seconds)) is not None:
        return skew
    if seconds < 60:
        return f"{seconds}s"
    micros = span // timedelta(microseconds=1)
    if (minutes := micros // _MINUTE_US) < 60:
        return f"{minutes}m"
    if (hours := micros // _HOUR_US) < _DAY:
        return f"{hours}h"
    if hours < _DAY * _YEAR_DAYS:
        return f"{hours // _DAY}d"
    return f"{hours // _DAY // _YEAR_DAYS}y"


def kubectl_age(moment: datetime | None, now: datetime) -> str:
    """The AGE column: `<unknown>` where the API gave no time, as kubectl."""
    return "<unknown>" if moment is None else human_duration(now - moment)


def format_window(seconds: int) -> str:
    """A chart window: `15m`, `1h`, `24h`."""
    return f"{seconds // 60}m" if seconds < 3600 else f"{seconds // 3600}h"


def clock_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%H:%M:%SZ")


def clock_and_age(moment: datetime, now: datetime) -> str:
    """`13:58:00Z (22m ago)`: when, and how long before `now`."""
    return f"{clock_utc(moment)} ({format_age(now - moment)} ago)"


# Beyond this from "now", a bare clock reads as today's: the date is said.
NEAR = timedelta(days=1)


def near_clock(moment: datetime, now: datetime, *, zone: tzinfo = UTC,
               seconds: bool = False) -> str:
    """`14:20Z` (UTC; local times have no Z), or `Mar 14 14:20Z` when
    `moment` is more than a day from `now` (a P3's resolve target three
    business days out, a review held days later)."""
    local = moment.astimezone(zone)
    clock = local.strftime("%H:%M:%S" if seconds else "%H:%M") + ("Z" if zone is UTC else "")
    if abs(moment - now) > NEAR:
        return f"{local:%b} {local.day} {clock}"
    return clock
