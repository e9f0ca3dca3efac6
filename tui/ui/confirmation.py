"""A second press of the same key, soon enough, confirms: how removing a pane
or sending a text with missing fields asks "are you sure" without a dialog."""

from __future__ import annotations

import time

# Sending a text with fields still missing asks again within this long.
SEND_CONFIRM_SECONDS = 6.0


class SecondPress:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._armed: tuple[str, float] | None = None

    def confirmed(self, key: str) -> bool:
        """True on the second press for `key` within the window; the first
        press arms it (and returns False)."""
        now = time.monotonic()
        armed = self._armed
        if armed is not None and armed[0] == key and now - armed[1] <= self.seconds:
            self._armed = None
            return True
        self._armed = (key, now)
        return False

    def disarm(self) -> None:
        self._armed = None
