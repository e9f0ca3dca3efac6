"""The war room's live panes: the pods, the metric charts, and the signals
(each registered feed's own widget: alerts, health). A grid whose cells
warroom.tcss places by the screen's size classes (see LiveLayout)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Container
from textual.widget import Widget

from tui.model.metrics import PaneSpec
from tui.widgets.metric_pane import MetricPane
from tui.widgets.metrics_area import MetricsArea
from tui.widgets.pod_table import PodTable


class LiveGrid(Container):
    def __init__(self, panes: tuple[PaneSpec, ...], feed_widgets: list[Widget], *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self._panes = panes
        self._feed_widgets = feed_widgets

    def compose(self) -> ComposeResult:
        yield PodTable(id="pods")
        with MetricsArea(id="metrics", can_focus=False):
            for spec in self._panes:
                yield MetricPane(spec, id=f"pane-{spec.id}")
        with Container(id="signals"):
            yield from self._feed_widgets
