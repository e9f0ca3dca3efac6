"""The war room's live feeds: one registration each (source call, where it
is shown, archive). A new feed is a source, a widget (a FeedView) and a
line here; LiveRefresh and the screen's close loop over the list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.screens.live_feed import LiveFeed
from tui.widgets.alerts_pane import AlertsPane
from tui.widgets.health_pane import HealthPane

if TYPE_CHECKING:
    from tui.screens.warroom import WarroomScreen


def live_feeds(screen: WarroomScreen) -> list[LiveFeed[Any]]:
    """Asked at each refresh: the metric panes come and go."""
    health, alerts = screen.context.health, screen.alerts.alert_feed
    return [
        *screen.metric_panes.feeds(),
        LiveFeed("alerts", lambda incident, now: alerts.report(now),
                 widget=lambda: AlertsPane(id="alerts"), close=screen.alerts.aclose),
        LiveFeed("health", (lambda incident, now: health.health(now)) if health else None,
                 widget=lambda: HealthPane(id="health"),
                 close=health.aclose if health else None),
        screen.pods_part.feed(),
        screen.pods_part.rollouts_feed(),
        screen.slo.feed(),
    ]
