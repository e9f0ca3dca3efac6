"""The war room's live feeds: one registration each (source call, widget,
archive). A new feed is a source, a widget (a FeedView) and a line here."""

from __future__ import annotations

from typing import Any

from tui.screens.live_feed import LiveFeed
from tui.ui.context import WarroomContext
from tui.widgets.health_pane import HealthPane


def live_feeds(context: WarroomContext) -> list[LiveFeed[Any]]:
    health = context.health
    return [
        LiveFeed("health", lambda: HealthPane(id="health"),
                 health.health if health else None, health.aclose if health else None),
    ]
