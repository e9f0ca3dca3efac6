"""The pods pane: a summary line, the problem line, the `/` filter and the
grid of pods, with the keys k9s users reach for."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime

from rich.style import Style
from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from tui.model.pod_view import SORT_COLUMN, PodFilter, PodView, SortKey
from tui.model.pods import Health, PodSnapshot, PodSummary
from tui.model.timefmt import clock_utc
from tui.widgets.fixed_line import update_line
from tui.widgets.inert import inert
from tui.widgets.pod_frame import FrameRequest, PodFrame, build_frame, reusable
from tui.widgets.pod_grid import HEALTH_MARK, PodGrid

COLUMNS = ("NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE", "NODE")
# Narrow panes lead with what triage needs; where the pod runs comes last.
COMPACT_COLUMNS = ("NAME", "READY", "STATUS", "RESTARTS", "AGE", "NAMESPACE", "NODE")
WIDE_EXTRA = ("LAST", "IP", "QOS")
COMPACT_BELOW = 110
# Up to this many pods a frame is built on the UI thread (a few ms, and
# drawn in the same refresh); beyond it, in a thread.
INLINE_ROWS = 2000


def scope(snapshot: PodSnapshot) -> str:
    """Where the pods come from, as the pane's subtitle says it."""
    parts = list(snapshot.clusters)
    if snapshot.namespaces is not None:
        parts.append(", ".join(snapshot.namespaces) or "all namespaces")
    return " · ".join(parts)


