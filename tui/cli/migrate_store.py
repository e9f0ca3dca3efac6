"""`warroom migrate-store FROM TO`: a whole database copied between engines
(SQLite to PostgreSQL and back), into an empty store only. Failure is one
line on stderr and a non-zero exit, with nothing written."""

from __future__ import annotations

import sys


def migrate_store(source: str, target: str) -> int:
    from tui.model.clock import SystemClock
    from tui.model.safe_text import printable
    from tui.store import StoreError
    from tui.store.incident_dump import DumpError
    from tui.store.location import SqliteLocation, parse_location
    from tui.store.opening import open_store
    from tui.store.store_copy import copy_store

    try:
        origin = parse_location(source, origin="FROM")
        destination = parse_location(target, origin="TO")
        if isinstance(origin, SqliteLocation) and not origin.path.is_file():
            raise StoreError(f"FROM: no database file {origin.display()}")
        if origin == destination:
            raise StoreError("FROM and TO are the same store")
        # The source is only read: a read-only file is copied as it is.
        reading = open_store(origin, SystemClock(), read_only_ok=True)
    except StoreError as error:
        print(f"warroom: {error}", file=sys.stderr)
        return 1
    try:
        writing = open_store(destination, SystemClock())
    except StoreError as error:
        reading.close()
        print(f"warroom: {error}", file=sys.stderr)
        return 1
    try:
        copied = copy_store(reading, writing)
    except (StoreError, DumpError) as error:
        print(f"warroom: {error}; nothing was copied", file=sys.stderr)
        return 1
    finally:
        writing.close()
        reading.close()
    print(f"Copied {len(copied)} incident{'s' if len(copied) != 1 else ''} from "
          f"{printable(origin.display())} to {printable(destination.display())}", file=sys.stderr)
    return 0
