"""A local copy of an incident (a laptop working without the network) and
what pushing it back did: the words a war room on the copy and `warroom
sync` say them in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from tui.model.safe_text import printable
from tui.model.timefmt import clock_utc

# What an entry edited both here and on the server is pushed as, beside the
# server's: the local words are never dropped.
EDITED_OFFLINE = "(edited offline)"


@dataclass(frozen=True)
class LocalCopy:
    """An incident pulled from `origin` (a store as it may be shown: no
    password) into a local file, at `pulled_at`; pushed last at `pushed_at`
    (None where never, or where a hand-edited row cannot say)."""

    incident_id: str
    origin: str
    pulled_at: datetime | None = None
    pushed_at: datetime | None = None

    def banner(self) -> str:
        """The line a war room on the copy shows above everything else, so
        that it is never mistaken for the shared one."""
        pushed = f" · last pushed {clock_utc(self.pushed_at)}" if self.pushed_at else ""
        return (f"LOCAL COPY of {printable(self.incident_id)} from {printable(self.origin)}"
                f" · notes are local until pushed (warroom sync){pushed}")


@dataclass
class MergeCounts:
    """What one incident's push (or an import into it) did, row kind by row
    kind: what was added, what was already there, what was changed on the
    server to match the local copy, and what was edited on both sides."""

    added: dict[str, int] = field(default_factory=dict)
    already: int = 0
    updated: int = 0
    conflicts: int = 0
    # Rows that differ from the server's where nothing says which side
    # changed (a dump with no local copy's record): the server's kept.
    differing: int = 0
    # Fields (a status, a severity, a milestone's time) set on both sides to
    # different values: the server's kept.
    kept: list[str] = field(default_factory=list)

    def add(self, kind: str) -> None:
        self.added[kind] = self.added.get(kind, 0) + 1

    def summary(self, done: str = "pushed") -> str:
        """`3 notes, 1 tick pushed; 12 already there`, and the rest when any
        (`done`: "pushed", or "added" by an import)."""
        pushed = ", ".join(_count(number, kind) for kind, number in self.added.items()
                           if number)
        verb = "push" if done == "pushed" else "add"
        parts = [f"{pushed} {done}" if pushed else f"nothing new to {verb}"]
        if self.updated:
            parts.append(f"{self.updated} edited here and updated there")
        if self.conflicts:
            parts.append(f"{_count(self.conflicts, 'edited on both sides')}: both kept, "
                         f"this copy's marked {EDITED_OFFLINE}")
        if self.kept:
            parts.append(f"{', '.join(dict.fromkeys(self.kept))} set on both sides: the "
                         "server's kept")
        if self.differing:
            parts.append(f"{self.differing} differing from the server's, the server's kept")
        parts.append(f"{self.already} already there")
        return "; ".join(parts)


# Plural forms of the kinds counted.
_PLURALS = {"entry": "entries", "edited on both sides": "edited on both sides"}


def _count(number: int, kind: str) -> str:
    if number == 1:
        return f"1 {kind}"
    return f"{number} {_PLURALS.get(kind, kind + 's')}"