class PodTable(Vertical):
    # The summary and problem lines; the grid colours the rows itself.
    COMPONENT_CLASSES = {"pod-table--ok", "pod-table--pending", "pod-table--failing",
                         "pod-table--muted"}
    # What the pane is made of travels with it; the screen places and frames it.
    DEFAULT_CSS = """
    PodTable {
        border: round $primary 50%;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
    }
    PodTable:focus-within { border: round $accent; }
    PodTable > .pod-table--ok { color: $success; }
    PodTable > .pod-table--pending { color: $warning; }
    PodTable > .pod-table--failing { color: $error; text-style: bold; }
    PodTable > .pod-table--muted { color: $text-muted; }
    PodTable .pod-summary { height: 1; padding: 0 1; }
    PodTable .pod-problem {
        display: none; height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    PodTable #pod-filter {
        display: none; height: 1; border: none; padding: 0 1; background: $boost;
    }
    """
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="pods.filter"),
        Binding("f", "toggle_faults", "Faults only", id="pods.faults"),
        Binding("S", "sort('status')", "Sort status", show=False, id="pods.sort-status"),
        Binding("N", "sort('name')", "Sort name", show=False, id="pods.sort-name"),
        Binding("R", "sort('restarts')", "Sort restarts", show=False, id="pods.sort-restarts"),
        Binding("A", "sort('age')", "Sort age", show=False, id="pods.sort-age"),
        Binding("ctrl+w", "toggle_wide", "Wide", id="pods.wide"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Pods"
        self.view = PodView()
        self.wide = False
        self._last: tuple[PodSnapshot, datetime] | None = None
        # Bumped for every frame asked for: a thread's late frame is dropped.
        self._generation = 0
        self.frames_built = 0
        # The frame on screen and what it was built from.
        self._frame: tuple[FrameRequest, PodFrame] | None = None

    def compose(self) -> ComposeResult:
        yield Static("syncing…", classes="pod-summary")
        yield Static("", classes="pod-problem")
        yield Input(placeholder="filter: text or regex; !text hides matches; esc clears",
                    id="pod-filter")
        yield PodGrid()

    def on_resize(self) -> None:
        self._redraw()

    @property
    def grid(self) -> PodGrid:
        return self.query_one(PodGrid)

    def _columns(self) -> tuple[str, ...]:
        columns: tuple[str, ...] = COMPACT_COLUMNS if self.size.width < COMPACT_BELOW else COLUMNS
        if self.wide:
            # Asked for, so placed before where-it-runs columns, which a
            # narrow pane leaves out first.
            after = columns.index("AGE") + 1
            columns = (*columns[:after], *WIDE_EXTRA, *columns[after:])
        if self._last is not None and len(self._last[0].clusters) > 1:
            columns = ("CLUSTER", *columns)
        return columns

    def show_absent(self, reason: str) -> None:
        """No pods source at all: say so, rather than "syncing" for ever."""
        muted = self.get_component_rich_style("pod-table--muted")
        self.query_one(".pod-summary", Static).update(Text(reason, style=muted))

    @property
    def snapshot(self) -> PodSnapshot | None:
        """The pods shown, before the filter."""
        return self._last[0] if self._last is not None else None

    def show(self, snapshot: PodSnapshot, now: datetime) -> None:
        previous = self._last[0] if self._last is not None else None
        self._last = (snapshot, now)
        self._rebuild(previous)

    def _redraw(self) -> None:
        """The same pods seen differently (filter, sort, width): no highlights."""
        self._rebuild(None)

    def _rebuild(self, previous: PodSnapshot | None) -> None:
        if self._last is None:
            return
        snapshot, now = self._last
        self._generation += 1
        self._show_problem(snapshot)
        if not snapshot.synced:
            progress = f" {snapshot.listed:,} pods listed" if snapshot.listed else ""
            update_line(self.query_one(".pod-summary", Static), f"syncing…{progress}")
            return
        request = FrameRequest(snapshot, previous, self.view, self._columns(),
                               self.grid.scrollable_content_region.width, now)
        if len(snapshot.rows) <= INLINE_ROWS or reusable(self._frame, request):
            self._swap_in(build_frame(request, self._frame), request, self._generation)
        else:
            # A description of our own: the default is repr(work), which
            # would spell out every pod on the UI thread.
            self.run_worker(self._build_off_loop(request, self._frame, self._generation),
                            name="pod frame", description=f"{len(snapshot.rows)} pods",
                            group="pod-frame", exit_on_error=False)

    async def _build_off_loop(self, request: FrameRequest,
                              last: tuple[FrameRequest, PodFrame] | None,
                              generation: int) -> None:
        if generation != self._generation:
            return  # superseded before it started
        frame = await asyncio.to_thread(build_frame, request, last)
        self._swap_in(frame, request, generation)

    def _swap_in(self, frame: PodFrame, request: FrameRequest, generation: int) -> None:
        if generation != self._generation:
            return  # a newer snapshot or view is on its way
        self.frames_built += 1
        self._frame = (request, frame)
        self._show_summary(frame.summary, len(frame.rows))
        self.border_subtitle = inert(scope(request.snapshot))
        arrow = "▴" if request.view.reverse else "▾"
        self.grid.set_rows(frame.rows, request.now, request.columns, frame.changed,
                           (SORT_COLUMN[request.view.sort], arrow), layout=frame.layout)

    def _show_summary(self, counts: PodSummary, shown: int) -> None:
        text = Text()
        text.append(f"{counts.total} pod{'' if counts.total == 1 else 's'}  ")
        text.append(f"{HEALTH_MARK[Health.OK]} {counts.running} running  ",
                    style=self._style(Health.OK))
        text.append(f"{HEALTH_MARK[Health.PENDING]} {counts.pending} pending  ",
                    style=self._style(Health.PENDING))
        text.append(f"{HEALTH_MARK[Health.FAILING]} {counts.failing} failing  ",
                    style=self._style(Health.FAILING))
        text.append(f"↻ {counts.restarted_recently} restarted in 15m",
                    style=self._style(Health.PENDING) if counts.restarted_recently else "")
        narrowed = []
        if self.view.faults_only:
            narrowed.append("faults only")
        if self.view.filter.active:
            narrowed.append(f"filter {self.view.filter.text!r}")
        if narrowed:
            text.append(f"  · {' · '.join(narrowed)}: {shown} shown",
                        style="bold")
        update_line(self.query_one(".pod-summary", Static), text)

    def _show_problem(self, snapshot: PodSnapshot) -> None:
        line = self.query_one(".pod-problem", Static)
        problem = snapshot.problem
        filter_problem = self.view.filter.problem if self.view.filter.active else ""
        line.display = bool(problem or filter_problem)
        if problem:
            text = Text("⚠ ", style=self._style(Health.FAILING))
            if snapshot.stale_since is not None:
                text.append(f"stale since {clock_utc(snapshot.stale_since)} · ")
            text.append(problem)  # printable already, and never parsed as markup
            line.update(text)
        elif filter_problem:
            line.update(Text(f"/ {filter_problem}", style=self._style(Health.PENDING)))

    def _style(self, health: Health) -> Style:
        return self.get_component_rich_style(f"pod-table--{health.value}")

    # -- keys ----------------------------------------------------------------------

    def action_filter(self) -> None:
        box = self.query_one("#pod-filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#pod-filter")
    def _filter_typed(self, event: Input.Changed) -> None:
        event.stop()
        self.view = replace(self.view, filter=PodFilter(event.value))
        self._redraw()

    @on(Input.Submitted, "#pod-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value:
            event.input.display = False
        self.grid.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#pod-filter", Input)
        if not box.display and not self.view.filter.active:
            raise SkipAction  # nothing to clear: the screen's escape applies
        box.value = ""
        box.display = False
        self.view = replace(self.view, filter=PodFilter())
        self.grid.focus()
        self._redraw()

    def action_toggle_faults(self) -> None:
        self.view = replace(self.view, faults_only=not self.view.faults_only)
        self._redraw()

    def action_sort(self, key: str) -> None:
        self.view = self.view.sorted_by(SortKey(key))
        self._redraw()

    class WideToggled(Message):
        """ctrl+w: the screen may give the pane the whole width for the
        columns asked for (names keep their room first)."""

        def __init__(self, wide: bool) -> None:
            super().__init__()
            self.wide = wide

    def action_toggle_wide(self) -> None:
        self.wide = not self.wide
        self.post_message(self.WideToggled(self.wide))
        self._redraw()
