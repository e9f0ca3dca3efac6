"""10k pods: the list through the real kubernetes client from the loopback
API server, a watch event's way to the snapshot, and the pods table drawing
them (first show, then a refresh where one pod changed)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kube_process import pods
from results import record

from tests.integration.kube_server import KubeApiServer, make_pod, write_kubeconfig
from tui.files.config import KubernetesSettings
from tui.model.pods import PodSnapshot
from tui.sources.kubernetes import KubernetesPods


def now() -> datetime:
    return datetime.now(UTC)


def wait(source: KubernetesPods, condition, seconds: float = 60) -> PodSnapshot:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        snapshot = source.pods(now())
        if condition(snapshot):
            return snapshot
        time.sleep(0.002)
    raise SystemExit("timed out")


def source_figures(count: int) -> PodSnapshot:
    server = KubeApiServer()
    server.load(pods(count))
    with tempfile.TemporaryDirectory() as folder:
        config = write_kubeconfig(Path(folder) / "kc", {"bench": server.url})
        import kubernetes  # noqa: F401  (import cost is start-up's, not the list's)

        source = KubernetesPods(KubernetesSettings(kubeconfig=str(config)), now)
        start = time.perf_counter()
        snapshot = wait(source, lambda s: s.synced)
        listed = time.perf_counter() - start
        latencies = []
        for index in range(20):
            name = f"svc-0000-{index:05d}"
            start = time.perf_counter()
            server.apply(make_pod(name, "ns-00", restarts=100 + index))
            wait(source, lambda s, n=name, r=100 + index: any(
                row.name == n and row.restarts == r for row in s.rows))
            latencies.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        for _ in range(20):
            source.pods(now())
        copy_ms = (time.perf_counter() - start) / 20 * 1000
        source.close()
    server.close()
    print(f"pods, {count:,} through the kubernetes client (loopback API server)")
    print(f"  list to first snapshot {listed * 1000:.0f} ms (HTTP, json.loads, rows)")
    print(f"  watch event to snapshot median {statistics.median(latencies):.1f} ms"
          f"   max {max(latencies):.1f} ms")
    print(f"  snapshot copy per refresh {copy_ms:.1f} ms")
    record(f"{count // 1000}k pods: list to first snapshot", f"{listed * 1000:.0f} ms")
    record(f"{count // 1000}k pods: watch event to snapshot",
           f"median {statistics.median(latencies):.1f} ms")
    return snapshot


def table_figures(snapshot: PodSnapshot) -> None:
    import asyncio

    from textual.app import App, ComposeResult

    from tui.widgets.pod_table import PodTable

    class Bench(App[None]):
        def compose(self) -> ComposeResult:
            yield PodTable()

    async def run() -> list[tuple[str, float, float]]:
        from dataclasses import replace

        from tui.ui.heap import HeapSettler

        app = Bench()
        figures: list[tuple[str, float, float]] = []
        async with app.run_test(size=(160, 48)) as pilot:
            table = app.query_one(PodTable)
            stall = [0.0]

            async def probe() -> None:
                # The longest the event loop went without running us: what a
                # user feels as a frozen screen or a lost keystroke.
                while True:
                    began = time.perf_counter()
                    await asyncio.sleep(0.005)
                    stall[0] = max(stall[0], time.perf_counter() - began - 0.005)

            prober = asyncio.create_task(probe())

            async def measure(label: str, action: Callable[[], Awaitable[None] | None]) -> None:
                await pilot.pause()
                stall[0] = 0.0
                start = time.perf_counter()
                pending = action()
                if pending is not None:
                    await pending
                # Big clusters are prepared in a thread: wait for the frame.
                await app.workers.wait_for_complete()
                await pilot.pause()
                figures.append((label, time.perf_counter() - start, stall[0]))

            await measure("first show to painted", lambda: table.show(snapshot, now()))
            # What the war-room screen does once a big list is in (tui/ui/heap.py).
            HeapSettler().observe(len(snapshot.rows))
            # The usual refresh: a new snapshot of the same pods.
            await measure("refresh, nothing changed",
                          lambda: table.show(replace(snapshot, rows=tuple(snapshot.rows)), now()))
            rows = list(snapshot.rows)
            rows[5] = replace(rows[5], restarts=rows[5].restarts + 1)
            await measure("refresh, one pod's restarts changed",
                          lambda: table.show(replace(snapshot, rows=tuple(rows)), now()))
            healthy = next(i for i, row in enumerate(rows) if row.status == "Running")
            rows[healthy] = replace(rows[healthy], status="CrashLoopBackOff", ready=0)
            await measure("refresh, one pod now failing (reorder)",
                          lambda: table.show(replace(snapshot, rows=tuple(rows)), now()))
            await measure("`/` filter, two keystrokes over every pod",
                          lambda: pilot.press("slash", "9"))
            prober.cancel()
        return figures

    print("  pods pane                                   shown in   longest UI stall")
    for label, took, stalled in asyncio.run(run()):
        print(f"  {label:<42} {took * 1000:6.0f} ms   {stalled * 1000:6.1f} ms")
        if label.startswith(("first show", "`/` filter")):
            record(f"{len(snapshot.rows) // 1000}k pods: {label.split(',')[0].replace('`', '')}",
                   f"{took * 1000:.0f} ms (longest UI stall {stalled * 1000:.0f} ms)")


def archive_figures(snapshot: PodSnapshot) -> None:
    """Pod states kept with the incident: the first write of every pod, then
    the usual refresh (nothing changed) and one pod changed."""
    from dataclasses import replace

    from tests.factories import make_incident
    from tui.model.clock import SystemClock
    from tui.store.database import open_database
    from tui.store.pod_recorder import PodRecorder
    from tui.store.store import Store

    with tempfile.TemporaryDirectory() as folder:
        store = Store(open_database(Path(folder) / "w.db"), SystemClock())
        store.incidents.create(make_incident())
        recorder = PodRecorder(store.archives, make_incident().id)
        start = time.perf_counter()
        recorder.record(snapshot)
        first = time.perf_counter() - start
        start = time.perf_counter()
        recorder.record(replace(snapshot, rows=tuple(snapshot.rows)))
        same = time.perf_counter() - start
        rows = list(snapshot.rows)
        rows[7] = replace(rows[7], restarts=rows[7].restarts + 1)
        start = time.perf_counter()
        recorder.record(replace(snapshot, rows=tuple(rows)))
        one = time.perf_counter() - start
        size = (Path(folder) / "w.db").stat().st_size + (Path(folder) / "w.db-wal").stat().st_size
        store.close()
    print(f"  pod states stored (worker thread): first {first * 1000:.0f} ms, "
          f"unchanged {same * 1000:.1f} ms, one changed {one * 1000:.1f} ms; "
          f"database {size / 1e6:.1f} MB")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    snapshot = source_figures(count)
    table_figures(snapshot)
    archive_figures(snapshot)


if __name__ == "__main__":
    main()
