"""A team on one store, each console a process of its own (bench/console.py)
as each laptop's Warroom is.

Change to the other console: this process commits a note (as Enter in the
note box does) and a second console, which only follows the incident, reads
it back; the time from the commit's return to that read, p50 / p99. On
PostgreSQL the follower is woken by LISTEN/NOTIFY (Store.watch); on SQLite
it polls data_version at the demo war room's refresh (POLL_S), so SQLite's
figure is that poll interval, not the engine's speed: a live war room
polls at [prometheus] refresh_seconds, 15 s by default.

Ten consoles at once (PostgreSQL): each writes 10 notes a second for 10 s
while following the others (re-reading the timeline at each wake, as the
war room re-reads the record; on one machine all ten share its cores); the
write p50 / p99 / max, the rate they kept, whether every note written
landed exactly once, and each console's lag from another's commit to its
own read of it (p50 / p99 over all, and the worst console's p99).

`python bench/team.py [postgresql://…]`: without a URL a throwaway server is
started as the tests start theirs (fsync and synchronous commit on, as
bench/store_writes.py); with one, that database is used (it must be
empty)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from results import record
from throwaway_postgres import postgres_for_bench

from tui import actions
from tui.cli.launch import build_demo_context
from tui.model.clock import SystemClock
from tui.store import Store
from tui.store.location import PostgresLocation

HERE = Path(__file__).parent
POLL_S = 1.0  # the demo war room's refresh (tui/ui/context.py)
PROBES_PG, GAP_PG = 200, (0.005, 0.025)
# Fewer on SQLite: each waits for a poll; gaps not a multiple of the poll.
PROBES_SQLITE, GAP_SQLITE = 20, (0.07, 0.33)
CONSOLES, RATE, SECONDS = 10, 10.0, 10.0
# How long the consoles may take to see the last notes before it counts as never.
CATCH_UP_S = 2.0


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def spread(samples: list[float]) -> str:
    return f"p50 {percentile(samples, 0.5):.0f} ms, p99 {percentile(samples, 0.99):.0f} ms"


class Console:
    """A bench/console.py process on `where`."""

    def __init__(self, where: str, incident: str, name: str, password: str, *,
                 rate: float = 0, seconds: float = 0) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "console.py"), where, incident, name, str(rate),
             str(seconds), str(POLL_S)],
            env={**os.environ, "PGPASSWORD": password}, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True)

    def expect(self, line: str) -> None:
        assert self.process.stdout is not None
        got = self.process.stdout.readline().strip()
        if got != line:
            self.process.kill()
            raise RuntimeError(f"a console said {got!r}, not {line!r}")

    def say(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def finish(self) -> dict[str, list[dict[str, object]]]:
        """Stop following; what it wrote and saw."""
        out, _ = self.process.communicate(timeout=60)
        if self.process.returncode != 0:
            raise RuntimeError(f"a console exited {self.process.returncode}")
        # Its last line: a follower that wrote nothing said "written" before it.
        result: dict[str, list[dict[str, object]]] = json.loads(out.splitlines()[-1])
        return result


def change_latency(store: Store, incident: str, where: str, password: str, probes: int,
                   gap: tuple[float, float]) -> list[float]:
    """Milliseconds from each probe's commit here to the follower's read of it."""
    follower = Console(where, incident, "follower", password)
    follower.expect("ready")
    follower.say("go")
    committed: dict[str, float] = {}
    for number in range(probes):
        time.sleep(random.uniform(*gap))
        text = f"probe {number}"
        actions.add_note(store, incident, text, author="writer")
        committed[text] = time.monotonic()
    time.sleep(POLL_S + 0.5)  # the last probe's poll
    seen = {str(item["text"]): float(str(item["seen"])) for item in follower.finish()["seen"]}
    missing = set(committed) - set(seen)
    if missing:
        raise RuntimeError(f"the follower never saw {len(missing)} of {probes} probes")
    return [(seen[text] - at) * 1000 for text, at in committed.items()]


def report_latency(engine: str, samples: list[float], how: str) -> None:
    print(f"{engine:<11} change to another console ({how}): {spread(samples)}, "
          f"max {max(samples):.0f} ms ({len(samples)} notes)")
    record(f"Change to another console on {engine} ({how})", spread(samples))


def team(store: Store, incident: str, where: str, password: str) -> None:
    consoles = [Console(where, incident, f"console{n}", password, rate=RATE, seconds=SECONDS)
                for n in range(CONSOLES)]
    for console in consoles:
        console.expect("ready")
    for console in consoles:
        console.say("go")
    for console in consoles:
        console.expect("written")
    time.sleep(CATCH_UP_S)
    results = [console.finish() for console in consoles]
    written = {str(note["text"]): (float(str(note["start"])), float(str(note["end"])))
               for result in results for note in result["written"]}
    writes = [(end - start) * 1000 for start, end in written.values()]
    began = min(start for start, _ in written.values())
    ended = max(end for _, end in written.values())
    landed = Counter(entry.text for entry in store.timeline.entries(incident)
                     if entry.text in written)
    once = set(landed) == set(written) and set(landed.values()) == {1}
    rate = len(written) / (ended - began)
    lags, worst, unseen = [], 0.0, 0
    for number, result in enumerate(results):
        mine = f"console{number} "
        seen = {str(item["text"]): float(str(item["seen"])) for item in result["seen"]}
        others = [text for text in written if not text.startswith(mine)]
        unseen += sum(text not in seen for text in others)
        own = [(seen[text] - written[text][1]) * 1000 for text in others if text in seen]
        lags += own
        worst = max(worst, percentile(own, 0.99))
    print(f"{CONSOLES} consoles x {RATE:g} notes/s for {SECONDS:g} s on PostgreSQL: "
          f"{len(written)} of {CONSOLES * round(RATE * SECONDS)} notes written "
          f"({rate:.0f} notes/s in all)")
    print(f"  write {spread(writes)}, max {max(writes):.0f} ms")
    print(f"  every note landed exactly once: {'yes' if once else 'NO'}"
          f" ({sum(landed.values())} of {len(written)} stored)")
    print(f"  lag to see the others' notes {spread(lags)}, worst console's p99 {worst:.0f} ms,"
          f" {unseen} never seen within {CATCH_UP_S:g} s")
    record(f"{CONSOLES} consoles x {RATE:g} notes/s on PostgreSQL, note write",
           f"{spread(writes)}, max {max(writes):.0f} ms; {rate:.0f} notes/s in all; "
           f"every note landed exactly once: {'yes' if once else 'NO'}")
    record(f"{CONSOLES} consoles x {RATE:g} notes/s on PostgreSQL, lag to see the others' notes",
           f"{spread(lags)} (worst console's p99 {worst:.0f} ms), {unseen} never seen")


def on_postgres(location: PostgresLocation) -> None:
    context = build_demo_context(location, clock=SystemClock())
    store, incident = context.store, context.incident.id
    try:
        report_latency("PostgreSQL", change_latency(
            store, incident, location.url, location.password or "", PROBES_PG, GAP_PG),
            "LISTEN/NOTIFY")
        team(store, incident, location.url, location.password or "")
    finally:
        store.close()


def main(url: str = "") -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        context = build_demo_context(path, clock=SystemClock())
        try:
            report_latency("SQLite", change_latency(
                context.store, context.incident.id, str(path), "", PROBES_SQLITE, GAP_SQLITE),
                f"its poll every {POLL_S:g} s")
        finally:
            context.store.close()
    with postgres_for_bench(url) as location:
        if location is not None:
            on_postgres(location)

if __name__ == "__main__":
    main(*sys.argv[1:2])
