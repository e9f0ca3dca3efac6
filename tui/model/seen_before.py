"""How a past incident that looks like the one being declared is named in
the form: "INC-… Checkout 5xx (resolved 3 days ago, MTTR 42m)", enough to
decide at a glance whether it is worth opening."""

from __future__ import annotations

from datetime import datetime, timedelta

from tui.model.incident import Incident, mttx
from tui.model.safe_text import printable
from tui.model.timefmt import format_age
from tui.model.wording import counted


def ago(span: timedelta) -> str:
    """"just now", "12 minutes ago", "5 hours ago", "3 days ago": words,
    not kubectl's "3d", for a line read once and not scanned as a column."""
    seconds = max(0, int(span.total_seconds()))
    if seconds < 60:
        return "just now"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            return f"{counted(seconds // size, unit)} ago"
    return "just now"  # not reached: seconds >= 60 here


def seen_before_line(incident: Incident, now: datetime) -> str:
    """One look-alike: its id, title, when it ended (or that it is still
    open) and how long it took to resolve."""
    ended = incident.ended_at
    if incident.status.is_open or ended is None:
        when = f"{incident.status.value}, started {ago(now - incident.started_at)}"
    else:
        when = f"{incident.status.value} {ago(now - ended)}"
    mttr = mttx(incident)["MTTR"]
    if mttr is not None:
        when += f", MTTR {format_age(mttr)}"
    return f"{printable(incident.id)} {printable(incident.title)} ({when})"
