"""A communication logged as sent twice by a double `U` would tell the
review it went out twice: a second send of the same text within a minute
is asked about first. Found on the timeline, so that a send logged by
another Warroom on the same file counts too."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tui.model.timefmt import clock_utc, format_age
from tui.model.timeline import EntryKind, TimelineEntry

# A second send of the same communication within this long is asked about.
RESEND_ASK_WITHIN = timedelta(minutes=1)


@dataclass(frozen=True)
class LastSend:
    at: datetime
    author: str


def last_send(entries: Iterable[TimelineEntry], title: str) -> LastSend | None:
    """When the communication titled `title` was last logged as sent, and by whom."""
    prefix = f"{title} sent:\n"
    sent = [entry for entry in entries
            if entry.kind is EntryKind.COMMUNICATION and entry.text.startswith(prefix)]
    latest = max(sent, key=lambda entry: entry.at, default=None)
    return LastSend(latest.at, latest.author) if latest else None


def resend_question(title: str, last: LastSend | None, now: datetime) -> str | None:
    """The question to ask before logging `title` as sent again, or None
    when the last send is a minute old or more (or there was none)."""
    if last is None or not timedelta(0) <= now - last.at < RESEND_ASK_WITHIN:
        return None
    by = f", by {last.author}" if last.author else ""
    return (f"{title} was logged as sent {format_age(now - last.at)} ago "
            f"({clock_utc(last.at)}{by}). Log a second send? y/n")
