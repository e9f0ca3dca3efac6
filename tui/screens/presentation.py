"""F5, for the projector: severity, status and the clocks large, no editing
chrome, the timeline read-only below the live panes. The screen's sheet
lays it out by the `-present` class."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from tui.widgets.pod_table import PodTable
from tui.widgets.presentation_bar import PresentationBar
from tui.widgets.workbench import Workbench

if TYPE_CHECKING:
    from tui.screens.incident_screen import IncidentScreen


class Presentation:
    def __init__(self, host: IncidentScreen) -> None:
        self.host = host

    def toggle(self) -> None:
        host = self.host
        present = not host.has_class("-present")
        host.set_class(present, "-present")
        if present:
            self.show(host.context.clock.now())
            host.query_one(Workbench).show_tab("timeline")
            host.query_one(PodTable).grid.focus()
            host.notify("Presentation mode: F5 to leave", timeout=3)

    def show(self, now: datetime) -> None:
        """The bar as it stands at `now`, while presenting."""
        if self.host.has_class("-present"):
            self.host.query_one(PresentationBar).show(self.host.incident, now,
                                                      self.host.context.severity_levels)
