"""Completion names for the PromQL editor in the demo, from the recording."""

from __future__ import annotations

import re

from tui.model.promql_completion import FUNCTIONS
from tui.sources.demo_recording import Recording

_METRIC_IN_EXPR = re.compile(r"\b([A-Za-z_:][A-Za-z0-9_:]*)\s*(?=[{\[])")


class DemoCatalog:
    """Completion names from the recording: the metrics its queries name and
    the labels of the series it holds."""

    def __init__(self, recording: Recording) -> None:
        self._metrics = tuple(sorted({
            name for spec in recording.panes for query in spec.queries
            for name in _METRIC_IN_EXPR.findall(query.expr)
            if name not in FUNCTIONS and name not in ("by", "without")
        }))
        labels: dict[str, set[str]] = {}
        for pane_series in recording.series.values():
            for series in pane_series:
                for name, value in series.labels:
                    labels.setdefault(name, set()).add(value)
        self._labels = {name: tuple(sorted(values)) for name, values in labels.items()}

    def metric_names(self) -> tuple[str, ...]:
        return self._metrics

    def label_names(self, metric: str = "") -> tuple[str, ...]:
        return tuple(sorted(self._labels))

    def label_values(self, label: str, metric: str = "") -> tuple[str, ...]:
        return self._labels.get(label, ())
