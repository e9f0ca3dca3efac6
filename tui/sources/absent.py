"""Stand-ins for a source the user has not configured: each call says what
to configure, in the pane where the data would be."""

from __future__ import annotations

from datetime import datetime

from tui.model.alerts import Alert
from tui.model.metrics import MetricSnapshot, PaneSpec
from tui.model.slo import SloEvents, SloSpec
from tui.sources import SourceError

NO_PROMETHEUS = "no Prometheus configured (--prometheus URL, or [prometheus] in the config)"


class NoMetrics:
    async def fetch_pane(self, spec: PaneSpec, now: datetime, window_seconds: int,
                         points: int) -> MetricSnapshot:
        raise SourceError(NO_PROMETHEUS)

    async def alerts(self, now: datetime) -> tuple[Alert, ...]:
        raise SourceError(NO_PROMETHEUS)

    async def slo_events(self, spec: SloSpec, start: datetime, end: datetime,
                         now: datetime) -> SloEvents:
        raise SourceError(NO_PROMETHEUS)

    async def aclose(self) -> None:
        """Nothing was opened."""
