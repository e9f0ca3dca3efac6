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

from textual.geometry import Size
from textual.screen import Screen

from tui.widgets.metrics_area import MetricsArea

# Below this height the workbench keeps fewer rows: the live panes need them.
SHORT_HEIGHT = 28


class LiveLayout:
    def __init__(self, host: Screen[None], has_pods: bool) -> None:
        self.host = host
        self.has_pods = has_pods

    def arrange(self, size: Size) -> None:
        """After the incident screen's fit_width has said whether it is narrow."""
        host, no_pods = self.host, not self.has_pods
        host.set_class(size.height < SHORT_HEIGHT, "-short")
        host.set_class(no_pods, "-no-pods")
        # Beside the pods, a column; anywhere else, as many across as fit.
        host.query_one(MetricsArea).across = (host.has_class("-narrow") or no_pods
                                              or host.has_class("-pods-wide"))

    def pods_wide(self, wide: bool) -> None:
        """ctrl+w on the pods table."""
        self.host.set_class(wide, "-pods-wide")
        self.host.query_one(MetricsArea).across = (wide or self.host.has_class("-narrow")
                                                   or not self.has_pods)

    def panes_changed(self) -> None:
        """A pane was added or removed: the charts' grid is counted again."""
        self.host.query_one(MetricsArea).place_panes()
