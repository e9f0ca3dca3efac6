"""Times as people type them into a timeline: "14:32" (in the zone the
timeline shows), "14:32Z", "14:32:05", ISO-8601 with or without an offset,
"-5m" / "-1h30m" / "-90s" (before now), "now". Always answered in UTC.

A bare time of day is today's, unless that is more than an hour ahead of
now: at 00:10, "23:50" means ten minutes ago, not tomorrow."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta, tzinfo

from tui.model.timefmt import clock_utc, parse_duration

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(z|utc)?$", re.IGNORECASE)
# How far ahead a bare time of day may be and still mean today.
AHEAD_MEANS_YESTERDAY = timedelta(hours=1)
# A little ahead of now is a clock skew between laptops, not a mistake.
FUTURE_SLACK = timedelta(minutes=1)


class TimeParseError(ValueError):
    """The text is not a time; the message says what would be."""


def parse_typed_time(text: str, now: datetime, zone: tzinfo = UTC) -> datetime:
    typed = text.strip()
    if not typed or typed.lower() == "now":
        return now.astimezone(UTC)
    before = parse_duration(typed[1:]) if typed.startswith("-") else None
    if before is not None:
        return now.astimezone(UTC) - before
    clock = _CLOCK.match(typed)
    if clock:
        hour, minute, second = int(clock[1]), int(clock[2]), int(clock[3] or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise TimeParseError(f"{typed!r} is not a time of day")
        where = UTC if clock[4] else zone
        today = now.astimezone(where).date()
        moment = datetime.combine(today, time(hour, minute, second), tzinfo=where)
        if moment - now > AHEAD_MEANS_YESTERDAY:
            moment -= timedelta(days=1)
        return moment.astimezone(UTC)
    try:
        moment = datetime.fromisoformat(typed.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise TimeParseError(
            f"{typed!r} is not a time: type 14:32, 14:32Z, -5m or an ISO-8601 time"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def time_warnings(at: datetime, now: datetime, started_at: datetime | None) -> list[str]:
    """What is odd about a time typed for an entry: allowed after a confirmation."""
    warnings = []
    if at - now > FUTURE_SLACK:
        warnings.append(f"{clock_utc(at)} is {_span(at - now)} in the future")
    if started_at is not None and at < started_at:
        warnings.append(f"{clock_utc(at)} is {_span(started_at - at)} before the incident "
                        f"started ({clock_utc(started_at)})")
    return warnings


def _span(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    if minutes < 1:
        return f"{int(span.total_seconds())}s"
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60}h {minutes % 60:02d}m"


def typeable(at: datetime, now: datetime, zone: tzinfo = UTC) -> str:
    """`at` as a field shows it, so that saving it untouched reads it back:
    the time of day when it is today's, with the date when it is not."""
    local, today = at.astimezone(zone), now.astimezone(zone).date()
    if local.date() == today and at - now <= AHEAD_MEANS_YESTERDAY:
        return local.strftime("%H:%M:%S")
    return local.strftime("%Y-%m-%d %H:%M:%S")
