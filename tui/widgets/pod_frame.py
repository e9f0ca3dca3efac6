"""Everything the pods pane computes from a snapshot before it draws:
which pods, in which order, which changed, the counts, the column widths.

It is a pure function of immutable values, so for a big cluster it runs in
a thread and the UI only swaps the result in: at 50k pods the filter, the
sort and the widths take a few hundred milliseconds, which on the UI
thread froze typing and scrolling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tui.model.pod_view import PodView, changed_keys
from tui.model.pods import PodRow, PodSnapshot, PodSummary, summarize
from tui.widgets.pod_grid import GridLayout, grid_layout


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


def build_frame(request: FrameRequest) -> PodFrame:
    snapshot, previous = request.snapshot, request.previous
    rows = request.view.apply(snapshot.rows)
    # The first fill, and a fill after "syncing…", are not changes.
    changed = (frozenset(changed_keys(previous.rows, snapshot.rows))
               if previous is not None and previous.synced else frozenset())
    return PodFrame(rows=rows, changed=changed, summary=summarize(snapshot, request.now),
                    layout=grid_layout(request.columns, rows, request.width, request.now))
