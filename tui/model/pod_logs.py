"""A pod's log as the log screen keeps it: which container, which instance,
the lines (bounded, so that a chatty pod followed for hours cannot fill the
memory), and the search through them."""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from tui.model.pod_detail import ContainerDetail
from tui.model.safe_text import printable

# k9s keeps a few thousand lines; an incident wants a little more history.
MAX_LINES = 10_000
MAX_BYTES = 4 << 20
# A line longer than this (a JSON blob, a binary written to stdout) is cut:
# one line must not hold the memory the bound allows all of them.
MAX_LINE_CHARS = 16_384
# Asked of the server: no more than we keep, so a 2 GB log is not sent.
TAIL_LINES = MAX_LINES

# SGR (colour and weight) sequences: ESC [ digits ; digits m. They are
# stripped, not shown escaped: loggers colour levels and timestamps, the
# words carry the meaning, and `\x1b[31mERROR\x1b[0m` shown literally makes
# every line unreadable and splits the words a search looks for. Any other
# escape (cursor moves, titles, clears) is unexpected in a log, so it is
# shown escaped by `printable`, never sent raw to the terminal.
_SGR = re.compile("\x1b\\[[0-9;:]*m")


def clean_line(raw: str) -> str:
    """A log line as it may be shown: colours stripped, every other control
    character escaped, tabs expanded, cut to MAX_LINE_CHARS."""
    text = _SGR.sub("", raw.rstrip("\r"))
    if len(text) > MAX_LINE_CHARS:
        text = text[:MAX_LINE_CHARS] + " …(cut)"
    return printable(text, single_line=False).replace("\n", " ")


@dataclass(frozen=True)
class LogContainer:
    """A container whose log can be read, and what it is to the pod."""
    name: str
    kind: str  # "container", "init container" or "sidecar"
    # It restarted or ended before: `previous` has a log to show.
    has_previous: bool = False

    @property
    def label(self) -> str:
        # "restarted": the one whose previous instance (`p`) says why.
        return f"{self.name}  ({self.kind}{', restarted' if self.has_previous else ''})"


def log_containers(containers: Iterable[ContainerDetail]) -> tuple[LogContainer, ...]:
    """The containers of a pod's detail, app containers first (they are
    what one usually wants), then sidecars, then init containers."""
    order = {"container": 0, "sidecar": 1, "init container": 2}
    found = [LogContainer(c.name, "sidecar" if c.sidecar else
                          "init container" if c.init else "container",
                          c.restarts > 0 or c.last_reason != "" or c.last_exit_code is not None)
             for c in containers]
    return tuple(sorted(found, key=lambda c: order[c.kind]))


@dataclass(frozen=True)
class LogRequest:
    container: str
    previous: bool = False
    follow: bool = True
    tail_lines: int | None = TAIL_LINES
    timestamps: bool = False


class BoundedLines:
    """The newest lines, at most `max_lines` and about `max_bytes` of text;
    lines keep their absolute number, so that a search result or a scroll
    position survives older lines being dropped. Not thread-safe: the UI
    thread owns it."""

    def __init__(self, max_lines: int = MAX_LINES, max_bytes: int = MAX_BYTES) -> None:
        self.max_lines = max_lines
        self.max_bytes = max_bytes
        self._lines: deque[str] = deque()
        self.start = 0  # the absolute number of the first line kept
        self.size = 0  # characters kept (a close enough measure of bytes)
        self.dropped = 0  # lines dropped to keep within the bound

    def __len__(self) -> int:
        return len(self._lines)

    @property
    def end(self) -> int:
        """One past the absolute number of the last line."""
        return self.start + len(self._lines)

    def __getitem__(self, absolute: int) -> str:
        return self._lines[absolute - self.start]

    def extend(self, lines: Iterable[str], dropped_before: int = 0) -> None:
        """Append; `dropped_before` lines were lost on the way (counted)."""
        self.dropped += dropped_before
        for line in lines:
            self._lines.append(line)
            self.size += len(line) + 1
        while self._lines and (len(self._lines) > self.max_lines or
                               self.size > self.max_bytes):
            self.size -= len(self._lines.popleft()) + 1
            self.start += 1
            self.dropped += 1

    def clear(self) -> None:
        self._lines.clear()
        self.start = self.size = self.dropped = 0

    def matches(self, query: str) -> list[int]:
        """Absolute numbers of the lines holding `query` (any case)."""
        if not query:
            return []
        needle = query.casefold()
        return [self.start + index for index, line in enumerate(self._lines)
                if needle in line.casefold()]


def spans(line: str, query: str) -> list[tuple[int, int]]:
    """Where `query` occurs in `line` (any case), as (start, end) offsets."""
    if not query:
        return []
    found, needle, haystack = [], query.casefold(), line.casefold()
    at = haystack.find(needle)
    while at >= 0:
        found.append((at, at + len(needle)))
        at = haystack.find(needle, at + len(needle))
    return found


class LogInbox:
    """Lines handed from the reading thread to the UI, which takes them a
    few times a second. Bounded as well: a UI that falls behind loses the
    oldest lines (counted), never its memory."""

    def __init__(self, max_lines: int = MAX_LINES) -> None:
        self._lock = threading.Lock()
        self._lines: deque[str] = deque(maxlen=max_lines)
        self._lost = 0
        self.problem = ""
        self.ended = False

    def put(self, lines: list[str]) -> None:
        with self._lock:
            room = self._lines.maxlen or 0
            self._lost += max(0, len(self._lines) + len(lines) - room)
            self._lines.extend(lines)

    def fail(self, problem: str) -> None:
        with self._lock:
            self.problem, self.ended = problem, True

    def end(self) -> None:
        with self._lock:
            self.ended = True

    def take(self) -> tuple[list[str], int, str, bool]:
        """The lines since the last take, how many were lost, the problem
        (one line, or ""), and whether the stream is over."""
        with self._lock:
            lines, lost = list(self._lines), self._lost
            self._lines.clear()
            self._lost = 0
            return lines, lost, self.problem, self.ended
