"""Changes pushed, not polled: a PostgreSQL connection of its own, in a
thread, LISTENing on the channel every Warroom's commits NOTIFY
(tui/store/postgres_connection.py), waking a console within a second of
another's write where its poll would wait for the next refresh.

A notice carries the incident ids the transaction wrote ("" when it wrote
something no incident names); a console is woken for its own incident and
for "". A dropped connection (the server restarted, a network cut) is opened
again every RETRY_S; meanwhile the console's poll goes on as before, and
once back the feed wakes it once for what it may have missed. Being the
one session that waits on the server, the feed is the first to find it
gone and back: it says so on the connection's link (tui/store/link.py)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui.store import postgres_errors
from tui.store.link import Link
from tui.store.location import PostgresLocation

if TYPE_CHECKING:
    import psycopg

CHANNEL = "warroom_changes"
# A notice's payload is at most 8000 bytes; more ids than fit say "".
MAX_PAYLOAD = 7900
RETRY_S = 1.0
# How often the thread looks up from waiting to see whether it must stop.
WAIT_S = 0.25
log = logging.getLogger(__name__)


def payload(incident_ids: set[str]) -> str:
    """The notice for a transaction that wrote under `incident_ids`."""
    text = ",".join(sorted(incident_ids))
    return text if len(text.encode()) <= MAX_PAYLOAD else ""


def concerns(notice: str, incident_id: str) -> bool:
    return notice == "" or incident_id in notice.split(",")


class ChangeFeed:
    """Calls `wake` (from its own thread) when another connection commits a
    change to the incident `incident()` names at that moment."""

    def __init__(self, location: PostgresLocation, incident: Callable[[], str],
                 wake: Callable[[], object], *, retry_s: float = RETRY_S,
                 link: Link | None = None) -> None:
        self.location = location
        self._link = link or Link()
        self._incident = incident
        self._wake = wake
        self._retry_s = retry_s
        self._stop = threading.Event()
        # Set while LISTENing: a test (or a header) can tell pushed from polled.
        self.listening = threading.Event()
        self._thread = threading.Thread(target=self._run, name="warroom-change-feed",
                                        daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2 * WAIT_S + 1)

    def _run(self) -> None:
        import psycopg

        missed = False
        while not self._stop.is_set():
            try:
                with psycopg.connect(**self.location.connect_arguments(), autocommit=True,
                                     connect_timeout=5, application_name="warroom-listen",
                                     # A silent cut (no reset) is found in ~25 s.
                                     keepalives=1, keepalives_idle=10,
                                     keepalives_interval=5, keepalives_count=3) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    if missed:
                        # The console's own session is opened again at its
                        # next statement, which this wake-up runs.
                        self._link.reachable()
                        self._notify("")
                    self._listen(conn)
            except psycopg.Error as error:
                log.info("change feed: %s", self.location.scrub(str(error)))
                # A cut, said once: a failed reconnect is the main session's to say.
                if (self.listening.is_set() and postgres_errors.trouble(error)
                        is postgres_errors.Trouble.UNREACHABLE):
                    self._link.lost()
            self.listening.clear()
            missed = True
            self._stop.wait(self._retry_s)

    def _listen(self, conn: psycopg.Connection[Any]) -> None:
        while not self._stop.is_set():
            for notice in conn.notifies(timeout=WAIT_S):
                self._notify(notice.payload)

    def _notify(self, notice: str) -> None:
        try:
            if concerns(notice, self._incident()):
                self._wake()
        except Exception:  # a console gone away: the feed outlives it harmlessly
            log.exception("change feed: wake failed")
