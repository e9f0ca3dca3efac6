"""Whether the PostgreSQL server can be reached, as this console's
connections last found it (no statement is run to tell): the main
connection says so after each statement, the change feed as soon as its
listening session is cut. Read at every tick of the war room's clock, so
only a lock held for a few assignments, never for I/O.

While the server is away every statement would try to connect again, each
up to the connect timeout, holding the store's lock meanwhile: one attempt
per RECONNECT_EVERY_S is made, the statements between fail at once (the
change feed getting through lifts that wait, so the first statement after
connects)."""

from __future__ import annotations

import threading
import time

RECONNECT_EVERY_S = 1.0
# How long "reconnected" stays said once the server is back.
BACK_SHOWN_S = 5.0


class Link:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Monotonic times: when it was found away, when back, the last failed reconnect.
        self._down_at: float | None = None
        self._back_at: float | None = None
        self._tried_at: float | None = None
        self.back_shown_s = BACK_SHOWN_S

    def lost(self) -> None:
        with self._lock:
            if self._down_at is None:
                self._down_at, self._back_at = time.monotonic(), None

    def found(self) -> None:
        with self._lock:
            self._tried_at = None
            if self._down_at is not None:
                self._down_at, self._back_at = None, time.monotonic()

    def reachable(self) -> None:
        """The server answered another session (the change feed's): the
        next statement connects at once."""
        with self._lock:
            self._tried_at = None

    def may_reconnect(self) -> bool:
        with self._lock:
            return (self._tried_at is None
                    or time.monotonic() - self._tried_at >= RECONNECT_EVERY_S)

    def reconnect_failed(self) -> None:
        with self._lock:
            self._tried_at = time.monotonic()
            if self._down_at is None:
                self._down_at, self._back_at = self._tried_at, None

    def state(self) -> tuple[float | None, float | None, float]:
        """(found away at, back at while still said, now), monotonic."""
        with self._lock:
            now = time.monotonic()
            back = self._back_at
            if back is not None and now - back >= self.back_shown_s:
                back = self._back_at = None
            return self._down_at, back, now
