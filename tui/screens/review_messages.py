"""What the review's workers post back to it from their threads: each
read (or write) as a typed message, handled on the UI thread."""

from __future__ import annotations

from datetime import datetime

from textual.message import Message

from tui.model.metrics import MetricSnapshot
from tui.model.pods import PodSnapshot
from tui.model.record import IncidentRecord
from tui.ui.context import WarroomContext


class StoredRead(Message):
    """The record, and each stored pane over the review's span."""

    def __init__(self, record: IncidentRecord, stored: dict[str, MetricSnapshot]) -> None:
        super().__init__()
        self.record = record
        self.stored = stored


class PodsRead(Message):
    """The pods as they stood at `moment`."""

    def __init__(self, snapshot: PodSnapshot, moment: datetime) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.moment = moment


class NoteKept(Message):
    """A post-mortem note stored, as typed."""

    def __init__(self, incident_id: str, key: str, text: str) -> None:
        super().__init__()
        self.incident_id = incident_id
        self.key = key
        self.text = text


class OtherRead(Message):
    """Another incident to review, read with its stored panes."""

    def __init__(self, context: WarroomContext) -> None:
        super().__init__()
        self.context = context
