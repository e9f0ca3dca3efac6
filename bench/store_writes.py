"""A note's write on each engine, as the war room's Enter costs it (the
add_note use case, one commit each): SQLite (WAL, synchronous=FULL) next to
PostgreSQL (a local server with fsync and synchronous commit on, over
loopback TCP), p50 / p99 / max, and one reading of the whole timeline.

`python bench/store_writes.py [COUNT] [postgresql://…]`: without a URL a
throwaway server is started as the tests start theirs (PostgreSQL's Debian
package); with one, that database is used (it must be empty)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from results import record
from throwaway_postgres import postgres_for_bench

from tui import actions
from tui.cli.launch import build_demo_context
from tui.model.clock import SystemClock
from tui.store.location import StoreLocation


def measure(where: Path | StoreLocation, count: int) -> tuple[list[float], float]:
    context = build_demo_context(where, clock=SystemClock())
    store, incident = context.store, context.incident.id
    samples = []
    try:
        for index in range(count):
            start = time.perf_counter()
            actions.add_note(store, incident, f"note {index}: pool at {index % 100}%")
            samples.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        store.timeline.entries(incident)
        read = (time.perf_counter() - start) * 1000
    finally:
        store.close()
    return sorted(samples), read


def report(engine: str, samples: list[float], read: float) -> None:
    p50, p99 = statistics.median(samples), samples[int(len(samples) * 0.99)]
    print(f"{engine:<11} note write p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  "
          f"max {samples[-1]:6.2f} ms  timeline read {read:5.0f} ms ({len(samples):,} notes)")
    record(f"Note write on {engine} (one commit each)", f"p50 {p50:.2f} ms, p99 {p99:.2f} ms")


def main(count: int = 2000, url: str = "") -> None:
    with tempfile.TemporaryDirectory() as folder:
        report("SQLite", *measure(Path(folder) / "bench.db", count))
    with postgres_for_bench(url) as location:
        if location is not None:
            report("PostgreSQL", *measure(location, count))

if __name__ == "__main__":
    arguments = sys.argv[1:]
    main(int(arguments[0]) if arguments else 2000, arguments[1] if len(arguments) > 1 else "")
