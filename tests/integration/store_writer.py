"""A second Warroom process writing timeline entries, for the tests of two
writers and of `kill -9`: `python -m tests.integration.store_writer DB
INCIDENT COUNT LABEL`. Prints each entry's id once its commit returned:
that line is the acknowledgement a user would see as "saved". `writer`
starts one; `acknowledged` waits for it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tui.model.clock import SystemClock
from tui.store.location import parse_location
from tui.store.opening import open_store

ROOT = Path(__file__).resolve().parents[2]


def writer(where: Path | str, count: int, label: str, incident: str = "INC-1",
           password: str | None = None) -> subprocess.Popen[str]:
    """This module in a process of its own, writing `count` entries to
    `where` (a SQLite file, or a PostgreSQL URL whose password is `password`)."""
    environment = None if password is None else {**os.environ, "PGPASSWORD": password}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.store_writer", str(where), incident,
         str(count), label], cwd=ROOT, env=environment,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def acknowledged(process: subprocess.Popen[str], timeout: float) -> set[int]:
    """Once the writer has finished, which must be well: the ids it was
    told were saved."""
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err[-2000:]
    return {int(line) for line in out.split()}


def main() -> None:
    path, incident_id, count, label = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    # A file path, or any location --db takes (postgresql://…).
    store = open_store(parse_location(path), SystemClock())
    for number in range(count):
        entry = store.timeline.add(incident_id, f"{label} {number}", author=label)
        print(entry.id, flush=True)
    store.close()


if __name__ == "__main__":
    main()
