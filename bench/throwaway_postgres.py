"""A PostgreSQL for a benchmark: the URL given, else a throwaway server
started as the tests start theirs (Debian's package, fsync on), else none."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tui.store.location import PostgresLocation, parse_location


@contextmanager
def postgres_for_bench(url: str = "") -> Iterator[PostgresLocation | None]:
    """None (said on stdout) where PostgreSQL is not installed."""
    if url:
        location = parse_location(url)
        assert isinstance(location, PostgresLocation), "a postgresql:// URL"
        yield location
        return
    # The tests' throwaway server (tests/ is not installed: found from here).
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.integration import postgres_server

    bin_dir = postgres_server.binaries()
    if bin_dir is None:
        print("PostgreSQL not installed (apt-get install -y postgresql): SQLite only")
        yield None
        return
    server, process = postgres_server.start(bin_dir, durable=True)
    try:
        yield PostgresLocation(server.url(), password=server.password)
    finally:
        postgres_server.stop(server, process)
