"""What a SQLite failure means for the user, read from its result code
rather than its English text: a full disk, a read-only file, a lock and a
damaged file each call for a different act, and naming the wrong one (a
healthy file called "damaged… move it aside") sends a responder the wrong way."""

from __future__ import annotations

import shutil
import sqlite3
from enum import Enum
from pathlib import Path

# Primary result codes (https://sqlite.org/rescode.html); the extended code
# carries the primary one in its low byte.
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = (
    3, 5, 6, 8, 10, 11, 13, 14, 26)
# Below this much free space a write that failed with an I/O error failed
# for want of room (SQLite reports ENOSPC on some paths, the -shm file's
# growth among them, as an I/O error rather than as "full").
_NEARLY_FULL_BYTES = 256 * 1024


class Trouble(Enum):
    FULL = "full"
    READ_ONLY = "read-only"
    LOCKED = "locked"
    IO = "io"
    DAMAGED = "damaged"
    OTHER = "other"


def trouble(error: BaseException, path: Path | None = None) -> Trouble:
    """The kind of failure; `path` (the database file) lets an I/O error on
    a volume with no room left be called what it is."""
    if not isinstance(error, sqlite3.Error):
        return Trouble.OTHER
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    if code == _FULL:
        return Trouble.FULL
    if code == _IOERR:
        return Trouble.FULL if path is not None and _no_room(path) else Trouble.IO
    if code in (_READONLY, _PERM, _CANTOPEN):
        return Trouble.READ_ONLY
    if code in (_BUSY, _LOCKED):
        return Trouble.LOCKED
    if code in (_CORRUPT, _NOTADB):
        return Trouble.DAMAGED
    return Trouble.OTHER


def _no_room(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < _NEARLY_FULL_BYTES
    except OSError:
        return False


def on_open(path: Path, error: sqlite3.Error) -> str:
    """One line for a database that could not be opened (no "warroom:" prefix)."""
    kind = trouble(error, path)
    if kind is Trouble.FULL:
        return (f"the disk holding {path} is full; the database is fine: free some space "
                "and start Warroom again")
    if kind is Trouble.READ_ONLY:
        return (f"cannot open {path}: it, or its folder, is read-only ({error}); "
                "'warroom review' and 'warroom export' read such a file, the war room "
                "must write: make it writable or pass --db with another path")
    if kind is Trouble.LOCKED:
        return f"{path} is locked by another program; try again when it is done"
    if kind is Trouble.DAMAGED:
        return f"{path} is damaged or not a database ({error}); move it aside or restore a backup"
    return f"cannot open database {path}: {error}"
