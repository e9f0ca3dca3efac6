"""Messages the incident screens (war room, review) post to themselves."""

from __future__ import annotations

from textual.message import Message

from tui.model.record import IncidentRecord


class RecordChanged(Message):
    """The store has committed a change; here is the record as it now stands.
    With `saved` empty nothing is said (a first read, another writer)."""

    def __init__(self, record: IncidentRecord, saved: str) -> None:
        super().__init__()
        self.record = record
        self.saved = saved
