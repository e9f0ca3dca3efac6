"""The war-room screen: incident header, live panes, and the workbench tabs."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.lazy import Lazy
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from tui.context import WINDOWS, WarroomContext
from tui.model.incident import Incident, Status
from tui.model.metrics import MetricSnapshot
from tui.model.pods import PodSnapshot
from tui.model.safe_text import printable
from tui.model.timefmt import format_window
from tui.model.timeline import TimelineEntry
from tui.playbooks import fill
from tui.templates import TemplateError, incident_fields, render
from tui.widgets.incident_header import IncidentHeader
from tui.widgets.metric_pane import MetricPane
from tui.widgets.pod_table import PodTable
from tui.widgets.timeline_pane import TimelinePane

NARROW_WIDTH = 120


class LiveUpdate(Message):
    def __init__(self, pods: PodSnapshot, metrics: dict[str, MetricSnapshot]) -> None:
        super().__init__()
        self.pods = pods
        self.metrics = metrics


class RecordChanged(Message):
    """The store has committed a change; here is the record as it now stands."""

    def __init__(self, incident: Incident, entries: list[TimelineEntry], saved: str,
                 *, note_saved: bool = False) -> None:
        super().__init__()
        self.incident = incident
        self.entries = entries
        self.saved = saved
        self.note_saved = note_saved


class WarroomScreen(Screen[None]):
    CSS_PATH = "warroom.tcss"
    BINDINGS = [
        Binding("n", "add_note", "Note", id="warroom.add-note"),
        Binding("w", "cycle_window", "Window", id="warroom.window"),
        Binding("1", "show_tab('timeline')", "Timeline", id="warroom.tab-timeline"),
        Binding("2", "show_tab('checklist')", "Checklist", id="warroom.tab-checklist"),
        Binding("3", "show_tab('composer')", "Composer", id="warroom.tab-composer"),
        Binding("y", "copy_update", "Copy update", id="warroom.copy-update"),
        Binding("escape", "leave_input", "Leave input", show=False),
    ]

    def __init__(self, context: WarroomContext) -> None:
        super().__init__()
        self.context = context
        self.incident = context.incident
        self.entries = context.entries
        self.window_seconds = context.window_seconds
        self._next_poll: Timer | None = None

    def compose(self) -> ComposeResult:
        yield IncidentHeader(self.incident, self.context.clock.now(),
                             demo_label=self.context.demo_label)
        with Horizontal(id="live"):
            yield PodTable(id="pods")
            with Vertical(id="metrics"):
                for spec in self.context.panes:
                    yield MetricPane(spec, id=f"pane-{spec.id}")
        # The workbench is mounted just after the first paint: it is a third
        # of the widgets, and the header and live panes matter first.
        with Lazy(TabbedContent(id="workbench", initial="timeline")):
            with TabPane("Timeline", id="timeline"):
                yield TimelinePane(self.entries)
            with TabPane("Checklist", id="checklist"), VerticalScroll():
                yield Static(self._checklist_text(), id="checklist-view")
            with TabPane("Composer", id="composer"), VerticalScroll():
                yield Static(self._composed_text(), id="composer-view")
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)
        self.call_after_refresh(self.poll)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    # -- live data ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="live", exit_on_error=False)
    def poll(self) -> None:
        source, now = self.context.source, self.context.clock.now()
        window = timedelta(seconds=self.window_seconds)
        self.post_message(LiveUpdate(source.pods(now), source.metrics(now, window)))

    def on_live_update(self, message: LiveUpdate) -> None:
        now = self.context.clock.now()
        self.query_one(PodTable).show(message.pods, now)
        for pane_id, snapshot in message.metrics.items():
            self.query_one(f"#pane-{pane_id}", MetricPane).show(snapshot)
        self._schedule_poll(self.context.poll_seconds)

    def _schedule_poll(self, delay: float) -> None:
        """Schedule the next poll only once the last has answered, so a slow
        poll delays the next one and never stacks; one timer at a time."""
        if self._next_poll is not None:
            self._next_poll.stop()
        self._next_poll = self.set_timer(delay, self.poll)

    def _tick(self) -> None:
        self.query_one(IncidentHeader).now = self.context.clock.now()

    # -- the record --------------------------------------------------------------

    def _show_record(self) -> None:
        header = self.query_one(IncidentHeader)
        header.incident = self.incident
        header.now = self.context.clock.now()
        # query(), not query_one(): the workbench may not be mounted yet.
        for timeline in self.query(TimelinePane):
            timeline.show(self.entries)
        for composer in self.query("#composer-view").results(Static):
            composer.update(self._composed_text())

    def on_record_changed(self, message: RecordChanged) -> None:
        self.incident, self.entries = message.incident, message.entries
        self._show_record()
        if message.note_saved:
            for timeline in self.query(TimelinePane):
                timeline.note_saved()
        self.notify(message.saved, timeout=3)

    @on(TimelinePane.NoteSubmitted)
    def save_note(self, message: TimelinePane.NoteSubmitted) -> None:
        self._write_note(message.text)

    @work(thread=True, group="store", exit_on_error=False)
    def _write_note(self, text: str) -> None:
        store, incident_id = self.context.store, self.incident.id
        store.add_entry(incident_id, text, author=self.context.author)
        self._publish(incident_id, "Note saved", note_saved=True)

    @work(thread=True, group="store", exit_on_error=False)
    def set_status(self, status: Status) -> None:
        incident_id = self.incident.id
        self.context.store.set_status(incident_id, status, author=self.context.author)
        self._publish(incident_id, f"Status set to {status.label}")

    def _publish(self, incident_id: str, saved: str, *, note_saved: bool = False) -> None:
        """From a worker: re-read the committed record and hand it to the UI thread."""
        store = self.context.store
        incident = store.incident(incident_id)
        assert incident is not None
        self.post_message(RecordChanged(incident, store.entries(incident_id), saved,
                                        note_saved=note_saved))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if event.worker.group == "live":
            self.notify(f"Live data failed: {error}", severity="error", timeout=8)
            self._schedule_poll(max(5.0, self.context.poll_seconds))
        else:
            # Nothing typed is lost: the note stays in the box until saved.
            self.notify(f"Not saved: {error}", severity="error", timeout=10)

    # -- checklist and composer -------------------------------------------------

    def _placeholders(self) -> dict[str, str]:
        service = self.incident.services[0] if self.incident.services else ""
        return {"service": service, "namespace": self.context.namespace}

    def _checklist_text(self) -> Text:
        playbook = self.context.playbook
        if playbook is None:
            return Text("No playbook attached.")
        text = Text()
        text.append(f"{playbook.title}\n", style="bold")
        values = self._placeholders()
        for section in playbook.sections:
            text.append(f"\n{section.title}\n", style="bold underline")
            for item in section.items:
                text.append(f"  ☐ {printable(fill(item.text, values))}\n")
                if item.command:
                    text.append(f"      $ {printable(fill(item.command, values))}\n", style="dim")
        return text

    def _composed_text(self) -> Text:
        # Text, not str: a str would be parsed as Rich markup ("[P1]" vanishes).
        return Text(printable(self._composed(), single_line=False))

    def _composed(self) -> str:
        fields = incident_fields(self.incident, self.entries, self.context.clock.now())
        try:
            return render(self.context.update_template, fields)
        except TemplateError as error:
            return f"Template error: {error}"

    # -- actions -------------------------------------------------------------------

    def action_add_note(self) -> None:
        for workbench in self.query(TabbedContent):
            workbench.active = "timeline"
            self.query_one("#note-input", Input).focus()

    def action_leave_input(self) -> None:
        self.query_one(PodTable).query_one("DataTable").focus()

    def action_show_tab(self, tab: str) -> None:
        for workbench in self.query(TabbedContent):
            workbench.active = tab

    def action_cycle_window(self) -> None:
        index = WINDOWS.index(self.window_seconds) if self.window_seconds in WINDOWS else 0
        self.window_seconds = WINDOWS[(index + 1) % len(WINDOWS)]
        self.notify(f"Chart window: {format_window(self.window_seconds)}", timeout=2)
        self.call_after_refresh(self.poll)

    def action_copy_update(self) -> None:
        self.app.copy_to_clipboard(self._composed())
        self.notify("Status update copied to the clipboard (OSC 52)", timeout=3)
