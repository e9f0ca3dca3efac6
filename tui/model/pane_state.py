"""What a live pane knows between refreshes: a feed's state
(tui/model/feed_state.py) whose data is a metric snapshot."""

from __future__ import annotations

from tui.model.feed_state import MAX_BACKOFF_SECONDS, FeedState
from tui.model.metrics import MetricSnapshot

__all__ = ["MAX_BACKOFF_SECONDS", "PaneState"]


class PaneState(FeedState[MetricSnapshot]):
    @property
    def snapshot(self) -> MetricSnapshot | None:
        return self.data
