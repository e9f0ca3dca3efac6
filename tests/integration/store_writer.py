"""A second Warroom process writing timeline entries, for the tests of two
writers and of `kill -9`: `python -m tests.integration.store_writer DB
INCIDENT COUNT LABEL`. Prints each entry's id once its commit returned:
that line is the acknowledgement a user would see as "saved"."""

from __future__ import annotations

import sys

from tui.model.clock import SystemClock
from tui.store.location import parse_location
from tui.store.opening import open_store


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
