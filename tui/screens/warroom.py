"""The war-room screen: incident header, live panes, and the workbench tabs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo

from textual.app import ComposeResult
from textual.geometry import Size
from textual.widgets import Input, TabbedContent

from tui.model.incident import Status
from tui.model.note_queue import NoteQueue
from tui.model.pane_state import PaneState
from tui.model.record import IncidentRecord
from tui.model.safe_text import printable
from tui.screens.alerts_part import AlertsPart
from tui.screens.checklist_part import ChecklistPart
from tui.screens.demo_exit_part import DemoExitPart
from tui.screens.feed_registry import live_feeds
from tui.screens.incident_forms import IncidentForms
from tui.screens.incident_screen import IncidentScreen
from tui.screens.live_feed import LiveFeeds
from tui.screens.live_layout import LiveLayout
from tui.screens.live_refresh import LiveRefresh
from tui.screens.messages import NotesChanged, PlaybooksOffered
from tui.screens.metric_panes_part import MetricPanes, PaneStates
from tui.screens.notes_part import NoteSaving
from tui.screens.pane_detection_part import PaneDetection
from tui.screens.pane_editing import PaneEditing
from tui.screens.pods_part import PodsPart
from tui.screens.presentation import Presentation
from tui.screens.record_sync import RecordSync
from tui.screens.response_part import ResponsePart
from tui.screens.slo_part import SloPart
from tui.screens.store_link_part import StoreLinkWatch
from tui.screens.suggestions_part import Suggestions
from tui.screens.timeline_editing import TimelineEditing
from tui.screens.update_snooze import UpdateSnooze
from tui.screens.warroom_keys import TYPED_AHEAD, WARROOM_BINDINGS, typed_ahead_allowed
from tui.sources.protocols import ContextSwitch
from tui.ui.context import WarroomContext
from tui.ui.workers import Failure
from tui.widgets.alerts_pane import AlertsPane
from tui.widgets.checklist_pane import ChecklistPane
from tui.widgets.incident_header import IncidentHeader
from tui.widgets.live_grid import LiveGrid
from tui.widgets.pod_grid import PodGrid
from tui.widgets.pod_table import PodTable
from tui.widgets.presentation_bar import PresentationBar
from tui.widgets.suggestion_bar import SuggestionBar
from tui.widgets.timeline_pane import TimelinePane
from tui.widgets.warroom_footer import WarroomFooter
from tui.widgets.workbench import Workbench


class WarroomScreen(IncidentScreen):
    CSS_PATH = ["incident_widgets.tcss", "warroom.tcss"]
    # The pods grid, not the hidden filter box before it.
    AUTO_FOCUS = "PodGrid"
    BINDINGS = WARROOM_BINDINGS

    # A write that failed: once while the trouble lasts (a full disk fails them all).
    DEFAULT_FAILURE = Failure("Not saved: {error}. What you typed is kept: try again.",
                              write=True, once=True, timeout=10)

    def __init__(self, context: WarroomContext, notes: NoteQueue | None = None) -> None:
        """`notes`: still on their way from the demo's war room, which this replaces."""
        super().__init__(context)
        self.live = LiveRefresh(self)
        # Every live feed, asked again at each refresh (feed_registry.py).
        self.feeds = LiveFeeds(lambda: live_feeds(self), context.refresh_seconds,
                               self.live.archive)
        self.pane_states = PaneStates(self.feeds.states)
        for spec in context.panes:
            self.pane_states[spec.id] = PaneState()
        self.presentation = Presentation(self)
        publish = self._publish
        self.live_layout = LiveLayout(self, has_pods=context.pods is not None)
        self.record_sync = RecordSync(self, context, self.toast_once, take_record=self.take_record)
        self.store_link = StoreLinkWatch(self)
        self.note_saving = NoteSaving(self, publish, notes)
        self.pane_editing = PaneEditing(self, context, self.pane_states,
                                        self.live_layout.panes_changed, self.refresh_live)
        self.detection = PaneDetection(self, self.pane_states, self.live_layout.panes_changed,
                                       self.refresh_live)
        self.metric_panes = MetricPanes(self, context, found_nothing=self.detection.found_nothing,
                                        publish=publish)
        self.update_snooze = UpdateSnooze(self, context, publish)
        self.suggestion_offers = Suggestions(self, context, publish)
        self.pods_part = PodsPart(self, context, context.incident.id,
                                  offer=self.suggestion_offers.offer,
                                  refresh_live=self.refresh_live,
                                  refresh_feed=self.live.refresh_feed)
        self.checklist = ChecklistPart(self, publish, self.pane_editing.open_editor)
        self.forms = IncidentForms(self, context, publish=publish,
                                   offer_playbooks=self.checklist.offer_playbooks,
                                   zone=self.zone, switch_to=self._switch_to)
        self.timeline_editing = TimelineEditing(self, context, publish)
        self.response = ResponsePart(self, publish)
        self.slo = SloPart(self, context, publish)
        self.alerts = AlertsPart(self, publish, self.refresh_live)
        self.demo_exit = (DemoExitPart(self, context.demo_exit)
                          if context.demo_exit is not None else None)
        self._rest_shown = False
        # Found once, for the clock's tick: the header and the workbench.
        self._header: IncidentHeader
        self._bench: Workbench

    def compose(self) -> ComposeResult:
        yield PresentationBar(id="presentation")
        yield IncidentHeader(self.incident, self.context.clock.now(),
                             demo_label=self.context.demo_label, banner=self.context.local_copy,
                             levels=self.context.severity_levels,
                             ladder=self.context.escalation, roster=self.context.roster)
        yield SuggestionBar(id="suggestions")
        yield LiveGrid(self.context.panes, self.feeds.widgets(), id="live")
        # The workbench's room is kept from the first frame (nothing below
        # the header moves when it comes); what fills it is mounted once the
        # header and the live panes are on screen: see show_the_rest.
        yield Workbench(id="workbench")
        # Its keys are built once before the first paint (they were built
        # one to three times, 61 ms each). Held until the workbench is in
        # (WarroomFooter(hold=True)), they came 0.3 s after it: measured
        # worse for the whole room, better by as little for the header.
        yield WarroomFooter()

    def on_mount(self) -> None:
        self._header, self._bench = self.query_one(IncidentHeader), self.query_one(Workbench)
        self.set_interval(1.0, self._tick)
        self.feeds.hide_absent(self)
        self.fit_width(self.app.size)
        if getattr(self.app, "first_frame_painted", False):
            # Opened after start-up (leaving the demo): no Ready event comes.
            self.call_after_refresh(self.show_the_rest)
        self.record_sync.read(self.incident.id)

    async def show_the_rest(self, then: Callable[[], object] | None = None) -> None:
        """Once the first frame is on screen (the app's Ready): the
        workbench, the footer's keys and the first live refresh. Textual
        runs callbacks "after refresh" inside the start-up batch, before
        anything is painted: Lazy and call_after_refresh deferred nothing.
        `then` is called once all of it is drawn."""
        if self._rest_shown:
            return
        self._rest_shown = True
        self.refresh_live()
        if self.context.detector is not None:
            self.detection.detect()
        await self._bench.fill(self.entries, self.context.roster,
                               "; ".join(self.context.roster_problems))
        # The record may have been read meanwhile: the tab in view shows it.
        self._show_workbench("timeline")

        async def rest() -> None:  # the other tabs, once the room and its keys are painted
            await self._bench.fill_rest(self._show_workbench)
            for name in self.feeds.mounted_since(self):  # the rollouts, into their tab
                self.live.refresh_feed(name)
            if then is not None:
                then()
        self.query_one(WarroomFooter).release(lambda: self.call_after_refresh(rest))
        # After the first refresh: a toast raised while the screen is still
        # being pushed lands on the screen before it, and is never seen.
        self.call_after_refresh(self._report_file_problems)

    async def on_unmount(self) -> None:
        await self.feeds.aclose()

    def fit_width(self, size: Size) -> None:
        super().fit_width(size)
        self.live_layout.arrange(size)

    # -- live data ---------------------------------------------------------------

    def refresh_live(self, force: bool = False) -> None:
        self.live.refresh(force)  # every live pane at once: LiveRefresh

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in TYPED_AHEAD:
            return typed_ahead_allowed(action, self.focused)
        if (action in ("accept_suggestion", "dismiss_suggestion")
                and not self.suggestion_offers.pending):
            return None  # hidden from the footer, and the key does nothing
        if action in ("pick_contexts", "pick_namespaces") and not isinstance(
                self.context.pods, ContextSwitch):
            return None  # the demo and the no-cluster war room have no contexts
        # Z only once an update is due or nearly; False hides it (`?` lists it).
        return action != "snooze_update" or self.response.snooze_offered()

    def action_pick_contexts(self) -> None:
        self.pods_part.pick_contexts()

    def action_pick_namespaces(self) -> None:
        self.pods_part.pick_namespaces()

    def action_accept_suggestion(self) -> None:
        self.suggestion_offers.accept(self.incident.id)

    def action_dismiss_suggestion(self) -> None:
        self.suggestion_offers.dismiss()

    def _tick(self) -> None:
        """Each second. The widgets are the ones found once (_parts): a
        query walks the whole screen, four a second took 10–35 ms of a frame."""
        now = self.context.clock.now()
        self._header.now = now
        self.store_link.tick()
        self.response.check_targets(now)
        self.response.check_snooze_offer()
        self.presentation.show(now)
        if self._bench.parts is not None:
            tabs, timeline, checklist = self._bench.parts
            checklist.set_time(now, timeline.zone)
            # The duration and the time of writing move; a draft does not.
            if tabs.active == "composer":
                self.composer.composer_tick()

    def on_pod_grid_selected(self, message: PodGrid.Selected) -> None:
        self.pods_part.show_pod(message.row)

    def on_pod_grid_logs_wanted(self, message: PodGrid.LogsWanted) -> None:
        self.pods_part.show_pod_logs(message.row)

    # -- the record --------------------------------------------------------------

    def _show_record(self) -> None:
        self.app.sub_title = printable(self.incident.title)
        header = self.query_one(IncidentHeader)
        header.show_record(self.record)
        header.now = self.context.clock.now()
        self.presentation.show(header.now)
        # Only the tab in view: the others are drawn when they are shown
        # (every note saved used to redraw all five, a frame of 150 ms).
        self._show_workbench(self.query_one(Workbench).active)

    def _show_workbench(self, tab: str = "") -> None:
        """The record in one tab of the workbench, or (no tab) in all."""
        self.query_one(Workbench).show_record(tab, self.record, self.context.playbooks,
                                              self.values, self.context.clock.now(),
                                              self.zone()[0], self.composer.show_composer)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._show_workbench(event.pane.id or "")

    # -- the timeline: TimelineEditing ----------------------------------------------

    def on_timeline_pane_edit_requested(self, message: TimelinePane.EditRequested) -> None:
        self.timeline_editing.open_entry_editor(self.incident, message.entry)

    def on_timeline_pane_delete_requested(self, message: TimelinePane.DeleteRequested) -> None:
        self.timeline_editing.delete(self.incident.id, message.entry)

    def on_timeline_pane_undo_requested(self) -> None:
        self.timeline_editing.undo(self.incident.id)

    def set_status(self, status: Status) -> None:  # from the command palette
        self.forms.set_status(self.incident.id, status)

    # -- declaring, editing and switching incidents ----------------------------------

    def zone(self) -> tuple[tzinfo, str]:
        """The zone the timeline shows times in: typed times are read in it."""
        return self.query_one(Workbench).zone()

    def action_declare(self) -> None:
        if self.demo_exit is not None:
            self.demo_exit.declare_leaving_demo()
        else:
            self.forms.open_incident_form(None)

    def action_edit_incident(self) -> None:
        self.forms.open_incident_form(self.incident)

    def action_lifecycle(self) -> None:
        self.forms.open_lifecycle(self.incident)

    def _open_incident(self, incident_id: str) -> None:
        self.forms.open_incident(incident_id)

    def open_picked(self, incident_id: str) -> None:
        if self.demo_exit is not None:
            self.demo_exit.open_leaving_demo(incident_id)
        else:
            super().open_picked(incident_id)

    def _switch_to(self, record: IncidentRecord, saved: str) -> None:
        incident = record.incident
        if incident.id != self.incident.id:
            self.note_saving.switch(self.incident.id, incident.id)
            self.timeline_editing.forget()
            self.pods_part.switch(incident.id)
        self.record = record
        self._show_record()
        self.note_saving.show_pending()  # a note queued for the other incident says so
        self.notify(saved, timeout=3, markup=False)

    # -- actions -------------------------------------------------------------------

    def action_add_note(self) -> None:
        if self._bench.active:  # the timeline is in
            self._bench.show_tab("timeline")
            self.set_focus(self.query_one("#note-input", Input))

    def action_show_stats(self) -> None:
        from tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(self.context))

    def action_toggle_presentation(self) -> None:
        self.presentation.toggle()

    def action_leave_input(self) -> None:
        self.set_focus(self.query_one(PodTable).grid)  # at once: see TYPED_AHEAD

    action_leave_note = action_leave_input

    def action_show_tab(self, tab: str) -> None:
        """Show a workbench tab and put the keys in it: 2 then space ticks."""
        if self._bench.parts is not None:
            self._bench.show_tab(tab)
            for grid in self.query(f"#{tab} CursorGrid, #{tab} OptionList"):
                grid.focus()

    def action_cycle_window(self) -> None:
        self.metric_panes.cycle_window()
        self.refresh_live(force=True)

    def action_refresh(self) -> None:
        if self.context.detector is not None:
            self.detection.detect(force=True)
        self.refresh_live(force=True)

    def action_pin(self) -> None:
        self.metric_panes.pin(self.focused, self.incident.id)

    # -- pane editing: PaneEditing -------------------------------------------------

    def action_add_pane(self) -> None:
        self.pane_editing.add(self.incident.services)

    def action_edit_pane(self) -> None:
        self.pane_editing.edit()

    def action_remove_pane(self) -> None:
        self.pane_editing.remove()

    def action_mark_update_sent(self) -> None:
        """The chosen communication went out: logged in full; a status
        update restarts the countdown."""
        self.composer.send_chosen()

    def action_snooze_update(self) -> None:
        self.update_snooze.ask(self.incident.id)

    def action_copy_update(self) -> None:
        self.composer.copy_chosen()

    def action_escalate(self) -> None:
        self.response.escalate()

    def action_dismiss_escalation(self) -> None:
        self.response.dismiss_escalation()

    # -- what the parts' widgets ask for -------------------------------------------------

    def on_timeline_pane_note_submitted(self, message: TimelinePane.NoteSubmitted) -> None:
        self.note_saving.submitted(message.text)

    def on_notes_changed(self, message: NotesChanged) -> None:
        self.note_saving.changed(message)

    def on_pod_table_wide_toggled(self, message: PodTable.WideToggled) -> None:
        self.live_layout.pods_wide(message.wide)

    def on_alerts_pane_silence_requested(self, message: AlertsPane.SilenceRequested) -> None:
        self.alerts.open_silence_dialog(message.alert)

    def on_alerts_pane_expire_requested(self, message: AlertsPane.ExpireRequested) -> None:
        self.alerts.expire(message.alert)

    def on_checklist_pane_mark_requested(self, message: ChecklistPane.MarkRequested) -> None:
        self.checklist.mark(message)

    def on_checklist_pane_skip_requested(self, message: ChecklistPane.SkipRequested) -> None:
        self.checklist.skip(message)

    def on_checklist_pane_graph_requested(self, message: ChecklistPane.GraphRequested) -> None:
        self.checklist.graph(message)

    def on_checklist_pane_follow_up_requested(self, message: ChecklistPane.FollowUpRequested
                                              ) -> None:
        self.checklist.follow_up(message)

    def on_checklist_pane_playbooks_requested(self) -> None:
        self.checklist.choose_playbooks(self.incident, self.record.attachments, set(), "")

    def on_playbooks_offered(self, message: PlaybooksOffered) -> None:
        self.checklist.choose_playbooks(message.incident, message.attachments,
                                        message.proposed, message.why)
