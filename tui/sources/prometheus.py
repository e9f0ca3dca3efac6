"""A Prometheus HTTP API client (Prometheus, Thanos, Mimir, VictoriaMetrics)
over one async httpx client (tui.sources.http_api). Every failure becomes a
SourceError with one readable line; credentials never appear in it."""

from __future__ import annotations

import asyncio
import json
import math
from datetime import datetime
from typing import Any

from tui.model.alerts import Alert, newest_first
from tui.model.metrics import MetricSnapshot, PaneSpec, Series
from tui.model.safe_text import printable
from tui.model.slo import SloEvents, SloSpec
from tui.sources import SourceError
from tui.sources.alertmanager_parse import parse_alertmanagers
from tui.sources.http_api import ApiClient
from tui.sources.prometheus_auth import refused
from tui.sources.prometheus_parse import parse_alerts, parse_matrix, parse_scalar

# Prometheus refuses more than 11,000 points per series; stay well below.
MAX_POINTS = 1000
# A chart tells apart a handful of lines and its legend names four; a query
# by pod over a fleet can bring 200k. Past this the highest are kept (the
# pane says how many it left out), which also bounds what a refresh stores.
MAX_SERIES_PER_PANE = 100
# JSON bodies above this size are decoded off the UI thread.
_THREAD_DECODE_BYTES = 64 * 1024


def fitted_step(window_seconds: int, points: int) -> int:
    """The step that gives about `points` samples over the window: one per
    braille dot of the chart, so nothing is fetched that cannot be drawn."""
    points = max(10, min(points, MAX_POINTS))
    return max(1, math.ceil(window_seconds / points))


def aligned_range(now: float, window_seconds: int, step: int) -> tuple[int, int]:
    """Range ends on a multiple of the step, so successive refreshes ask for
    the same timestamps: charts do not jitter and stored points repeat."""
    end = int(now // step * step)
    return end - window_seconds, end


def decode_api(status: int, content_type: str, body: bytes) -> dict[str, Any]:
    """Turn one HTTP response into the API's JSON object, or a SourceError
    that says what came back instead."""
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        payload = None
    if isinstance(payload, dict) and payload.get("status") == "error":
        kind = printable(str(payload.get("errorType", "error")))
        detail = printable(str(payload.get("error", "no detail")))
        raise SourceError(f"HTTP {status} {kind}: {detail}")
    if status in (401, 403):
        raise SourceError(refused(status))
    looks_html = "html" in content_type or body.lstrip()[:1] == b"<"
    if payload is None:
        if looks_html:
            raise SourceError(f"HTTP {status}: an HTML page, not the Prometheus API "
                              "(is the URL right?)")
        if status >= 400:
            first = printable(body[:120].decode("utf-8", "replace").strip()) or "empty body"
            raise SourceError(f"HTTP {status}: {first}")
        raise SourceError(f"HTTP {status}: malformed or truncated JSON ({len(body)} bytes)")
    if status >= 400:
        raise SourceError(f"HTTP {status}")
    if not isinstance(payload, dict) or payload.get("status") != "success":
        raise SourceError(f"HTTP {status}: not a Prometheus API response")
    return payload


def _decode_matrix(status: int, content_type: str, body: bytes, legend: str
                   ) -> tuple[tuple[Series, ...], tuple[str, ...]]:
    return parse_matrix(decode_api(status, content_type, body), legend, MAX_SERIES_PER_PANE)


def _worst_first(series: tuple[Series, ...], headline: str) -> list[Series]:
    """The headline series, then the highest last values."""
    def rank(one: Series) -> tuple[bool, float]:
        latest = one.latest
        return (one.name != headline,
                -(latest if latest is not None and math.isfinite(latest) else -math.inf))

    return sorted(series, key=rank)


class PrometheusClient(ApiClient):
    async def api(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        """One GET of the HTTP API, decoded (off the UI thread when big)."""
        status, content_type, body = await self._get(path, params)
        if len(body) > _THREAD_DECODE_BYTES:
            return await asyncio.to_thread(decode_api, status, content_type, body)
        return decode_api(status, content_type, body)

    async def query_range(self, expr: str, start: int, end: int, step: int, legend: str = ""
                          ) -> tuple[tuple[Series, ...], tuple[str, ...]]:
        status, content_type, body = await self._get(
            "/api/v1/query_range",
            {"query": expr, "start": str(start), "end": str(end), "step": str(step)},
        )
        if len(body) > _THREAD_DECODE_BYTES:
            # Thousands of series decode for tens of ms: not on the UI thread.
            return await asyncio.to_thread(_decode_matrix, status, content_type, body, legend)
        return _decode_matrix(status, content_type, body, legend)

    async def fetch_pane(self, spec: PaneSpec, now: datetime, window_seconds: int,
                         points: int) -> MetricSnapshot:
        """All queries of a pane at once; the pane fails if any query does."""
        step = fitted_step(window_seconds, points)
        start, end = aligned_range(now.timestamp(), window_seconds, step)
        results = await asyncio.gather(*(
            self.query_range(query.expr, start, end, step, query.legend)
            for query in spec.queries
        ))
        series = tuple(s for found, _ in results for s in found)
        warnings = tuple(dict.fromkeys(w for _, found in results for w in found))
        if len(series) > MAX_SERIES_PER_PANE:
            warnings += (f"showing {MAX_SERIES_PER_PANE} of {len(series)} series of "
                         f"{len(spec.queries)} queries (the highest)",)
            series = tuple(_worst_first(series, spec.headline)[:MAX_SERIES_PER_PANE])
        return MetricSnapshot(spec.id, series, now, window_seconds, warnings, step)

    async def query_number(self, expr: str, at: float) -> float | None:
        """One number from an instant query that sums to a single sample;
        None when nothing matched."""
        status, content_type, body = await self._get(
            "/api/v1/query", {"query": expr, "time": f"{at:.3f}"})
        return parse_scalar(decode_api(status, content_type, body))

    async def slo_events(self, spec: SloSpec, start: datetime, end: datetime,
                         now: datetime) -> SloEvents:
        """Three instant queries at the window's end: good and all events in
        the incident's window, and all events in the SLO's window (increase)."""
        seconds = int(max(60.0, (end - start).total_seconds()))
        at = end.timestamp()
        good, total, window_total = await asyncio.gather(
            self.query_number(spec.events_query(spec.good, seconds), at),
            self.query_number(spec.events_query(spec.total, seconds), at),
            self.query_number(spec.window_total_query(), at))
        if total is None or window_total is None:
            raise SourceError(f"SLO {printable(spec.id)}: no series match "
                              f"{printable(spec.total)}")
        return SloEvents(spec.id, start, end, good or 0.0, total, window_total, now, "prometheus")

    async def alerts(self, now: datetime) -> tuple[Alert, ...]:
        status, content_type, body = await self._get("/api/v1/alerts", {})
        return newest_first(list(parse_alerts(decode_api(status, content_type, body))))

    async def alertmanagers(self) -> tuple[str, ...]:
        """The base URLs of the Alertmanagers Prometheus sends its alerts to."""
        status, content_type, body = await self._get("/api/v1/alertmanagers", {})
        return parse_alertmanagers(decode_api(status, content_type, body))

