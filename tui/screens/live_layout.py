"""How the war room arranges its live panes for the terminal it is given.

The screen only sets classes; warroom.tcss places the panes of the #live
grid by them:
- wide (120 columns or more): the pods over alerts and health on the left,
  the charts in a column on the right;
- narrow: the pods across the whole width (their names, ready, status and
  restarts need about 80 columns), then the charts side by side beside
  alerts over health;
- wide pods (ctrl+w on a wide terminal): as narrow, so that the columns
  asked for find room after the pods' names;
- no cluster: no empty pods pane; the charts take its room, side by side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Size

from tui.widgets.metrics_area import MetricsArea
from tui.widgets.pod_table import PodTable

if TYPE_CHECKING:
    from tui.ui.context import WarroomContext

# Below this height the workbench keeps fewer rows: the live panes need them.
SHORT_HEIGHT = 28


class LiveLayout:
    if TYPE_CHECKING:
        context: WarroomContext

        def set_class(self, add: bool, *class_names: str) -> object: ...
        def has_class(self, *class_names: str) -> bool: ...
        def query_one(self, selector: type[MetricsArea]) -> MetricsArea: ...

    def arrange_live(self, size: Size) -> None:
        """After the incident screen's fit_width has said whether it is narrow."""
        narrow = self.has_class("-narrow")
        no_pods = self.context.pods is None
        self.set_class(size.height < SHORT_HEIGHT, "-short")
        self.set_class(no_pods, "-no-pods")
        # Beside the pods, a column; anywhere else, as many across as fit.
        self.query_one(MetricsArea).across = (narrow or no_pods
                                              or self.has_class("-pods-wide"))

    def on_pod_table_wide_toggled(self, message: PodTable.WideToggled) -> None:
        self.set_class(message.wide, "-pods-wide")
        self.query_one(MetricsArea).across = (message.wide or self.has_class("-narrow")
                                              or self.context.pods is None)

    def panes_changed(self) -> None:
        """A pane was added or removed: the charts' grid is counted again."""
        self.query_one(MetricsArea).place_panes()
