"""`warroom sync`: an incident pulled from the shared store into a local
SQLite copy, to go on working without the network, and the copy pushed
back, merged into the incident there (tui/store/incident_merge.py): what
was written on the copy is added with its times and authors, once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.model.local_copy import MergeCounts
from tui.store import incident_dump
from tui.store.database import StoreError
from tui.store.incident_merge import merge_incident
from tui.store.local_copies import all_pushed, local_copies, record_pull, record_push

if TYPE_CHECKING:
    from tui.store.store import Store


@dataclass(frozen=True)
class Pushed:
    incident_id: str
    # None: the incident was not there, and was imported whole.
    counts: MergeCounts | None
    entries: int


def pull(server: Store, local: Store, incident_id: str, origin: str) -> int:
    """Copy the incident into `local`, marked as pulled from `origin` (a
    store as it may be shown); returns how many timeline entries came."""
    with server.db.reading() as conn:
        try:
            document = incident_dump.dump_incident(conn, incident_id)
        except KeyError:
            raise StoreError(f"no incident {incident_id} in {origin}") from None
    # A copy of a copy is a copy of where it was pulled from: the base is
    # what this one holds now.
    document.pop("local_copy", None)
    with local.db.transaction() as conn:
        if conn.execute("SELECT 1 FROM incidents WHERE id = ?", [incident_id]).fetchone():
            if not all_pushed(conn, incident_id):
                raise StoreError(f"it holds changes to {incident_id} not pushed yet: push them "
                                 "first (warroom sync --push), or pull into another file")
            # Everything written on it is on the server: the copy is
            # brought up to date, with what the others wrote since.
            conn.execute("DELETE FROM incidents WHERE id = ?", [incident_id])
        incident_dump.load_incident(conn, document)
        record_pull(conn, document, origin, local.db.now_iso())
    return len(document["timeline"])


def push(local: Store, server: Store) -> list[Pushed]:
    """Merge every incident `local` holds a copy of into `server`, in one
    transaction there; then what was pushed is the copy's new base."""
    with local.db.reading() as conn:
        copies = local_copies(conn)
        if not copies:
            raise StoreError("it is not a local copy (warroom sync --pull INCIDENT makes one)")
        documents = [incident_dump.dump_incident(conn, copy.incident_id) for copy in copies]
    pushed: list[Pushed] = []
    with server.db.transaction() as conn:
        for document in documents:
            incident_id = incident_dump.checked_id(document)
            entries = len(document.get("timeline", []))
            if conn.execute("SELECT 1 FROM incidents WHERE id = ?", [incident_id]).fetchone():
                pushed.append(Pushed(incident_id, merge_incident(conn, document), entries))
            else:
                whole = {key: value for key, value in document.items() if key != "local_copy"}
                incident_dump.load_incident(conn, whole)
                pushed.append(Pushed(incident_id, None, entries))
    with local.db.transaction() as conn:
        for document in documents:
            record_push(conn, document, local.db.now_iso())
    return pushed
