"""The panes of the Prometheus client convention (`http_requests_total`
with `status`, `http_request_duration_seconds`, by `service`), without
asking the server: for benchmarks and tests that know what it holds. The
war room finds the conventions instead (prometheus_conventions.py)."""

from __future__ import annotations

from dataclasses import replace

from tui.model.metrics import PaneSpec
from tui.model.red_conventions import read_hit
from tui.model.red_panes import Detection, detected_panes


def default_panes(services: tuple[str, ...] = ()) -> tuple[PaneSpec, ...]:
    names = frozenset({"http_requests_total", "http_request_duration_seconds_bucket"})
    hit = read_hit("http_requests_total", names, ("service", "status"))
    assert hit is not None
    return detected_panes(Detection((replace(hit, services=services),)), services)
