"""Reading rows that may not be what Warroom writes: written by an older or
a buggy Warroom, imported before imports were checked, or edited by hand in
SQL. Every command must still open the database; a row that cannot be read
is left out or shown as unreadable, named with its table and why, never a
traceback."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any, TypeVar

from tui.model.timefmt import readable_time
from tui.store.database import StoreError

T = TypeVar("T")
Row = TypeVar("Row")

# What parsing a stored value raises when it is not what Warroom writes
# (json's errors are ValueErrors; RecursionError: JSON nested thousands deep).
UNREADABLE = (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError,
              RecursionError)

# Stored text is cut to this when read: a 50 MB title (imported before the
# import checked sizes) once made each review step take 11 s. As long as an
# import takes (dump_schema.TEXT_CHARS): a pasted log in a note stays whole.
MAX_READ_CHARS = 2_000_000


class UnreadableRow(StoreError):
    """A row the readers cannot make sense of; says which and why."""


def shown(raw: Any) -> str:
    """A stored value as a message quotes it: short, and inert (no escapes)."""
    text = repr(raw)
    text = text if len(text) <= 40 else text[:37] + "…"
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def column(name: str, raw: Any, parse: Callable[[Any], T]) -> T:
    """`parse(raw)`, or ValueError naming the column and its value."""
    try:
        return parse(raw)
    except UNREADABLE:
        raise ValueError(f"{name} {shown(raw)}") from None


def stored_time(raw: Any) -> datetime:
    """A stored time; ValueError when it is not one a reader can do
    arithmetic with (9999-12-31 parses, and overflows a day later)."""
    moment = readable_time(raw)
    if moment is None:
        raise ValueError(f"not a time: {shown(raw)}")
    return moment


def text(raw: Any, limit: int = MAX_READ_CHARS) -> str:
    """Stored text; a BLOB or a number written by hand is not text."""
    if not isinstance(raw, str):
        raise TypeError(type(raw).__name__)
    return raw if len(raw) <= limit else raw[:limit] + "…"


def readable(rows: Iterable[Row], parse: Callable[[Row], T]) -> Iterator[T]:
    """Each row parsed; those that cannot be are left out, so that one bad
    row does not hide the others (or stop the screen that shows them)."""
    for row in rows:
        try:
            yield parse(row)
        except UNREADABLE:
            continue
