"""The war room's event loop while its sources hang: a Prometheus that
answers nothing for 5 s (past the 3 s timeout) and a cluster whose lists
take 5 s, headless at 160x48, for 5 s with nobody typing and 5 s typing
notes. A 20 ms timer on the app measures the longest gap between its
ticks: the longest frame the room would see."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

from results import record

from tests.integration.kube_server import KubeApiServer, make_pod, write_kubeconfig
from tui.app import WarroomApp
from tui.config import Config, KubernetesSettings, PrometheusSettings
from tui.launch import build_live_context

HANG = 5.0
SECONDS = 10.0


class Hanging(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        time.sleep(HANG)
        self.send_response(503)
        self.end_headers()


async def measure(db: Path, config: Config) -> tuple[list[float], list[float]]:
    """Gaps while the sources hang and nobody types, then while someone
    types notes (each `n` and `esc` moves the focus, and the footer
    recomposes its keys), after the screen has settled."""
    context = build_live_context(db, config)
    app = WarroomApp(context)
    gaps: list[float] = []
    last = time.monotonic()

    def tick() -> None:
        nonlocal last
        now = time.monotonic()
        gaps.append(now - last)
        last = now

    async with app.run_test(size=(160, 48)) as pilot:
        await asyncio.sleep(3)  # first paint, then the workbench mounts
        last = time.monotonic()
        app.set_interval(0.02, tick)
        await asyncio.sleep(SECONDS / 2)
        idle, gaps[:] = list(gaps), []
        started = time.monotonic()
        while time.monotonic() - started < SECONDS / 2:
            await pilot.press("n", *"typing while it hangs", "enter", "escape")
            await asyncio.sleep(0.2)
        typing = list(gaps)
    context.store.close()
    return idle, typing


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hanging)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    kube = KubeApiServer()
    for index in range(200):
        kube.apply(make_pod(f"checkout-{index}"))
    kube.faults.list_delay = HANG
    with tempfile.TemporaryDirectory() as folder:
        kubeconfig = write_kubeconfig(Path(folder) / "kubeconfig", {"prod": kube.url})
        config = Config(
            prometheus=PrometheusSettings(url=f"http://127.0.0.1:{server.server_port}",
                                          refresh_seconds=1, timeout_seconds=3),
            kubernetes=KubernetesSettings(kubeconfig=str(kubeconfig)))
        idle, typing = asyncio.run(measure(Path(folder) / "w.db", config))
    server.shutdown()
    kube.close()
    print(f"event loop while Prometheus hangs {HANG:g} s and cluster lists take {HANG:g} s, "
          "after the screen settled")
    for label, gaps in (("nobody typing", idle), ("typing notes", typing)):
        over = sum(gap > 0.1 for gap in gaps)
        print(f"  {label:<14} 20 ms timer: median gap {statistics.median(gaps) * 1000:.0f} ms, "
              f"longest {max(gaps) * 1000:.0f} ms, {over} of {len(gaps)} over 100 ms")
        record(f"Longest frame while Prometheus and the cluster hang, {label}",
               f"{max(gaps) * 1000:.0f} ms ({over} of {len(gaps)} ticks over 100 ms)")


if __name__ == "__main__":
    main()
