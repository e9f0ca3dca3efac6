"""One console of the team benchmarks, in a process of its own as a
laptop's Warroom is: it follows an incident as the war room does (woken by
PostgreSQL's LISTEN/NOTIFY through Store.watch, or polling SQLite's
data_version at the war room's refresh) and may write notes at a steady rate.

`python bench/console.py WHERE INCIDENT NAME RATE SECONDS POLL_S`: prints
"ready" once it follows, waits for a line on its standard input (the start),
writes RATE notes a second for SECONDS (none for a rate of 0), prints
"written", keeps following until its standard input closes, then prints one
JSON object:
each note it wrote ({text, start, end}) and each note of another console's
it saw ({text, seen}). Times are time.monotonic(): on Linux CLOCK_MONOTONIC,
one clock for every process of the machine, so the parent can subtract a
writer's time from a follower's. A PostgreSQL password comes from
PGPASSWORD, as libpq reads it."""

from __future__ import annotations

import json
import sys
import threading
import time

from tui.model.clock import SystemClock
from tui.store import Store
from tui.store.location import parse_location
from tui.store.opening import open_store


class Follower:
    """The timeline read again each time another console's commit wakes it
    (or, on SQLite, each poll that finds data_version moved), as the war
    room's record sync does; wakes that come during a read make one more."""

    def __init__(self, store: Store, incident: str, name: str, poll_s: float) -> None:
        self.store, self.incident, self.name, self.poll_s = store, incident, name, poll_s
        self.seen: list[tuple[str, float]] = []
        self._known: set[int] = {entry.id for entry in store.timeline.entries(incident)}
        self._woken = threading.Event()
        self._stop = threading.Event()
        self._feed = store.watch(lambda: incident, self._woken.set)
        if self._feed is not None and not self._feed.listening.wait(10):
            raise RuntimeError("the change feed did not start listening")
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._woken.set()
        self._thread.join()
        if self._feed is not None:
            self._feed.close()

    def _run(self) -> None:
        version = self.store.data_version()
        while not self._stop.is_set():
            if self._feed is not None:
                self._woken.wait()
                self._woken.clear()
            else:
                self._stop.wait(self.poll_s)
                now_version = self.store.data_version()
                if now_version == version:
                    continue
                version = now_version
            if self._stop.is_set():
                return
            entries = self.store.timeline.entries(self.incident)
            seen = time.monotonic()
            for entry in entries:
                if entry.id not in self._known:
                    self._known.add(entry.id)
                    if entry.author != self.name:
                        self.seen.append((entry.text, seen))


def write(store: Store, incident: str, name: str, rate: float, seconds: float
          ) -> list[tuple[str, float, float]]:
    """Notes at `rate` a second on a fixed schedule (a slow write does not
    slow the ones after it), each one commit, as Enter in the note box; for
    `seconds` and no longer (a machine that cannot keep up writes fewer,
    which the parent reports)."""
    written: list[tuple[str, float, float]] = []
    if rate <= 0:
        return written
    began = time.monotonic()
    for number in range(round(rate * seconds)):
        if time.monotonic() >= began + seconds:
            break
        delay = began + number / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        text = f"{name} note {number}"
        start = time.monotonic()
        # actions.add_note's one call: tui.actions is not imported, ten
        # consoles starting at once on two cores pay for every import.
        store.timeline.add(incident, text, author=name)
        written.append((text, start, time.monotonic()))
    return written


def main() -> None:
    where, incident, name = sys.argv[1], sys.argv[2], sys.argv[3]
    rate, seconds, poll_s = float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
    store = open_store(parse_location(where), SystemClock())
    try:
        follower = Follower(store, incident, name, poll_s)
        print("ready", flush=True)
        sys.stdin.readline()
        written = write(store, incident, name, rate, seconds)
        print("written", flush=True)
        sys.stdin.read()  # the parent says when every console is done
        follower.stop()
    finally:
        store.close()
    print(json.dumps({"written": [{"text": t, "start": s, "end": e} for t, s, e in written],
                      "seen": [{"text": t, "seen": s} for t, s in follower.seen]}), flush=True)


if __name__ == "__main__":
    main()
