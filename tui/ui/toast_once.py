"""One toast for a trouble that repeats: on a full disk every write fails,
and a toast per failed write filled the screen over the war room. A message
already on screen is not raised again until its toast has gone."""

from __future__ import annotations

import time
from typing import Protocol

from textual.notifications import SeverityLevel


class Notifier(Protocol):
    def notify(self, message: str, *, title: str = ..., severity: SeverityLevel = ...,
               timeout: float | None = ..., markup: bool = ...) -> None: ...


class ToastOnce:
    def __init__(self) -> None:
        # Message → when its toast leaves the screen (monotonic seconds).
        self._shown_until: dict[str, float] = {}

    def notify(self, where: Notifier, message: str, *, severity: SeverityLevel = "error",
               timeout: float = 10) -> None:
        now = time.monotonic()
        if self._shown_until.get(message, 0.0) > now:
            return
        self._shown_until = {text: until for text, until in self._shown_until.items()
                             if until > now}
        self._shown_until[message] = now + timeout
        where.notify(message, severity=severity, timeout=timeout, markup=False)
