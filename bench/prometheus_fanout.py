"""Refresh of 12 panes against a real Prometheus (the test fixture's, with
its backfilled history): all at once over one async httpx client, one after
another over the same client, and one after another with
prometheus-api-client's `custom_query_range`. Goal: 12 panes in at most
1.3x the slowest single query."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from results import record

from tests.integration import prometheus_server
from tui.files.config import PrometheusSettings, SecretRef
from tui.model.metrics import PaneSpec, QuerySpec, Unit
from tui.sources.prometheus import PrometheusClient, aligned_range, fitted_step
from tui.sources.prometheus_panes import default_panes

WINDOW, POINTS, RUNS = 6 * 3600, 240, 7


def twelve_panes() -> list[PaneSpec]:
    panes = list(default_panes(("checkout",)))  # 3 panes, 5 queries
    extra = [
        "sum by (status) (rate(http_requests_total[5m]))",
        "sum by (service, status) (rate(http_requests_total[1m]))",
        "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
        "sum(rate(http_request_duration_seconds_bucket{le=\"+Inf\"}[5m]))",
        "max_over_time(sum(rate(http_requests_total[1m]))[10m:1m])",
        "count(fleet_up)",
        "sum by (service) (increase(http_requests_total[10m]))",
        "avg_over_time(odd_values{kind=\"one\"}[5m])",
        "topk(5, sum by (service) (rate(http_requests_total[5m])))",
    ]
    panes += [PaneSpec(f"extra{i}", expr, Unit.COUNT, (QuerySpec(expr),))
              for i, expr in enumerate(extra)]
    return panes


async def run_concurrent(client: PrometheusClient, panes: list[PaneSpec]) -> float:
    started = time.perf_counter()
    now = datetime.now(UTC)
    await asyncio.gather(*(client.fetch_pane(p, now, WINDOW, POINTS) for p in panes))
    return time.perf_counter() - started


async def run_sequential(client: PrometheusClient, panes: list[PaneSpec]
                         ) -> tuple[float, float]:
    """Total, and the slowest single pane."""
    started = time.perf_counter()
    slowest = 0.0
    now = datetime.now(UTC)
    for pane in panes:
        one = time.perf_counter()
        await client.fetch_pane(pane, now, WINDOW, POINTS)
        slowest = max(slowest, time.perf_counter() - one)
    return time.perf_counter() - started, slowest


def run_api_client(url: str, panes: list[PaneSpec]) -> float:
    from prometheus_api_client import PrometheusConnect

    connection = PrometheusConnect(url=url, auth=(prometheus_server.USER,
                                                  prometheus_server.PASSWORD))
    step = fitted_step(WINDOW, POINTS)
    start, end = aligned_range(time.time(), WINDOW, step)
    started = time.perf_counter()
    for pane in panes:
        for query in pane.queries:
            connection.custom_query_range(query.expr, datetime.fromtimestamp(start, UTC),
                                          datetime.fromtimestamp(end, UTC), f"{step}s")
    return time.perf_counter() - started


async def measure(url: str, password_file: Path) -> None:
    panes = twelve_panes()
    settings = PrometheusSettings(url=url, username=prometheus_server.USER,
                                  password=SecretRef(file=str(password_file)))
    client = PrometheusClient(settings)
    await run_concurrent(client, panes)  # warm the connection pool and the server
    concurrent, sequential, slowest, api_client = [], [], [], []
    for _ in range(RUNS):
        concurrent.append(await run_concurrent(client, panes))
        total, single = await run_sequential(client, panes)
        sequential.append(total)
        slowest.append(single)
        api_client.append(await asyncio.to_thread(run_api_client, url, panes))
    await client.aclose()
    base = statistics.median(slowest)
    queries = sum(len(p.queries) for p in panes)
    print(f"prometheus fan-out: {len(panes)} panes ({queries} range queries, "
          f"{timedelta(seconds=WINDOW)} window, {POINTS} points), median of {RUNS}")
    print(f"  slowest single pane                     {base * 1000:7.1f} ms")
    for label, values in (("12 panes concurrently (async httpx)", concurrent),
                          ("12 panes one after another (httpx)", sequential),
                          ("prometheus-api-client, sequential", api_client)):
        median = statistics.median(values)
        print(f"  {label:<39} {median * 1000:7.1f} ms   ratio {median / base:.2f}")
        if label.startswith("12 panes concurrently"):
            record("12-pane Prometheus refresh (real Prometheus, concurrent)",
                   f"{median * 1000:.0f} ms")


def main() -> int:
    if not prometheus_server.binary_available():
        print("prometheus fan-out: skipped, no prometheus binary "
              "(apt-get install -y prometheus)")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        server, process = prometheus_server.start(Path(folder))
        password = Path(folder) / "password"
        password.write_text(prometheus_server.PASSWORD)
        try:
            asyncio.run(measure(server.url, password))
        finally:
            process.terminate()
            process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
