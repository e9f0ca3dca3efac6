"""SQLite persistence. Every edit is committed before the caller returns."""

from tui.store.database import Database, StoreError, open_database
from tui.store.store import Store

__all__ = ["Database", "Store", "StoreError", "open_database"]
