"""Why a write did not land, in words: for the screens, which do not reach
into the store. An edit refused because someone else changed the same
thing since it was read is an EditConflict, whose line says who and what."""

from __future__ import annotations

from tui.model.conflicts import EditConflict, EntryConflict, MarkConflict, RecordConflict
from tui.store.database import describe_write_error

__all__ = ["EditConflict", "EntryConflict", "MarkConflict", "RecordConflict",
           "describe_write_error", "store_unreachable"]


def store_unreachable(error: BaseException | None) -> bool:
    """The write failed because the store's server cannot be reached: it
    reconnects by itself, and what was kept is saved then."""
    from tui.store.postgres_connection import PostgresError
    from tui.store.postgres_errors import Trouble

    return isinstance(error, PostgresError) and error.trouble is Trouble.UNREACHABLE
