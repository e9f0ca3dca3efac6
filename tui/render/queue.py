"""Which template renders are wanted, which one runs, and what each last said.

A render may take up to its whole budget (seconds), so it runs in a thread,
and the composer shows the last text it rendered meanwhile. One render runs
at a time: a clock tick or a saved note asking again while it runs only
marks the render wanted, with the newest record, for when it ends; renders
never pile up on a busy machine. A caller that needs the text (send, copy,
open the editor) waits for a render started after it asked, so it never
gets text older than its own press.

Used from the UI thread only: the worker hands its answer back there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

# (incident id, template id): the text of one incident is never shown for another.
RenderKey = tuple[str, str]
Request = TypeVar("Request")


@dataclass
class RenderJob(Generic[Request]):
    key: RenderKey
    request: Request
    # Called on the UI thread with the text, once this render has answered.
    then: list[Callable[[str], None]] = field(default_factory=list)


class RenderQueue(Generic[Request]):
    def __init__(self) -> None:
        self.last: dict[RenderKey, str] = {}
        self.running: RenderJob[Request] | None = None
        # Insertion-ordered: the oldest wanted render runs next.
        self._wanted: dict[RenderKey, RenderJob[Request]] = {}

    def want(self, key: RenderKey, request: Request,
             then: Callable[[str], None] | None = None) -> RenderJob[Request] | None:
        """Ask for a render of `key` from `request` (the newest replaces an
        older one still waiting, keeping its callers). Returns the job to
        start now, or None when another render is running."""
        waiting = self._wanted.pop(key, None)
        job = RenderJob(key, request, waiting.then if waiting else [])
        if then is not None:
            job.then.append(then)
        self._wanted[key] = job
        return self._next()

    def done(self, text: str) -> tuple[RenderJob[Request] | None, RenderJob[Request] | None]:
        """The running render answered `text`: that job (to call its
        callers), and the next one to start, if any is wanted."""
        job, self.running = self.running, None
        if job is not None:
            self.last[job.key] = text
        return job, self._next()

    def _next(self) -> RenderJob[Request] | None:
        if self.running is not None or not self._wanted:
            return None
        key = next(iter(self._wanted))
        self.running = self._wanted.pop(key)
        return self.running
