"""Keeps an incident's stored pod states in step with the live pods."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from tui.model.pods import PodRow, PodSnapshot
from tui.store.pod_archive import pod_changes


class PodStore(Protocol):
    """What the recorder needs of the archive (tui/store/archives.py)."""

    def stored_pods(self, incident_id: str) -> dict[str, PodRow]: ...

    def save_pod_changes(self, incident_id: str, at: datetime, changed: Sequence[PodRow],
                         gone: Sequence[str]) -> None: ...


class PodRecorder:
    """Called from worker threads after each pods refresh; writes only what
    changed since the last write (or since the archive as a restarted war
    room finds it)."""

    def __init__(self, archive: PodStore, incident_id: str) -> None:
        self.archive = archive
        self.incident_id = incident_id
        self._stored: dict[str, PodRow] | None = None
        self._lock = threading.Lock()

    def record(self, snapshot: PodSnapshot) -> int:
        """Store the changes; returns how many pod states were written."""
        if not snapshot.synced:
            return 0  # "no pods yet" is not "every pod gone"
        with self._lock:
            if self._stored is None:
                self._stored = self.archive.stored_pods(self.incident_id)
            changed, gone = pod_changes(self._stored, snapshot.rows)
            self.archive.save_pod_changes(self.incident_id, snapshot.as_of, changed, gone)
            for key in gone:
                del self._stored[key]
            self._stored.update((row.key, row) for row in changed)
            return len(changed) + len(gone)
