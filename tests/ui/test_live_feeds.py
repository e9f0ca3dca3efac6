"""The live-feed registry: a feed whose source fails keeps its last data
and says since when it is stale, as every feed does; one with no source is
hidden. Health is the feed shown here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.widgets import DataTable

from tests.conftest import MakeApp
from tests.ui.helpers import settle, wait_for
from tui.model.health import HealthResult
from tui.screens.feed_registry import live_feeds
from tui.ui.context import WarroomContext
from tui.widgets.health_pane import HealthPane

MakeContext = Callable[..., WarroomContext]


class FlakyHealth:
    """Up once, then failing."""

    def __init__(self) -> None:
        self.calls = 0

    async def health(self, now: datetime) -> tuple[HealthResult, ...]:
        self.calls += 1
        if self.calls > 1:
            raise OSError("connection reset")
        return (HealthResult("checkout", True, now, 200, 0.012),)

    async def aclose(self) -> None:
        pass


async def test_a_failing_feed_keeps_its_data_and_says_since_when(
        make_context: MakeContext, make_app: MakeApp) -> None:
    context = make_context()
    context.health = FlakyHealth()
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(HealthPane)
        assert pane.row_count == 1
        app.screen.refresh_live(force=True)
        await wait_for(pilot, lambda: "stale since" in str(pane.border_subtitle))
        assert "connection reset" in str(pane.border_subtitle)
        assert isinstance(pane, DataTable) and pane.row_count == 1  # the last data kept
        assert app.screen.feeds.states["health"].failures == 1


async def test_a_feed_with_no_source_is_hidden(
        make_context: MakeContext, make_app: MakeApp) -> None:
    context = make_context()
    context.health = None
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert "health" in [feed.name for feed in live_feeds(app.screen)]
        assert not app.screen.query_one(HealthPane).display
