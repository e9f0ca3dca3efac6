"""Messages the incident screens (war room, review) post to themselves."""

from __future__ import annotations

from typing import Literal, Protocol

from textual.message import Message

from tui.model.checklist import Attachment
from tui.model.incident import Incident
from tui.model.record import IncidentRecord


class RecordChanged(Message):
    """The store has committed a change; here is the record as it now stands.
    With `saved` empty nothing is said (a first read, another writer). A
    change someone else made first is said longer, as a warning when what
    was asked was not done."""

    def __init__(self, record: IncidentRecord, saved: str, *,
                 severity: Literal["information", "warning"] = "information",
                 timeout: float = 3) -> None:
        super().__init__()
        self.record = record
        self.saved = saved
        self.severity: Literal["information", "warning"] = severity
        self.timeout = timeout


class Publish(Protocol):
    """From a worker: the committed record re-read and handed to the UI,
    with what to say (IncidentScreen._publish)."""

    def __call__(self, incident_id: str, saved: str, *,
                 severity: Literal["information", "warning"] = ..., timeout: float = ...
                 ) -> None: ...


class PlaybooksOffered(Message):
    """From a worker, after a declaration or a change of the record: the
    playbooks the change made apply, for the user to choose from."""

    def __init__(self, incident: Incident, attachments: list[Attachment], proposed: set[str],
                 why: str) -> None:
        super().__init__()
        self.incident = incident
        self.attachments = attachments
        self.proposed = proposed
        self.why = why


class NotesChanged(Message):
    """From the note saver: a note was stored, or (with `problem`) failed and
    holds the queue."""

    def __init__(self, problem: str = "", *, unreachable: bool = False) -> None:
        super().__init__()
        self.problem = problem
        # The store's server is away: the note is saved when it is back.
        self.unreachable = unreachable
