"""Open another incident: open ones, resolved ones or all, searched by the
words of the record or its timeline (the store's full-text index), most
relevant first. Typing filters; up/down choose; Enter opens; ctrl+f changes
which incidents are listed. Under the list, the past incidents that look
like the highlighted one ("seen before?")."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static, Tab, Tabs
from textual.widgets.option_list import Option

from tui.model.incident import Incident
from tui.model.safe_text import printable
from tui.model.seen_before import seen_before_line
from tui.model.timefmt import format_age
from tui.model.wording import counted
from tui.sources import describe_error
from tui.ui.workers import work

WHICH = ("open", "resolved", "all")
Finder = Callable[[str, str], list[Incident]]
# Past incidents like this one, best first.
LookAlikes = Callable[[Incident], list[Incident]]


def incident_line(incident: Incident, now: datetime, *, current: bool) -> Text:
    """One incident as the picker lists it: id, severity, status, title, age."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append("● " if current else "  ", style="bold")
    line.append(f"{incident.id:<20} ", style="bold")
    line.append(f"{printable(incident.severity):<5} ")
    line.append(f"{incident.status.label:<14}", style="dim" if not incident.status.is_open
                else "")
    line.append(printable(incident.title))
    started = incident.started_at
    line.append(f"   {started:%Y-%m-%d %H:%MZ} · {format_age(incident.elapsed(now))}",
                style="dim")
    if incident.is_demo:
        line.append("  demo", style="dim italic")
    return line


class IncidentPicker(ModalScreen[str | None]):
    CSS_PATH = "incident_picker.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("enter", "open", "Open", priority=True),
        Binding("up", "move(-1)", "Up", show=False, priority=True),
        Binding("down", "move(1)", "Down", show=False, priority=True),
        Binding("ctrl+f", "cycle_which", "Open/resolved/all", priority=True),
    ]

    def __init__(self, find: Finder, *, current_id: str, now: datetime,
                 look_alikes: LookAlikes | None = None) -> None:
        super().__init__()
        self.find, self.current_id, self.now = find, current_id, now
        self.look_alikes = look_alikes
        self._listed: dict[str, Incident] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="incident-picker"):
            yield Input(placeholder="Search title, services, people, timeline…",
                        id="picker-search")
            yield Tabs(*(Tab(which.capitalize(), id=which) for which in WHICH),
                       id="picker-which")
            yield OptionList(id="picker-list")
            yield Static("", id="picker-seen")
            yield Static("", id="picker-status")
            yield Footer()

    def on_mount(self) -> None:
        self.query_one("#incident-picker").border_title = "Incidents"
        self.query_one("#picker-search", Input).focus()

    @property
    def which(self) -> str:
        active = self.query_one("#picker-which", Tabs).active
        return active if active in WHICH else "open"

    @on(Input.Changed, "#picker-search")
    @on(Tabs.TabActivated, "#picker-which")
    def _search(self) -> None:
        self.search(self.query_one("#picker-search", Input).value, self.which)

    @work(exclusive=True, group="picker", exit_on_error=False)
    async def search(self, text: str, which: str) -> None:
        try:
            found = await asyncio.to_thread(self.find, text, which)
        except Exception as error:  # shown in the dialog; the war room goes on
            self._status(f"✖ {describe_error(error)}")
            return
        self._show(found, text, which)

    def _show(self, found: list[Incident], text: str, which: str) -> None:
        if (text, which) != (self.query_one("#picker-search", Input).value, self.which):
            return  # typed on since: a newer search is on its way
        options = self.query_one("#picker-list", OptionList)
        options.clear_options()
        self._listed = {incident.id: incident for incident in found}
        self._show_seen(None, [])
        options.add_options(
            Option(incident_line(incident, self.now, current=incident.id == self.current_id),
                   id=incident.id) for incident in found)
        if found:
            options.highlighted = 0
        kind = "" if which == "all" else f"{which} "
        label = counted(len(found), f"{kind}incident")
        self._status(label + (f" matching “{text.strip()}”" if text.strip() else ""))

    @on(OptionList.OptionHighlighted, "#picker-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        incident = self._listed.get(event.option.id or "")
        if incident is not None and self.look_alikes is not None:
            self.seen_before(incident)

    @work(exclusive=True, group="picker-seen", exit_on_error=False)
    async def seen_before(self, incident: Incident) -> None:
        assert self.look_alikes is not None
        try:
            found = await asyncio.to_thread(self.look_alikes, incident)
        except Exception:  # only a hint: the list and opening go on without it
            found = []
        self._show_seen(incident.id, found)

    def _show_seen(self, incident_id: str | None, found: list[Incident]) -> None:
        options = self.query_one("#picker-list", OptionList)
        highlighted = (options.get_option_at_index(options.highlighted).id
                       if options.highlighted is not None and options.option_count else None)
        if incident_id is not None and incident_id != highlighted:
            return  # moved on since: the search for the new one is on its way
        seen = self.query_one("#picker-seen", Static)
        seen.set_class(bool(found), "-shown")
        seen.update(Text("Seen before: " + " · ".join(
            seen_before_line(alike, self.now) for alike in found) if found else ""))

    def _status(self, text: str) -> None:
        self.query_one("#picker-status", Static).update(Text(text))

    def action_move(self, step: int) -> None:
        options = self.query_one("#picker-list", OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -step
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_cycle_which(self) -> None:
        tabs = self.query_one("#picker-which", Tabs)
        tabs.active = WHICH[(WHICH.index(self.which) + 1) % len(WHICH)]

    @on(OptionList.OptionSelected, "#picker-list")
    def _chosen(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        options = self.query_one("#picker-list", OptionList)
        if options.highlighted is None or not options.option_count:
            return
        self.dismiss(options.get_option_at_index(options.highlighted).id)
