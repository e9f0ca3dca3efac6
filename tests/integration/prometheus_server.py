"""A real Prometheus for the tests: the Debian package's binary, on 127.0.0.1
and a free port, with a temporary data dir backfilled by promtool.

The history is synthetic and exact, so tests can check values: counters grow
at constant rates and the latency histogram has fixed bucket rates."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

USER, PASSWORD = "warroom", "war-room-test-secret"
# bcrypt of PASSWORD, cost 4: cheap for a server that checks every request.
PASSWORD_HASH = "$2b$04$fh9ng99eOS8.10Y4pgF4Pezu6jBxBHaLFegHgKbLlLt6zS8sSqvxS"

STEP = 15  # seconds between backfilled samples
HISTORY = 3 * 3600  # seconds of history before the fixture starts
AHEAD = 3600  # and after: queries at "now" stay inside the data all session

# Requests per second by (service, status): checkout fails 5 %, cart 1 %.
REQUEST_RATES = {
    ("checkout", "200"): 95.0,
    ("checkout", "500"): 5.0,
    ("cart", "200"): 99.0,
    ("cart", "503"): 1.0,
    ("payments", "200"): 50.0,
}
# Cumulative requests per second at or below each bucket, for checkout.
# histogram_quantile interpolates linearly inside a bucket, so:
# p50 = 0.1 s, p95 = 0.5 s, p99 = 1.0 s.
LATENCY_BUCKETS = {"0.05": 20.0, "0.1": 50.0, "0.25": 80.0, "0.5": 95.0, "1": 99.0,
                   "2.5": 100.0, "+Inf": 100.0}
EXPECTED_ERROR_RATIO = {"checkout": 0.05, "cart": 0.01, "payments": 0.0}
EXPECTED_LATENCY = {"p50": 0.1, "p95": 0.5, "p99": 1.0}
MANY_SERIES = 2000  # `fleet_up{instance=...}` series, for the thousands-of-series case

RULES = """
groups:
  - name: warroom-tests
    interval: 1s
    rules:
      - alert: CheckoutHighErrorRate
        expr: |
          sum by (service) (rate(http_requests_total{status=~"5.."}[5m]))
            / sum by (service) (rate(http_requests_total[5m])) > 0.02
        labels: {severity: critical}
        annotations:
          summary: "5xx ratio of {{ $labels.service }} above 2%"
      - alert: CartErrorsPending
        expr: |
          sum by (service) (rate(http_requests_total{service="cart",status=~"5.."}[5m])) > 0
        for: 1h
        labels: {severity: warning}
        annotations:
          summary: "[red]cart[/red] errors \\x1b[31m for an hour"
"""


@dataclass(frozen=True)
class PrometheusServer:
    url: str
    started_at: float  # epoch seconds; the history ends AHEAD after it
    data_dir: Path


def binary_available() -> bool:
    return shutil.which("prometheus") is not None and shutil.which("promtool") is not None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(process: subprocess.Popen[bytes], url: str, log: Path,
               auth: tuple[str, str] | None = None, seconds: float = 30) -> None:
    """Until the server's /-/ready answers 200 (Prometheus and Alertmanager
    both have it); its log in the error when it exits or never gets there."""
    name = Path(str(process.args[0])).name  # type: ignore[index]
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited: {log.read_text()}")
        try:
            if httpx.get(f"{url}/-/ready", auth=auth, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"{name} did not become ready in {seconds:g} s")
        time.sleep(0.1)


def openmetrics_history(now: int) -> Iterator[str]:
    start = now - HISTORY
    for t in range(start, now + AHEAD + 1, STEP):
        elapsed = t - start
        for (service, status), rate in REQUEST_RATES.items():
            yield (f'http_requests_total{{service="{service}",status="{status}"}} '
                   f"{rate * elapsed:.1f} {t}")
        for le, rate in LATENCY_BUCKETS.items():
            yield (f'http_request_duration_seconds_bucket{{service="checkout",le="{le}"}} '
                   f"{rate * elapsed:.1f} {t}")
    # Many series, but only for the last few minutes: enough to query.
    for t in range(now - 300, now + AHEAD + 1, 60):
        for index in range(MANY_SERIES):
            yield f'fleet_up{{instance="node-{index:04d}"}} 1 {t}'
    # Values Prometheus must pass on as NaN and +Inf.
    for t in range(now - 600, now + AHEAD + 1, STEP):
        yield f'odd_values{{kind="nan"}} NaN {t}'
        yield f'odd_values{{kind="inf"}} +Inf {t}'
        yield f'odd_values{{kind="one"}} 1 {t}'
    yield "# EOF"


def start(folder: Path, samples: Callable[[int], Iterator[str]] = openmetrics_history,
          rules: str = RULES, now: int | None = None, alertmanager: str = ""
          ) -> tuple[PrometheusServer, subprocess.Popen[bytes]]:
    """Prometheus on `samples(now)` (OpenMetrics lines ending in `# EOF`);
    `now` defaults to the wall clock. `alertmanager` ("127.0.0.1:9093"):
    where the firing rules are sent."""
    now = int(time.time()) if now is None else now
    data = folder / "data"
    data.mkdir(parents=True)
    history = folder / "history.om"
    with history.open("w") as handle:
        for line in samples(now):
            handle.write(line + "\n")
    subprocess.run(["promtool", "tsdb", "create-blocks-from", "openmetrics", "--quiet",
                    str(history), str(data)], check=True, capture_output=True)
    history.unlink()
    (folder / "rules.yml").write_text(rules)
    alerting = ("alerting: {alertmanagers: [{static_configs: [{targets: "
                f"['{alertmanager}']}}]}}]}}\n" if alertmanager else "")
    (folder / "prometheus.yml").write_text(
        "global: {evaluation_interval: 1s}\nrule_files: [rules.yml]\n" + alerting)
    (folder / "web.yml").write_text(f"basic_auth_users:\n  {USER}: {PASSWORD_HASH}\n")
    port = free_port()
    log = (folder / "prometheus.log").open("wb")
    process = subprocess.Popen(
        ["prometheus", f"--config.file={folder / 'prometheus.yml'}",
         f"--web.config.file={folder / 'web.yml'}",
         f"--storage.tsdb.path={data}", f"--web.listen-address=127.0.0.1:{port}",
         "--storage.tsdb.retention.time=30d", "--log.level=warn",
         # The Alertmanager is discovered a few seconds after the rules first
         # fire, and alerts are sent again only after the resend delay (1m).
         *(["--rules.alert.resend-delay=1s"] if alertmanager else [])],
        stdout=log, stderr=subprocess.STDOUT, cwd=folder, env=dict(os.environ),
    )
    url = f"http://127.0.0.1:{port}"
    wait_ready(process, url, folder / "prometheus.log", auth=(USER, PASSWORD))
    return PrometheusServer(url=url, started_at=now, data_dir=data), process
