"""Why a write did not land, in words: for the screens, which do not reach
into the store."""

from __future__ import annotations

from tui.store.database import describe_write_error

__all__ = ["describe_write_error"]
