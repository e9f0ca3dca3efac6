"""Incident metrics over a large database: 5,000 past incidents (90 days of a
busy company) with 1,700 follow-ups, on a real SQLite file.

1. `Store.stats` (read every incident and action item, then the report).
2. The Markdown and JSON forms of the report."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

from results import record

from tests.factories import seed_history
from tui.model.clock import FrozenClock
from tui.render.stats_export import stats_json, stats_markdown
from tui.store import Store, open_database

COUNT = 5_000
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def timed(run: object, repeat: int = 5) -> float:
    """Median milliseconds of `repeat` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(open_database(Path(folder) / "stats.db"), FrozenClock(NOW))
        start = time.perf_counter()
        seed_history(store, NOW, COUNT, every_days=90 / COUNT)
        seeded = time.perf_counter() - start
        report = store.stats(NOW, ())
        read = timed(lambda: store.stats(NOW, ()))
        markdown = timed(lambda: stats_markdown(report))
        as_json = timed(lambda: stats_json(report))
        store.close()
    print(f"incident metrics: {COUNT} incidents (seeded in {seeded:.1f} s), "
          f"{report.counted} in 90 days")
    print(f"  Store.stats: median {read:.0f} ms")
    record(f"Incident metrics over {COUNT:,} incidents", f"{read:.0f} ms")
    print(f"  Markdown {markdown:.1f} ms, JSON {as_json:.1f} ms")


if __name__ == "__main__":
    main()
