"""Pod changes worth a line on the incident timeline, offered to the team
as suggestions: a pod entering CrashLoopBackOff, OOMKilled or Evicted, and
a burst of restarts. The war room never adds them by itself."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from tui.model.pods import PodRow
from tui.model.timeline import EntryKind

BURST_RESTARTS = 3
BURST_WINDOW = timedelta(minutes=5)
# After a burst is offered, the next one waits this long.
BURST_QUIET = timedelta(minutes=15)


@dataclass(frozen=True)
class Suggestion:
    # Offered once per key: a pod that keeps crashing is one suggestion (the
    # restart burst covers the repeats), not one per restart.
    key: str
    at: datetime
    kind: EntryKind
    text: str


def _where(row: PodRow) -> str:
    place = f"{row.namespace}/{row.name}"
    return f"{row.cluster}:{place}" if row.cluster else place


def _last(row: PodRow) -> str:
    if not row.last_reason and row.last_exit_code is None:
        return ""
    code = f", exit code {row.last_exit_code}" if row.last_exit_code is not None else ""
    return f"; last exit: {row.last_reason or 'terminated'}{code}"


class SignalDetector:
    """Compares each pods snapshot with the previous one. The first snapshot
    is the baseline: pods already broken when the war room opened are what
    the team came for, not news."""

    def __init__(self) -> None:
        self._previous: dict[str, PodRow] | None = None
        self._restarts: deque[tuple[datetime, str]] = deque()
        self._burst_offered_at: datetime | None = None

    def observe(self, rows: Sequence[PodRow], now: datetime) -> list[Suggestion]:
        previous = self._previous
        self._previous = {row.key: row for row in rows}
        if previous is None:
            return []
        found: list[Suggestion] = []
        for row in rows:
            before = previous.get(row.key)
            if before is row:
                continue
            found.extend(self._pod_signals(before, row, now))
        found.extend(self._burst(now))
        return found

    def _pod_signals(self, before: PodRow | None, row: PodRow, now: datetime
                     ) -> list[Suggestion]:
        found = []
        was = before.status if before is not None else ""
        if row.status == "CrashLoopBackOff" and was != "CrashLoopBackOff":
            found.append(Suggestion(
                f"crashloop/{row.key}", now, EntryKind.POD_EVENT,
                f"Pod {_where(row)} entered CrashLoopBackOff "
                f"({row.restarts} restart{'' if row.restarts == 1 else 's'}{_last(row)})"))
        if row.status == "Evicted" and was != "Evicted":
            found.append(Suggestion(f"evicted/{row.key}", now, EntryKind.POD_EVENT,
                                    f"Pod {_where(row)} was evicted from {row.node or '?'}"))
        restarted = before is not None and row.restarts > before.restarts
        if restarted:
            assert before is not None
            self._restarts.extend([(row.last_restart_at or now, row.key)]
                                  * (row.restarts - before.restarts))
        oom_now = row.status == "OOMKilled" or row.last_reason == "OOMKilled"
        if oom_now and (restarted or before is None or (
                was != "OOMKilled" and before.last_reason != "OOMKilled")):
            found.append(Suggestion(
                f"oom/{row.key}", row.last_restart_at or now,
                EntryKind.POD_EVENT,
                f"Pod {_where(row)} was OOMKilled (restart {row.restarts} on {row.node or '?'})"))
        return found

    def _burst(self, now: datetime) -> list[Suggestion]:
        while self._restarts and self._restarts[0][0] < now - BURST_WINDOW:
            self._restarts.popleft()
        if len(self._restarts) < BURST_RESTARTS:
            return []
        if self._burst_offered_at and now - self._burst_offered_at < BURST_QUIET:
            return []
        self._burst_offered_at = now
        pods = sorted({key.split("/", 2)[-1] for _, key in self._restarts})
        named = ", ".join(pods[:3]) + (f" and {len(pods) - 3} more" if len(pods) > 3 else "")
        latest = max(at for at, _ in self._restarts)
        return [Suggestion(f"burst/{latest.isoformat()}", latest, EntryKind.POD_EVENT,
                           f"Restart burst: {len(self._restarts)} restarts in the last "
                           f"{int(BURST_WINDOW.total_seconds() // 60)} min across "
                           f"{len(pods)} pod{'s' if len(pods) != 1 else ''} ({named})")]
