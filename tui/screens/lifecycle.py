"""The incident's lifecycle: status, the milestones with their times, and
MTTD / MTTA / time to mitigate / MTTR recomputed as times are typed.
Milestones out of order are warned about, never refused."""

from __future__ import annotations

from datetime import datetime, tzinfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Select, Static

from tui.model.incident import (
    Incident,
    LifecycleChange,
    Milestone,
    Status,
    milestone_problems,
    mttx,
)
from tui.model.timefmt import format_duration
from tui.model.typed_time import TimeParseError, parse_typed_time, typeable
from tui.widgets.inert import inert

MTTX_MEANING = {"MTTD": "started → detected", "MTTA": "detected → acknowledged",
                "TTM": "started → mitigated", "MTTR": "started → resolved"}


class LifecycleEditor(ModalScreen[LifecycleChange | None]):
    CSS_PATH = "lifecycle.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    def __init__(self, incident: Incident, *, now: datetime, zone: tzinfo,
                 zone_label: str) -> None:
        super().__init__()
        self.incident, self.now, self.zone, self.zone_label = incident, now, zone, zone_label
        self._shown = {name: typeable(at, now, zone) for name, at in incident.milestones.items()}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="lifecycle"):
            with Horizontal(classes="field"):
                yield Label("Status", classes="caption")
                yield Select([(status.label, status) for status in Status], allow_blank=False,
                             value=self.incident.status, id="lifecycle-status", compact=True)
            yield Static(f"Milestones (times in {self.zone_label}; empty clears one; "
                         "14:32, -5m, 2026-11-23 14:32, ISO-8601)", classes="hint")
            for name in Milestone:
                with Horizontal(classes="field"):
                    yield Label(name.value.capitalize(), classes="caption")
                    yield Input(self._shown.get(name, ""), id=f"milestone-{name.value}",
                                placeholder="not yet", select_on_focus=False,
                                compact=True)
            yield Static("", id="lifecycle-mttx")
            yield Static("", id="lifecycle-problem")
            yield Footer()

    def on_mount(self) -> None:
        box = self.query_one("#lifecycle")
        box.border_title = inert(f"Lifecycle of {self.incident.id}")
        box.border_subtitle = "ctrl+s saves · esc cancels · F1 help"
        self._recompute()
        self.query_one("#lifecycle-status", Select).focus()

    def _read(self) -> tuple[dict[Milestone, datetime], list[str]]:
        """The milestones as typed so far, and what cannot be read."""
        milestones, errors = {}, []
        for name in Milestone:
            typed = self.query_one(f"#milestone-{name.value}", Input).value.strip()
            if not typed:
                continue
            if typed == self._shown.get(name):
                milestones[name] = self.incident.milestones[name]  # untouched: exact
                continue
            try:
                milestones[name] = parse_typed_time(typed, self.now, self.zone)
            except TimeParseError as error:
                errors.append(f"{name.value}: {error}")
        return milestones, errors

    @on(Input.Changed)
    def _recompute(self) -> None:
        milestones, errors = self._read()
        preview = Incident(self.incident.id, self.incident.title, self.incident.severity,
                           self.incident.status, milestones)
        line = Text()
        for name, span in mttx(preview).items():
            line.append(f"{name} ", style="bold")
            line.append(format_duration(span) if span is not None else "—")
            line.append(f" ({MTTX_MEANING[name]})   ", style="dim")
        self.query_one("#lifecycle-mttx", Static).update(line)
        problems = [f"✖ {error}" for error in errors]
        problems += [f"⚠ {problem}" for problem in milestone_problems(milestones)]
        self._problem("\n".join(problems), error=bool(errors))

    def _problem(self, text: str, *, error: bool) -> None:
        line = self.query_one("#lifecycle-problem", Static)
        line.set_class(error, "-error")
        line.update(Text(text))

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    def action_save(self) -> None:
        milestones, errors = self._read()
        if errors:
            self._recompute()
            first = errors[0].split(":", 1)[0]
            self.query_one(f"#milestone-{first}", Input).focus()
            return
        changed: dict[Milestone, datetime | None] = {}
        for name in Milestone:
            before, after = self.incident.milestones.get(name), milestones.get(name)
            if before != after:
                changed[name] = after
        status = self.query_one("#lifecycle-status", Select).value
        assert isinstance(status, Status)
        self.dismiss(LifecycleChange(status, changed))
