"""Latency of one durable timeline write (WAL, synchronous=FULL), as a user's
Enter in the note box costs it."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from tui.clock import SystemClock
from tui.launch import build_demo_context


def main(count: int = 500) -> None:
    with tempfile.TemporaryDirectory() as folder:
        context = build_demo_context(Path(folder) / "bench.db", clock=SystemClock())
        store, incident = context.store, context.incident.id
        samples = []
        for index in range(count):
            start = time.perf_counter()
            store.add_entry(incident, f"note {index}")
            samples.append((time.perf_counter() - start) * 1000)
        store.close()
    samples.sort()
    print(f"sqlite timeline write, {count} commits (WAL, synchronous=FULL)")
    print(f"  median {statistics.median(samples):.2f} ms   p95 {samples[int(count * 0.95)]:.2f} ms"
          f"   max {samples[-1]:.2f} ms")


if __name__ == "__main__":
    main()
