"""The war room's event loop while its sources hang: a Prometheus that
answers nothing for 5 s (past the 3 s timeout) and a cluster whose lists
take 5 s, headless at 160x48, for 5 s with nobody typing and 5 s typing
notes. A 20 ms timer on the app measures the longest gap between its
ticks: the longest frame the room would see.

Textual's own floor is measured in the same harness, alternately: a bare
app with a Header, a note box and a Footer, typed into the same way. Each
run's war-room figure is divided by the bare app's beside it, and the
medians over the runs are reported."""

from __future__ import annotations

import argparse
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
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Input, Static

from tests.integration.kube_server import KubeApiServer, make_pod, write_kubeconfig
from tui.app import WarroomApp
from tui.cli.launch import build_live_context
from tui.files.config import Config, KubernetesSettings, PrometheusSettings
from tui.ui.heap import end_hold, hold_during_start

HANG = 5.0
SECONDS = 10.0
NOTE = "typing while it hangs"


class Hanging(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        time.sleep(HANG)
        self.send_response(503)
        self.end_headers()


class Bare(App[None]):
    """Textual's floor: the same keys on the smallest app that has them."""

    BINDINGS = [Binding("n", "note", "Note"), Binding("escape", "leave", "Leave")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("bare", id="body")
        yield Input(id="note")
        yield Footer()

    def action_note(self) -> None:
        self.query_one(Input).focus()

    def action_leave(self) -> None:
        self.set_focus(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.input.value = ""


async def gaps_of(app: App[None], idle_seconds: float) -> tuple[list[float], list[float]]:
    """Gaps between the ticks of a 20 ms timer while nobody types for
    `idle_seconds`, then while someone types notes (each `n` and `esc`
    moves the focus, and the footer shows other keys), after the screen
    has settled."""
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
        await asyncio.sleep(idle_seconds)
        idle, gaps[:] = list(gaps), []
        started = time.monotonic()
        while time.monotonic() - started < SECONDS / 2:
            await pilot.press("n", *NOTE, "enter", "escape")
            await asyncio.sleep(0.2)
        typing = list(gaps)
    return idle, typing


async def measure(db: Path, config: Config) -> tuple[list[float], list[float]]:
    hold_during_start()  # as `warroom` does: the heap is settled once on screen
    context = build_live_context(db, config)
    try:
        return await gaps_of(WarroomApp(context), SECONDS / 2)
    finally:
        context.store.close()
        end_hold()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hanging)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    kube = KubeApiServer()
    for index in range(200):
        kube.apply(make_pod(f"checkout-{index}"))
    kube.faults.list_delay = HANG
    runs: list[tuple[list[float], list[float], list[float]]] = []
    with tempfile.TemporaryDirectory() as folder:
        kubeconfig = write_kubeconfig(Path(folder) / "kubeconfig", {"prod": kube.url})
        config = Config(
            prometheus=PrometheusSettings(url=f"http://127.0.0.1:{server.server_port}",
                                          refresh_seconds=1, timeout_seconds=3),
            kubernetes=KubernetesSettings(kubeconfig=str(kubeconfig)))
        for run in range(args.runs):
            _, floor = asyncio.run(gaps_of(Bare(), 0))
            idle, typing = asyncio.run(measure(Path(folder) / f"w{run}.db", config))
            runs.append((idle, typing, floor))
    server.shutdown()
    kube.close()
    print(f"event loop while Prometheus hangs {HANG:g} s and cluster lists take {HANG:g} s, "
          f"after the screen settled; medians of {args.runs} runs")
    floor = statistics.median(max(run[2]) for run in runs) * 1000
    for index, label in ((0, "nobody typing"), (1, "typing notes")):
        longest = statistics.median(max(run[index]) for run in runs) * 1000
        over = statistics.median(sum(gap > 0.1 for gap in run[index]) for run in runs)
        ticks = statistics.median(len(run[index]) for run in runs)
        typical = statistics.median(statistics.median(run[index]) for run in runs) * 1000
        print(f"  {label:<14} 20 ms timer: median gap {typical:.0f} ms, "
              f"longest {longest:.0f} ms, {over:g} of {ticks:g} over 100 ms")
        if index == 1:
            ratio = statistics.median(max(run[1]) / max(run[2]) for run in runs)
            print(f"  {'bare Textual':<14} same keys, same harness: longest {floor:.0f} ms; "
                  f"war room / bare {ratio:.2f}")
            record(f"Longest frame while Prometheus and the cluster hang, {label}",
                   f"{longest:.0f} ms ({over:g} of {ticks:g} ticks over 100 ms); a bare "
                   f"Textual app typed into alike: {floor:.0f} ms (ratio {ratio:.2f})")
        else:
            record(f"Longest frame while Prometheus and the cluster hang, {label}",
                   f"{longest:.0f} ms ({over:g} of {ticks:g} ticks over 100 ms)")


if __name__ == "__main__":
    main()
