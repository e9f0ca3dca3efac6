"""Opening an incident of 10k timeline entries.

1. In a real 160x48 pty: process start until the newest of 10k entries is on
   screen, against the demo incident's 8 entries in the same run.
2. In process: switching the war room to a 10k-entry incident (reading it
   from SQLite, then the first paint of the timeline), and adding one note to
   it (the whole timeline is redrawn from the store after every write)."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from results import record
from startup import time_markers

from tui.app import WarroomApp
from tui.cli.launch import build_demo_context
from tui.model.clock import FrozenClock
from tui.model.incident import IncidentDraft
from tui.model.timefmt import from_iso
from tui.screens.composer_part import _RenderRequest
from tui.widgets.timeline_grid import TimelineGrid
from tui.widgets.timeline_pane import TimelinePane

COUNT = 10_000
NEWEST = "BENCH newest entry"


def seed(db: Path, count: int) -> None:
    """The demo incident, with `count` entries before its last one and a
    marker entry after it."""
    context = build_demo_context(db)
    store, incident = context.store, context.incident
    start = incident.started_at
    for index in range(count):
        store.timeline.add(incident.id, f"note {index}: pool at {index % 100}% on db-{index % 3}",
                        at=start + timedelta(seconds=index * 0.05), author="bench")
    store.timeline.add(incident.id, NEWEST, at=from_iso("2026-03-14T14:11:45Z"))
    store.close()


def pty_open(runs: int) -> tuple[float, float]:
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        small, big = Path(folder) / "small.db", Path(folder) / "big.db"
        seed(small, 0)
        seed(big, COUNT)
        small_times, big_times = [], []
        for _ in range(runs):
            small_times += time_markers([python, "-m", "tui", "--db", str(small)],
                                        [NEWEST.encode()])
            big_times += time_markers([python, "-m", "tui", "--db", str(big)], [NEWEST.encode()])
    return statistics.median(small_times), statistics.median(big_times)


async def switch_and_add() -> tuple[float, float, float, dict[str, float]]:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "switch.db"
        seed(db, 0)
        context = build_demo_context(db, clock=FrozenClock(from_iso("2026-03-14T14:20:00Z")))
        store = context.store
        big = store.incidents.declare(IncidentDraft("Ten thousand entries", "P2"))
        start = big.started_at
        for index in range(COUNT):
            store.timeline.add(big.id, f"entry {index}", at=start - timedelta(seconds=index))
        app = WarroomApp(context)
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            screen = app.screen
            grid = screen.query_one(TimelineGrid)
            began = time.perf_counter()
            screen._open_incident(big.id)
            await app.workers.wait_for_complete()
            read = time.perf_counter() - began
            await pilot.pause()
            painted = time.perf_counter() - began
            assert grid.row_count == COUNT + 1, grid.row_count
            began = time.perf_counter()
            # As Enter in the note box does (the notes queue and their saver).
            screen.on_timeline_pane_note_submitted(TimelinePane.NoteSubmitted("one more note"))
            await app.workers.wait_for_complete()
            await pilot.pause()
            added = time.perf_counter() - began
            assert grid.row_text(grid.row_count - 1)[3] == "one more note"
            # What filling a template from it costs (the composer's worker).
            filled = {}
            for template in context.templates:
                if template.id in ("internal_update", "postmortem"):
                    began = time.perf_counter()
                    request = _RenderRequest(template, screen.record, screen.values(),
                                             context.clock.now())
                    text = screen.composer._filled(request)
                    filled[template.title] = time.perf_counter() - began
                    assert "Template error" not in text
        store.close()
    return read, painted, added, filled


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    small, big = pty_open(runs)
    read, painted, added, filled = asyncio.run(switch_and_add())
    print(f"open an incident of {COUNT:,} timeline entries (median of {runs} runs, 160x48 pty)")
    print(f"  start to newest entry shown: 8 entries {small:.3f} s, {COUNT:,} entries {big:.3f} s"
          f" (+{(big - small) * 1000:.0f} ms)")
    print(f"  switch to it in the war room: read {read * 1000:.0f} ms, "
          f"first paint {painted * 1000:.0f} ms")
    print(f"  add one note to it (write, re-read, redraw): {added * 1000:.0f} ms")
    record(f"{COUNT // 1000}k-entry incident: start to newest entry shown",
           f"{big:.2f} s (8 entries: {small:.2f} s)")
    print("  fill a template from it: " + ", ".join(
        f"{title} {seconds * 1000:.0f} ms" for title, seconds in filled.items()))


if __name__ == "__main__":
    main()
