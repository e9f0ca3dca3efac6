"""What finding the HTTP conventions costs, against a real Prometheus that
holds 100k metric names beside one service per convention
(tests/integration/conventions_history.py):

- the detection itself (match[] on the names endpoint, then labels and one
  label's values per request metric), against one instant query of a
  single series on the same server: the reference;
- the same on a server that ignores match[] (every name read and matched
  here), through the tests' fault proxy;
- the added time to the first data: detection then the error-ratio pane,
  against the same pane fetched with its spec known in advance."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from results import record

from tests.integration import prometheus_server
from tests.integration.conventions_history import FIXED_NOW, conventions_history
from tests.integration.fault_proxy import FaultProxy
from tui.files.config import PrometheusSettings, SecretRef
from tui.model.red_panes import detected_panes
from tui.sources.prometheus import PrometheusClient
from tui.sources.prometheus_conventions import ConventionDetector

NAMES = 100_000
RUNS = 9
MOMENT = datetime.fromtimestamp(FIXED_NOW, UTC)


def history(now: int) -> Iterator[str]:
    """The conventions, and 100k other metric names (a few samples each, in
    the last minutes: detection looks at the last hour)."""
    for line in conventions_history(now):
        if line != "# EOF":
            yield line
    for t in range(now - 240, now + 1, 60):
        for index in range(NAMES):
            yield f'app_metric_{index:06d}_total{{job="fleet"}} {index} {t}'
    yield "# EOF"


async def timed(action: object) -> float:
    started = time.perf_counter()
    await action  # type: ignore[misc]
    return time.perf_counter() - started


async def measure(settings: PrometheusSettings, proxy_url: str) -> None:
    client = PrometheusClient(settings)
    detector = ConventionDetector(client)
    plain = PrometheusClient(PrometheusSettings(url=proxy_url, timeout_seconds=60))
    slow_detector = ConventionDetector(plain)
    await detector.detect(MOMENT, force=True)  # warm connections and caches
    reference, detection, ignored, first, known = [], [], [], [], []
    found = await detector.detect(MOMENT, force=True)
    spec = detected_panes(found)[0]
    for _ in range(RUNS):
        reference.append(await timed(client.query_number("up", MOMENT.timestamp())))
        detection.append(await timed(detector.detect(MOMENT, force=True)))
        ignored.append(await timed(slow_detector.detect(MOMENT, force=True)))

        async def detect_then_fetch() -> None:
            built = detected_panes(await detector.detect(MOMENT, force=True))[0]
            await client.fetch_pane(built, MOMENT, 3600, 240)

        first.append(await timed(detect_then_fetch()))
        known.append(await timed(client.fetch_pane(spec, MOMENT, 3600, 240)))
    await client.aclose()
    await plain.aclose()
    base = statistics.median(reference)
    print(f"convention detection: {len(found.hits)} conventions among {NAMES} other metric "
          f"names, {found.calls} index calls, median of {RUNS}")
    rows = (("one instant query (reference)", reference),
            ("detection (match[] on the names)", detection),
            ("detection, server ignores match[]", ignored))
    for label, values in rows:
        median = statistics.median(values)
        print(f"  {label:<40} {median * 1000:7.1f} ms   ratio {median / base:5.2f}")
    added = statistics.median(first) - statistics.median(known)
    print(f"  error-ratio pane, spec known            {statistics.median(known) * 1000:7.1f} ms")
    print(f"  detection, then the pane                {statistics.median(first) * 1000:7.1f} ms"
          f"   added {added * 1000:.1f} ms")
    record("Convention detection, 100k names (real Prometheus)",
           f"{statistics.median(detection) * 1000:.0f} ms, {found.calls} calls "
           f"({statistics.median(detection) / base:.1f}x one instant query)")
    record("Detection added to the first pane's data", f"{added * 1000:.0f} ms")


def main() -> int:
    if not prometheus_server.binary_available():
        print("convention detection: skipped, no prometheus binary "
              "(apt-get install -y prometheus)")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        server, process = prometheus_server.start(Path(folder), history, rules="groups: []\n",
                                                  now=FIXED_NOW)
        password = Path(folder) / "password"
        password.write_text(prometheus_server.PASSWORD)
        settings = PrometheusSettings(url=server.url, username=prometheus_server.USER,
                                      password=SecretRef(file=str(password)),
                                      timeout_seconds=60)
        proxy = FaultProxy(server.url)
        try:
            with proxy.behaving(mode="ignore-match"):
                asyncio.run(measure(settings, proxy.url))
        finally:
            proxy.close()
            process.terminate()
            process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
