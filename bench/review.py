"""Reviewing a big incident: the demo incident with 10k extra timeline entries
and 10k pods changing state at every entry's minute, opened with
`warroom review` in process (headless, 160x48).

- open: from the app's start until the first entry's moment is shown (the
  record read, every stored pane read across the span, the pods at it);
- move: one step of the timeline cursor until the charts and the pods
  show the new moment (the pods are read after a 0.12 s pause, counted in).

The floor: the same step, in the same harness (a key, the pause, the
workers, a refresh), on a trivial Textual app whose key changes one line:
what Textual and the harness cost before Warroom does anything. It is
measured before and after the review (half the steps each), and the step
is reported as a ratio to it. Beside it, the same harness on the review
screen with a key bound to nothing (F12): what Textual and the harness
cost for this screen's 70 widgets, before the step does anything."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from results import record
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import Static

from tui.app import WarroomApp
from tui.cli.launch import build_review_context
from tui.model.clock import FrozenClock
from tui.model.pods import PodRow
from tui.model.timefmt import from_iso
from tui.screens.review import ReviewScreen

ENTRIES = 10_000
PODS = 10_000
LATER = from_iso("2026-03-20T09:00:00Z")


def seed(db: Path) -> str:
    context = build_review_context(db, clock=FrozenClock(LATER))
    store, incident = context.store, context.incident
    start = incident.started_at
    for index in range(ENTRIES):
        store.timeline.add(incident.id, f"note {index}: pool at {index % 100}%",
                        at=start + timedelta(seconds=index * 0.3), author="bench")
    # 10k pods, a tenth of them changing every minute for an hour.
    for minute in range(60):
        at = start + timedelta(minutes=minute)
        rows = [PodRow("bench", "load", f"pod-{n:05d}", 1, 1,
                       "CrashLoopBackOff" if minute % 2 else "Running", minute, None, start,
                       "node") for n in range(PODS) if minute == 0 or n % 10 == minute % 10]
        store.archives.save_pod_changes(incident.id, at, rows, [])
    store.close()
    return incident.id


class Trivial(App[None]):
    """The floor: a key that changes one line."""

    BINDINGS = [Binding("j", "step", "Step")]

    def __init__(self) -> None:
        super().__init__()
        self.steps = 0

    def compose(self) -> ComposeResult:
        yield Static("step 0", id="step")

    def action_step(self) -> None:
        self.steps += 1
        self.query_one("#step", Static).update(f"step {self.steps}")


async def settle(app: App[object], pilot: Pilot[object], seconds: float) -> None:
    await pilot.pause(seconds)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def timed_press(app: App[object], pilot: Pilot[object], key: str) -> float:
    """One key, until what it started has settled, less the fixed pause."""
    step = time.perf_counter()
    await pilot.press(key)
    await settle(app, pilot, 0.13)
    return time.perf_counter() - step - 0.13


async def floor(steps: int) -> list[float]:
    app = Trivial()
    moves = []
    async with app.run_test(size=(160, 48)) as pilot:
        for _ in range(steps):
            await settle(app, pilot, 0.15)
            moves.append(await timed_press(app, pilot, "j"))
    return moves


async def review(db: Path) -> tuple[float, list[float], list[float]]:
    context = build_review_context(db, clock=FrozenClock(LATER))
    app = WarroomApp(context, review=True)
    began = time.perf_counter()
    moves, idle = [], []
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        while not screen.stored:
            await asyncio.sleep(0.005)
        await settle(app, pilot, 0.15)
        opened = time.perf_counter() - began
        grid = screen.query_one("TimelineGrid")
        for jump in range(15):
            # Somewhere else in the hour, settled; then one step from there.
            grid.move_cursor(jump * ENTRIES // 15)  # type: ignore[attr-defined]
            await settle(app, pilot, 0.15)
            moves.append(await timed_press(app, pilot, "j"))
            idle.append(await timed_press(app, pilot, "f12"))
    context.store.close()
    return opened, moves, idle


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "review.db"
        seed(db)
        trivial = asyncio.run(floor(8))
        opened, moves, idle = asyncio.run(review(db))
        trivial += asyncio.run(floor(7))
    step, base = statistics.median(moves) * 1000, statistics.median(trivial) * 1000
    print(f"review an incident of {ENTRIES:,} entries and {PODS:,} pods (headless, 160x48)")
    print(f"  open to the first moment shown: {opened * 1000:.0f} ms")
    print(f"  one step of the cursor, charts and pods redrawn: median {step:.0f} ms, "
          f"max {max(moves) * 1000:.0f} ms (after the 0.12 s pause that lets a held key pass)")
    print(f"  the same step on a trivial Textual app (the floor): median {base:.0f} ms; "
          f"ratio {step / base:.2f}")
    screen_floor = statistics.median(idle) * 1000
    print(f"  a key bound to nothing on the review screen (its own floor): median "
          f"{screen_floor:.0f} ms; the step is {step / screen_floor:.2f}x it")
    record(f"Review of {ENTRIES // 1000}k entries and {PODS // 1000}k pods: one cursor step "
           "(ratio to the same step on a trivial Textual app)",
           f"median {step:.0f} ms vs {base:.0f} ms, ratio {step / base:.2f} (a key bound to "
           f"nothing on the review screen: {screen_floor:.0f} ms; open {opened * 1000:.0f} ms)")


if __name__ == "__main__":
    sys.exit(main())
