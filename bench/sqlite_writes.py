"""Durable timeline writes (WAL, synchronous=FULL), as a user's Enter in the
note box costs them: 10k entries added one commit each, p50 / p99 / max of
one write, and reading the 10k-entry timeline back (what opening such an
incident costs before anything is drawn)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from results import record

from tui.cli.launch import build_demo_context
from tui.model.clock import SystemClock


def main(count: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        context = build_demo_context(Path(folder) / "bench.db", clock=SystemClock())
        store, incident = context.store, context.incident.id
        samples = []
        for index in range(count):
            start = time.perf_counter()
            store.timeline.add(incident, f"note {index}: pool at {index % 100}% on db-{index % 3}")
            samples.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        entries = store.timeline.entries(incident)
        read = (time.perf_counter() - start) * 1000
        store.close()
    samples.sort()
    print(f"sqlite timeline write, {count:,} commits (WAL, synchronous=FULL)")
    print(f"  p50 {statistics.median(samples):.2f} ms   p99 {samples[int(count * 0.99)]:.2f} ms"
          f"   max {samples[-1]:.2f} ms")
    print(f"  read back {len(entries):,} entries {read:.0f} ms")
    record("Timeline write (one commit each, synchronous=FULL)",
           f"p50 {statistics.median(samples):.2f} ms, p99 {samples[int(count * 0.99)]:.2f} ms")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
