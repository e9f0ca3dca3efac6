"""SQLite persistence. Every edit is committed before the caller returns."""

from tui.store.database import StoreError, open_database
from tui.store.store import Store

__all__ = ["Store", "StoreError", "open_database"]
