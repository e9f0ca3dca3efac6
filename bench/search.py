"""Search over 5,000 past incidents (tests/factories.seed_search_corpus), on
a real SQLite file: the incident picker's search (`o`), the look-alikes
offered when declaring, and the ranked index read beneath both. Cold (the
first call) and warm (median of five more)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

from results import record

from tests.conftest import PEAK
from tests.factories import seed_search_corpus
from tui.model.clock import FrozenClock
from tui.store import Store, open_database
from tui.store.search_index import SearchIndex, match_any

COUNT = 5_000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(open_database(Path(folder) / "search.db"), FrozenClock(PEAK))
        seed_search_corpus(store, COUNT)
        calls = {
            "picker search ('redis dns')": lambda: store.incidents.find("redis dns"),
            "look-alikes on declaring": lambda: store.incidents.look_alikes(
                "checkout errors", ("checkout", "redis")),
            "ranked index read": lambda: SearchIndex(store.conn).ranked_ids(
                match_any(["checkout", "errors"])),
        }
        print(f"search over {COUNT:,} incidents (ms)")
        for name, call in calls.items():
            runs = []
            for _ in range(6):
                started = time.perf_counter()
                call()
                runs.append((time.perf_counter() - started) * 1000)
            warm = statistics.median(runs[1:])
            print(f"  {name:<30} cold {runs[0]:.1f}, warm median {warm:.1f}")
            record(f"Search over {COUNT:,} incidents: {name}",
                   f"cold {runs[0]:.1f} ms, warm {warm:.1f} ms")
        store.close()


if __name__ == "__main__":
    main()
