"""Where the charts go: one above the other in a column beside the pods, or
side by side across the room the screen gives them (no cluster, or a
narrow terminal where the pods take the whole width).

A grid whose rows share the height while each chart keeps a readable
height; past that the area scrolls rather than squashing every chart."""

from __future__ import annotations

import math

from textual.containers import VerticalScroll
from textual.reactive import reactive

from tui.widgets.metric_pane import MetricPane

# Below this a chart's plot is a handful of points wide.
MIN_CHART_WIDTH = 30
# Border, stats and legend take four rows: four more for the plot.
MIN_CHART_HEIGHT = 8


class MetricsArea(VerticalScroll):
    DEFAULT_CSS = """
    MetricsArea { layout: grid; grid-size: 1; grid-rows: 1fr; }
    MetricsArea > MetricPane { height: 1fr; min-height: 0; }
    """
    # Side by side (as many as fit MIN_CHART_WIDTH) rather than one column.
    across: reactive[bool] = reactive(False)

    def watch_across(self) -> None:
        self.place_panes()

    def on_resize(self) -> None:
        self.place_panes()

    def place_panes(self) -> None:
        """Columns and row heights for the panes there now: call again
        when panes are added or removed."""
        count = len(self.query_children(MetricPane))
        if not count or not self.size.width:
            return
        columns = max(1, min(count, self.size.width // MIN_CHART_WIDTH)) if self.across else 1
        rows = math.ceil(count / columns)
        # Rows share the height while each keeps MIN_CHART_HEIGHT; beyond, they scroll.
        fits = rows * MIN_CHART_HEIGHT <= self.size.height
        styles = self.styles
        if styles.grid_size_columns != columns:
            styles.grid_size_columns = columns
        wanted = "1fr" if fits else str(MIN_CHART_HEIGHT)
        if str(styles.grid_rows[0] if styles.grid_rows else "") != wanted:
            styles.grid_rows = wanted
