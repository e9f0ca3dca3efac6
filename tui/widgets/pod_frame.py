"""Everything the pods pane computes from a snapshot before it draws:
which pods, in which order, which changed, the counts, the column widths.

It is a pure function of immutable values, so for a big cluster it runs in
a thread and the UI only swaps the result in: at 50k pods the filter, the
sort and the widths take a few hundred milliseconds, which on the UI
thread froze typing and scrolling."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from tui.model.pod_view import PodView, changed_keys
from tui.model.pods import RECENT_RESTART_SECONDS, PodRow, PodSnapshot, PodSummary, summarize
from tui.widgets.pod_columns import (
    GridLayout,
    TimedFacts,
    grid_layout,
    timed_facts,
    timed_widths,
)


@dataclass(frozen=True)
class FrameRequest:
    snapshot: PodSnapshot
    # The snapshot shown before, to highlight what changed; None on a
    # redraw of the same pods (new filter, sort, width).
    previous: PodSnapshot | None
    view: PodView
    columns: tuple[str, ...]
    width: int
    now: datetime


@dataclass(frozen=True)
class PodFrame:
    rows: list[PodRow]
    changed: frozenset[str]
    summary: PodSummary
    layout: GridLayout
    # What the parts that change with the time are worked out from, and
    # the widths they had (see timed_widths).
    facts: TimedFacts = field(default_factory=lambda: timed_facts(()))
    timed: tuple[int, ...] = ()
    restart_times: tuple[datetime, ...] = ()  # of every pod, in order


def _same_pods(before: FrameRequest, request: FrameRequest) -> bool:
    """The very same rows (a review stepping between two moments with no
    change stored between them), seen the same way."""
    return (before.snapshot.rows is request.snapshot.rows and before.view == request.view
            and before.columns == request.columns and before.width == request.width)


def reusable(last: tuple[FrameRequest, PodFrame] | None, request: FrameRequest) -> bool:
    """Whether `build_frame(request, last)` only redoes what depends on the
    time: next to nothing, for any number of pods."""
    return last is not None and _same_pods(last[0], request)


def build_frame(request: FrameRequest, last: tuple[FrameRequest, PodFrame] | None = None
                ) -> PodFrame:
    """The frame for `request`; `last`, the request and frame before it,
    saves filtering, sorting and measuring the same pods again."""
    snapshot, previous, now = request.snapshot, request.previous, request.now
    if last is not None and _same_pods(last[0], request):
        frame = last[1]
        timed = timed_widths(request.columns, frame.facts, now)
        # The other widths depend on the rows alone: the same layout, unless
        # an AGE or a RESTARTS grew or shrank with the time.
        layout = (frame.layout if timed == frame.timed
                  else grid_layout(request.columns, frame.rows, request.width, now))
        since = now - timedelta(seconds=RECENT_RESTART_SECONDS)
        recent = len(frame.restart_times) - bisect_left(frame.restart_times, since)
        return replace(frame, changed=frozenset(), layout=layout, timed=timed,
                       summary=replace(frame.summary, restarted_recently=recent))
    rows = request.view.apply(snapshot.rows)
    # The first fill, and a fill after "syncing…", are not changes.
    changed = (frozenset(changed_keys(previous.rows, snapshot.rows))
               if previous is not None and previous.synced else frozenset())
    facts = timed_facts(rows)
    return PodFrame(rows=rows, changed=changed, summary=summarize(snapshot, now),
                    layout=grid_layout(request.columns, rows, request.width, now),
                    facts=facts, timed=timed_widths(request.columns, facts, now),
                    restart_times=tuple(sorted(row.last_restart_at for row in snapshot.rows
                                               if row.last_restart_at is not None)))
