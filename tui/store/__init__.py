"""SQLite persistence. Every edit is committed before the caller returns.

The names below are loaded on first use: the header-first start
(tui.cli.first_look) reads one incident row through `tui.store.incident_rows`
before the first frame, without the whole store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.store.database import Database, StoreError, open_database
    from tui.store.store import Store

__all__ = ["Database", "Store", "StoreError", "open_database"]


def __getattr__(name: str) -> Any:
    if name in ("Database", "StoreError", "open_database"):
        from tui.store import database

        return getattr(database, name)
    if name == "Store":
        from tui.store.store import Store

        return Store
    raise AttributeError(f"module 'tui.store' has no attribute {name!r}")
