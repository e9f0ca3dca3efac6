"""Whether the store can be reached, as the room sees it: the header's line
while a PostgreSQL server is away (since when, that the console is
read-only meanwhile, that it reconnects by itself) and, for a moment, that
it is back. A SQLite file is never away: its link is always normal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tui.model.timefmt import clock_utc

# What a note typed while the store is away says under the timeline.
KEPT_UNTIL_RECONNECT = "store unreachable: kept here, will save on reconnect"


@dataclass(frozen=True)
class StoreLink:
    # When the store was first found unreachable; None while it is reachable.
    down_since: datetime | None = None
    # When it was reached again, while that is still worth saying.
    back_at: datetime | None = None

    @property
    def down(self) -> bool:
        return self.down_since is not None


NORMAL = StoreLink()


def link_line(link: StoreLink) -> str:
    """The header's words, or "" when there is nothing to say."""
    if link.down_since is not None:
        return (f"store unreachable since {clock_utc(link.down_since)} · read-only · "
                "reconnecting")
    if link.back_at is not None:
        return f"store reconnected at {clock_utc(link.back_at)} · saving what was kept"
    return ""
