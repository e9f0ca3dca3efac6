"""A pod's logs over the war room, with k9s's habits: a container picker
when the pod has several, `p` for the previous instance, follow, `/` to
search (n/N), `w` to wrap. The log is read in a thread worker into a
bounded inbox the screen empties ten times a second; closing the screen
hangs up the read."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui.model.pod_logs import LogContainer, LogInbox, LogRequest, log_containers
from tui.model.pods import PodRow
from tui.sources import describe_error
from tui.sources.protocols import LogStream, PodLogSource, PodsSource
from tui.ui.workers import work
from tui.widgets.inert import inert
from tui.widgets.log_view import LogView
from tui.widgets.warroom_footer import WarroomFooter

POLL_SECONDS = 0.1


class PodLogsScreen(Screen[None]):
    CSS_PATH = "pod_logs.tcss"
    AUTO_FOCUS = "#logs-view"
    BINDINGS = [
        Binding("escape,q", "back", "Back"),  # q too: never quit the app from here
        Binding("p", "toggle_previous", "Previous"),
        Binding("c", "pick_container", "Containers"),
        Binding("slash", "search", "Search"),
        Binding("n", "next_match(1)", "Next"),
        Binding("N", "next_match(-1)", "Previous match", show=False),
        Binding("w", "toggle_wrap", "Wrap"),
        Binding("t", "toggle_timestamps", "Timestamps", show=False),
        Binding("G", "follow", "Follow", show=False),
    ]

    def __init__(self, row: PodRow, source: PodsSource) -> None:
        super().__init__()
        self.row = row
        self.source = source
        self.containers: tuple[LogContainer, ...] = ()
        self.request: LogRequest | None = None
        # Reads not yet over: closing each hangs up a read that waits for a
        # line (a worker's cancellation alone cannot interrupt it).
        self._streams: set[LogStream] = set()
        self._inbox = LogInbox()
        self.problem = ""
        self.ended = False
        self.matches: list[int] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="logs-status")
        yield Static("", id="logs-problem")
        yield OptionList(id="logs-containers")
        yield LogView(id="logs-view")
        yield Input(placeholder="search the log (any case); enter finds, esc closes",
                    id="logs-search")
        yield WarroomFooter()

    @property
    def view(self) -> LogView:
        return self.query_one(LogView)

    def on_mount(self) -> None:
        self.set_interval(POLL_SECONDS, self._poll)
        self._show_status()
        if not isinstance(self.source, PodLogSource):
            self._say("logs need a live cluster: this source (the demo recording) has none")
            return
        self._say("", loading="reading the pod's containers…")
        self.load_containers()

    def on_unmount(self) -> None:
        self._stop()

    # -- reading -----------------------------------------------------------------

    @work(exclusive=True, group="containers", exit_on_error=False)
    async def load_containers(self) -> None:
        try:
            detail = await asyncio.to_thread(self.source.detail, self.row)
        except Exception as error:  # one line on screen; the war room goes on
            self._say(describe_error(error))
            return
        self._got_containers(log_containers(detail.containers))

    def _got_containers(self, containers: tuple[LogContainer, ...]) -> None:
        self.containers = containers
        self._say("")
        if len(containers) == 1:
            self.start(LogRequest(containers[0].name))
        elif containers:
            self.action_pick_container()
        else:
            self._say("this pod has no container yet")

    def start(self, request: LogRequest) -> None:
        """Read `request`'s log from the start, in place of what was shown."""
        self._stop()
        self.request = request
        self._inbox = LogInbox()
        self.problem, self.ended = "", False
        self.view.clear()
        self.matches = []
        self._say("")
        self._read(request, self._inbox)
        self._show_status()

    @work(thread=True, exclusive=True, group="logs", exit_on_error=False)
    def _read(self, request: LogRequest, inbox: LogInbox) -> None:
        worker = get_current_worker()
        source = self.source
        if not isinstance(source, PodLogSource):
            return  # on_mount said so: the demo recording has no logs
        try:
            stream = source.logs(self.row, request)
        except Exception as error:
            inbox.fail(describe_error(error))
            return
        self._streams.add(stream)
        if worker.is_cancelled:  # stopped before the read was known: close it now
            stream.close()
        try:
            for batch in stream.batches():
                if worker.is_cancelled:
                    break
                inbox.put(batch)
        except Exception as error:
            if not worker.is_cancelled:
                inbox.fail(describe_error(error))
                return
        finally:
            self._streams.discard(stream)
        inbox.end()

    def _stop(self) -> None:
        self.workers.cancel_group(self, "logs")
        for stream in list(self._streams):
            stream.close()

    def _poll(self) -> None:
        lines, lost, problem, ended = self._inbox.take()
        if lines or lost:
            self.view.append(lines, lost)
            if self.view.search_text:
                self.matches = self.view.lines.matches(self.view.search_text)
        if problem != self.problem:
            self.problem = problem
            self._say(problem)
        if lines or lost or ended != self.ended:
            self.ended = ended
            self._show_status()

    # -- what the screen says ----------------------------------------------------

    def _say(self, problem: str, loading: str = "") -> None:
        line = self.query_one("#logs-problem", Static)
        line.display = bool(problem or loading)
        line.update(Text(f"⚠ {problem}", style="bold red") if problem
                    else Text(loading, style="dim"))

    def _show_status(self) -> None:
        request, view = self.request, self.view
        text = Text()
        text.append(f"{self.row.namespace}/{self.row.name}", style="bold")
        if request is not None:
            kind = next((c.kind for c in self.containers if c.name == request.container), "")
            text.append(f"  {request.container}" + (f" ({kind})" if kind else ""))
            if request.previous:
                text.append("  previous instance", style="bold yellow")
            if request.timestamps:
                text.append("  timestamps", style="dim")
        lines = view.lines
        text.append(f"   {len(lines):,} lines", style="dim")
        if lines.dropped:
            text.append(f", {lines.dropped:,} older dropped (keeps {lines.max_lines:,})",
                        style="yellow")
        if self.ended:
            text.append("   ended", style="dim")
        elif request is not None and request.follow:
            text.append("   following" if view.is_following else "   paused (G follows)",
                        style="dim")
        if view.search_text:
            place = (self.matches.index(view.current) + 1 if view.current in self.matches
                     else 0)
            text.append(f"   /{view.search_text} {place}/{len(self.matches)}", style="bold")
        if view.wrap:
            text.append("   wrap", style="dim")
        self.query_one("#logs-status", Static).update(text)

    # -- keys --------------------------------------------------------------------

    def action_pick_container(self) -> None:
        if not self.containers:
            return
        picker = self.query_one("#logs-containers", OptionList)
        picker.clear_options()
        picker.add_options(Option(inert(c.label), id=c.name) for c in self.containers)
        names = [c.name for c in self.containers]
        current = self.request.container if self.request is not None else names[0]
        picker.highlighted = names.index(current) if current in names else 0
        picker.border_title = "Container"
        picker.display = True
        picker.focus()

    @on(OptionList.OptionSelected, "#logs-containers")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.option_list.display = False
        self.view.focus()
        self.start(LogRequest(event.option.id or ""))

    def action_toggle_previous(self) -> None:
        if self.request is not None:
            self.start(LogRequest(self.request.container, previous=not self.request.previous,
                                  follow=self.request.previous))

    def action_toggle_timestamps(self) -> None:
        """The server's own receipt time before each line (k9s's `t`): read again."""
        if self.request is not None:
            self.start(replace(self.request, timestamps=not self.request.timestamps))

    def action_toggle_wrap(self) -> None:
        self.view.set_wrap(not self.view.wrap)
        self._show_status()

    def action_follow(self) -> None:
        self.view.action_scroll_end()
        self._show_status()

    def action_search(self) -> None:
        search = self.query_one("#logs-search", Input)
        search.display = True
        search.value = self.view.search_text
        search.focus()

    @on(Input.Submitted, "#logs-search")
    def _searched(self, event: Input.Submitted) -> None:
        event.input.display = False
        self.view.focus()
        self.matches = self.view.set_query(event.value)
        self.action_next_match(1)

    def action_next_match(self, step: int) -> None:
        """The next (1) or previous (-1) line holding the search, wrapping."""
        if not self.matches:
            self._show_status()
            return
        current = self.view.current
        if step > 0:
            target = next((n for n in self.matches if n > current), self.matches[0])
        else:
            target = next((n for n in reversed(self.matches) if n < current),
                          self.matches[-1])
        self.view.show_match(target)
        self._show_status()

    def action_back(self) -> None:
        """Escape closes the search or the picker first, then the screen."""
        search = self.query_one("#logs-search", Input)
        picker = self.query_one("#logs-containers", OptionList)
        if search.display:
            search.display = False
            self.view.focus()
        elif picker.display and self.request is not None:
            picker.display = False
            self.view.focus()
        else:
            self.dismiss()
