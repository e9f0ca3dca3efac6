"""The review of a past incident: its timeline, and beside it the charts and
pods exactly as the war room stored them. The entry under the timeline's
cursor is the moment shown: a line across every chart, values and levels
as they were then, the pods as they stood. Nothing here reaches a cluster
or a Prometheus. What happened stays as it was (no entry is added, edited or
deleted); stars, follow-ups and the post-mortem are the review's to write."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Static, TabbedContent, TabPane, TextArea

from tui import actions
from tui.model.metrics import MetricSnapshot
from tui.model.review import review_span
from tui.model.safe_text import printable
from tui.screens.incident_screen import IncidentScreen
from tui.screens.review_messages import NoteKept, OtherRead, PodsRead, StoredRead
from tui.ui.context import WarroomContext
from tui.ui.workers import Failure, work
from tui.widgets.action_items_pane import ActionItemsPane
from tui.widgets.incident_header import IncidentHeader
from tui.widgets.metric_pane import MetricPane
from tui.widgets.pod_table import PodTable
from tui.widgets.review_bar import ReviewBar
from tui.widgets.review_notes import ReviewNotes
from tui.widgets.timeline_grid import TimelineGrid
from tui.widgets.timeline_pane import TimelinePane
from tui.widgets.warroom_footer import WarroomFooter

# What was stored could not be read back.
READ_FAILED = Failure("Could not read the stored incident: {error}", timeout=10)
# Holding ↓ through a long timeline reads the pods once it stops.
PODS_PAUSE = 0.12
POSTMORTEM_TEMPLATE = "postmortem"


class ReviewScreen(IncidentScreen):
    CSS_PATH = ["incident_widgets.tcss", "review.tcss"]
    AUTO_FOCUS = "TimelineGrid"
    BINDINGS = [
        Binding("1", "show_tab('review-timeline')", "Timeline", id="review.tab-timeline"),
        Binding("2", "show_tab('review-actions')", "Follow-ups", id="review.tab-actions"),
        Binding("3", "show_tab('review-postmortem')", "Post-mortem",
                id="review.tab-postmortem"),
        Binding("c", "compose_postmortem", "Compose post-mortem", id="review.compose"),
        Binding("o", "pick_incident", "Incidents", id="review.incidents"),
        Binding("escape", "leave_input", "Back to the timeline", id="review.leave-input"),
    ]

    def __init__(self, context: WarroomContext) -> None:
        super().__init__(context)
        self.moment: datetime = context.incident.started_at
        # Each stored pane over the whole span, read once; the cursor moves over them.
        self.stored: dict[str, MetricSnapshot] = {}
        self._pods_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield IncidentHeader(self.incident, self.moment, demo_label=self.context.demo_label,
                             banner=self.context.local_copy,
                             levels=self.context.severity_levels, cadence=False,
                             classes="-review")
        yield ReviewBar(id="review-bar")
        with Horizontal(id="review-body"):
            with TabbedContent(id="review-work", initial="review-timeline"):
                with TabPane("Timeline", id="review-timeline"):
                    yield TimelinePane(self.entries, read_only=True)
                with TabPane("Follow-ups", id="review-actions"):
                    yield ActionItemsPane(id="review-actions-pane")
                with TabPane("Post-mortem", id="review-postmortem"):
                    yield ReviewNotes(self.record.review, id="review-notes")
            with Vertical(id="review-stored"):
                yield PodTable(id="pods")
                with VerticalScroll(id="metrics", can_focus=False):
                    for spec in self.context.panes:
                        yield MetricPane(spec, id=f"pane-{spec.id}")
                    if not self.context.panes:
                        yield Static("No metrics were stored with this incident: the war "
                                     "room had no Prometheus, or was not open during it.",
                                     id="no-metrics")
        yield WarroomFooter()

    def on_mount(self) -> None:
        self.app.sub_title = f"Review: {printable(self.incident.title)}"
        self.query_one(PodTable).grid.follow_pod = False
        self._read_record(self.incident.id)
        self.call_after_refresh(self._report_file_problems)
        if self.context.review_notice:
            self.call_after_refresh(self.notify, self.context.review_notice,
                                    title="Review", timeout=10, markup=False)

    # -- the record and what was stored --------------------------------------------------

    @work(thread=True, group="review", exit_on_error=False, failure=READ_FAILED)
    def _read_record(self, incident_id: str) -> None:
        """The record, then every stored pane across the review's span."""
        store = self.context.store
        record = store.record(incident_id)
        start, end = review_span(record.incident, record.entries,
                                 store.archives.last_stored_at(incident_id))
        window = int((end - start).total_seconds())
        # Drawn over the whole span, whenever the last fetch was.
        stored = {spec.id: replace(store.archives.metric_snapshot(incident_id, spec.id, end,
                                                                  window),
                                   as_of=end, window_seconds=window)
                  for spec in self.context.panes}
        self.post_message(StoredRead(record, stored))

    @on(StoredRead)
    def _first_show(self, message: StoredRead) -> None:
        self.record, self.stored = message.record, message.stored
        self._show_stored_record()
        timeline = self.query_one(TimelinePane)
        # The story from its beginning.
        timeline.grid.move_cursor(0)
        entry = timeline.selected
        self._move_to(entry.at if entry is not None else self.incident.started_at)

    def _show_stored_record(self) -> None:
        self.query_one(IncidentHeader).show_record(self.record)
        self.query_one(TimelinePane).show(self.entries)
        self.query_one(ActionItemsPane).show(self.record.actions,
                                             self.context.clock.now().date())
        self.query_one(ReviewNotes).show(self.record.review)

    def _show_record(self) -> None:
        self._show_stored_record()
        self._show_moment()

    # -- the moment ------------------------------------------------------------------------

    @on(TimelineGrid.Highlighted)
    def _entry_highlighted(self, message: TimelineGrid.Highlighted) -> None:
        self._move_to(message.entry.at)

    def _move_to(self, moment: datetime) -> None:
        self.moment = moment
        self._show_moment()
        if self._pods_timer is not None:
            self._pods_timer.stop()
        self._pods_timer = self.set_timer(PODS_PAUSE, self._read_pods)

    def _show_moment(self) -> None:
        moment = self.moment
        self.query_one(IncidentHeader).now = moment
        timeline = self.query_one(TimelinePane)
        entry = timeline.selected
        self.query_one(ReviewBar).show(moment, self.incident.started_at, entry,
                                       timeline.grid.cursor, len(self.entries))
        for spec in self.context.panes:
            snapshot = self.stored.get(spec.id)
            if snapshot is not None:
                self.query_one(f"#pane-{spec.id}", MetricPane).show(snapshot, moment)

    def _read_pods(self) -> None:
        self._pods_at(self.incident.id, self.moment)

    @work(thread=True, exclusive=True, group="moment", exit_on_error=False,
          failure=READ_FAILED)
    def _pods_at(self, incident_id: str, moment: datetime) -> None:
        snapshot = self.context.store.archives.pods_at(incident_id, moment)
        self.post_message(PodsRead(snapshot, moment))

    @on(PodsRead)
    def _show_pods(self, message: PodsRead) -> None:
        snapshot, moment = message.snapshot, message.moment
        if moment != self.moment:
            return  # the cursor has moved on
        table = self.query_one(PodTable)
        table.show(replace(snapshot, synced=True), moment)
        if not snapshot.rows:
            table.show_absent(f"No pod states stored at or before {moment:%H:%M:%SZ}.")

    # -- what the review writes -----------------------------------------------------------

    @on(ReviewNotes.Changed)
    def keep_note(self, message: ReviewNotes.Changed) -> None:
        self._keep_note(self.incident.id, message.key, message.text)

    @work(thread=True, group="drafts", exit_on_error=False, failure=Failure(
        "Not kept: {error}. The text is still on screen.", timeout=10))
    def _keep_note(self, incident_id: str, key: str, text: str) -> None:
        actions.save_review_note(self.context.store, incident_id, key, text, self.context.author)
        self.post_message(NoteKept(incident_id, key, text))

    @on(NoteKept)
    def _note_kept(self, message: NoteKept) -> None:
        incident_id, key, text = message.incident_id, message.key, message.text
        if self.incident.id != incident_id:
            return
        review = {k: v for k, v in self.record.review.items() if k != key}
        if text.strip():
            review[key] = text
        self.record = replace(self.record, review=review)

    def on_screen_suspend(self) -> None:
        # Into the composer or a picker: what waits for a pause is kept now.
        self.query_one(ReviewNotes).flush()

    # -- keys ----------------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        workbench = self.query_one(TabbedContent)
        workbench.active = tab
        for target in self.query(f"#{tab} CursorGrid, #{tab} PlainTextArea"):
            target.focus()
            break

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_input":
            # Shown while typing in the post-mortem, when the other keys type.
            return isinstance(self.focused, TextArea)
        return True

    def action_leave_input(self) -> None:
        self.query_one(TabbedContent).active = "review-timeline"
        self.query_one(TimelinePane).grid.focus()

    def action_compose_postmortem(self) -> None:
        if any(t.id == POSTMORTEM_TEMPLATE for t in self.context.templates):
            self.composer.compose_with(POSTMORTEM_TEMPLATE)
        else:
            self.notify("No post-mortem template (postmortem.md) is loaded",
                        severity="warning", timeout=5)

    @work(thread=True, group="incident", exit_on_error=False, failure=READ_FAILED)
    def _open_incident(self, incident_id: str) -> None:
        """Another incident: a new review screen in place of this one, with
        its own stored panes."""
        store = self.context.store
        incident = store.incidents.get(incident_id)
        if incident is None:
            raise KeyError(f"no incident {incident_id}")
        context = replace(self.context, incident=incident,
                          entries=store.timeline.entries(incident_id),
                          panes=store.archives.metric_panes(incident_id))
        self.post_message(OtherRead(context))

    @on(OtherRead)
    def _switch_to_other(self, message: OtherRead) -> None:
        self.app.switch_screen(ReviewScreen(message.context))
