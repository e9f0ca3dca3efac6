"""`p` pins the focused chart's values to the timeline; `w` cycles the chart
window (both now kept by the metric panes' part of the war room)."""

from __future__ import annotations

from tests.conftest import MakeApp
from tests.ui.helpers import settle, wait_for
from tui.model.timeline import EntryKind
from tui.widgets.metric_pane import MetricPane


async def test_p_pins_the_focused_pane_and_w_cycles_the_window(
        make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.query_one("#pane-error_ratio", MetricPane).focus()
        await pilot.press("p")
        await wait_for(pilot, lambda: any(entry.kind is EntryKind.METRIC_PIN
                                          for entry in screen.entries))
        before = screen.metric_panes.window_seconds
        await pilot.press("w")
        assert screen.metric_panes.window_seconds != before
