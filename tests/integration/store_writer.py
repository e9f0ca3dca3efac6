"""A second Warroom process writing timeline entries, for the tests of two
writers and of `kill -9`: `python -m tests.integration.store_writer DB
INCIDENT COUNT LABEL`. Prints each entry's id once its commit returned:
that line is the acknowledgement a user would see as "saved"."""

from __future__ import annotations

import sys
from pathlib import Path

from tui.model.clock import SystemClock
from tui.store import Store, open_database


def main() -> None:
    path, incident_id, count, label = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    store = Store(open_database(Path(path)), SystemClock())
    for number in range(count):
        entry = store.timeline.add(incident_id, f"{label} {number}", author=label)
        print(entry.id, flush=True)
    store.close()


if __name__ == "__main__":
    main()
