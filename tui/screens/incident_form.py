"""Declare an incident, or edit one: title, severity (with the impact
helper's proposal), customer impact, services, description and roles.
The title is required; everything typed stays in the form until it saves."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, tzinfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from tui.model.contacts import Roster
from tui.model.impact import ImpactKind, Scope, impact_summary, propose_severity
from tui.model.incident import Incident, IncidentDraft, Roles, split_names
from tui.model.seen_before import seen_before_line
from tui.model.severity import SeverityLevel, describe_targets, level
from tui.model.typed_time import TimeParseError, parse_typed_time, time_warnings, typeable
from tui.screens.discard_guard import DiscardGuard
from tui.sources import describe_error
from tui.ui.workers import work
from tui.widgets.inert import inert
from tui.widgets.roster_autocomplete import RosterAutoComplete

# Past incidents like the one typed: (title, services, scenarios) → best first.
LookAlikes = Callable[[str, tuple[str, ...], tuple[str, ...]], list[Incident]]

ROLE_FIELDS = (("incident_commander", "Incident commander"), ("tech_lead", "Tech lead"),
               ("comms_lead", "Comms lead"), ("scribe", "Scribe"))


class IncidentForm(DiscardGuard, ModalScreen[IncidentDraft | None]):
    CSS_PATH = "incident_form.tcss"
    BINDINGS = [
        Binding("escape", "cancel_form", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
        # Fields that use the arrows (selects, the description) take them first.
        Binding("down", "to_seen", "Seen before", show=False),
    ]

    def __init__(self, *, levels: tuple[SeverityLevel, ...], now: datetime, zone: tzinfo,
                 zone_label: str, incident: Incident | None = None,
                 draft: IncidentDraft | None = None, problem: str = "",
                 roster: Roster | None = None, look_alikes: LookAlikes | None = None,
                 open_incident: Callable[[str], None] | None = None) -> None:
        """`draft` refills the form after a failed save; `problem` says why.
        The roles complete from the `roster`. While declaring, `look_alikes`
        lists past incidents like the one typed ("seen before?"), and Enter
        on one leaves the form for `open_incident`."""
        super().__init__()
        self.roster = roster or Roster()
        self.levels, self.now, self.zone, self.zone_label = levels, now, zone, zone_label
        self.incident = incident
        middle = levels[min(2, len(levels) - 1)].key
        self.initial = draft or (IncidentDraft(
            incident.title, incident.severity, incident.description, incident.impact,
            incident.services, incident.roles, incident.scenarios) if incident
            else IncidentDraft("", middle))
        self.problem = problem
        # The impact line the helper wrote: replaced when the answers change,
        # unless someone typed over it.
        self._proposed_impact = ""
        self._accepted_start: datetime | None = None
        self.look_alikes, self.open_incident = look_alikes, open_incident

    @property
    def declaring(self) -> bool:
        return self.incident is None

    def _severity_choices(self) -> list[tuple[str, str]]:
        choices = [(f"{item.key}  {item.name}", item.key) for item in self.levels]
        current = self.initial.severity
        if current and current not in {item.key for item in self.levels}:
            choices.append((f"{current}  (as recorded)", current))
        return choices

    def compose(self) -> ComposeResult:
        initial = self.initial
        with VerticalScroll(id="incident-form"):
            with Horizontal(classes="field"):
                yield Label("Title", classes="caption")
                yield Input(initial.title, id="form-title", compact=True,
                            placeholder="What is broken, for whom: Checkout failing in EU")
            with Horizontal(classes="field"):
                yield Label("Users affected", classes="caption")
                yield Select([(scope.value, scope) for scope in Scope], id="form-scope",
                             compact=True, prompt="how many?")
                yield Label("Impact", classes="caption short")
                yield Select([(kind.value, kind) for kind in ImpactKind], id="form-kind",
                             compact=True, prompt="how bad?")
            yield Static("", id="form-proposal")
            with Horizontal(classes="field"):
                yield Label("Severity", classes="caption")
                yield Select(self._severity_choices(), allow_blank=False,
                             id="form-severity", compact=True, value=initial.severity)
                if self.declaring:
                    yield Label(f"Started ({self.zone_label})", classes="caption short")
                    started = (typeable(initial.started_at, self.now, self.zone)
                               if initial.started_at else "now")
                    yield Input(started, id="form-started", select_on_focus=False, compact=True,
                                placeholder="14:32, -20m, ISO-8601")
                else:
                    yield Label("Why", classes="caption short")
                    yield Input(initial.severity_reason, id="form-reason", compact=True,
                                placeholder="reason for a severity change")
            yield Static("", id="form-level")
            with Horizontal(classes="field"):
                yield Label("Customer impact", classes="caption")
                yield Input(initial.impact, id="form-impact", compact=True,
                            placeholder="Checkout fails for EU customers")
            with Horizontal(classes="field"):
                yield Label("Services", classes="caption")
                yield Input(", ".join(initial.services), id="form-services", compact=True,
                            placeholder="checkout, payments")
                yield Label("Scenario", classes="caption short")
                yield Input(", ".join(initial.scenarios), id="form-scenarios", compact=True,
                            placeholder="db-pool, deploy: picks the playbooks")
            if self.declaring and self.look_alikes is not None:
                yield Label("Seen before?", id="form-seen-caption", classes="caption")
                yield OptionList(id="form-seen", compact=True)
            yield Label("Description", classes="caption")
            yield TextArea(initial.description, id="form-description", compact=True,
                           soft_wrap=True, show_line_numbers=False)
            roles = initial.roles
            with Horizontal(classes="field roles"):
                for name, label in ROLE_FIELDS[:2]:
                    yield Label(label, classes="caption")
                    yield Input(getattr(roles, name), id=f"form-{name}", placeholder="name",
                                compact=True)
            with Horizontal(classes="field roles"):
                for name, label in ROLE_FIELDS[2:]:
                    yield Label(label, classes="caption")
                    yield Input(getattr(roles, name), id=f"form-{name}", placeholder="name",
                                compact=True)
            with Horizontal(classes="field"):
                yield Label("SMEs", classes="caption")
                yield Input(", ".join(roles.smes), id="form-smes", compact=True,
                            placeholder="names, comma separated")
            yield Static("", id="form-problem")
            yield Footer()

    def on_mount(self) -> None:
        box = self.query_one("#incident-form")
        box.border_title = inert("Declare an incident" if self.declaring
                                 else f"Edit {self.incident.id if self.incident else ''}")
        box.border_subtitle = "ctrl+s saves · esc cancels · F1 help"
        self._show_level()
        if self.roster.contacts:
            for name, _ in ROLE_FIELDS:
                self.mount(RosterAutoComplete(f"#form-{name}", self.roster))
            self.mount(RosterAutoComplete("#form-smes", self.roster, listed=True))
        if self.problem:
            self._problem(self.problem, error=True)
        self.query_one("#form-title", Input).focus()
        self.discard_what = ("this incident" if self.declaring
                             else "the changes to this incident")
        self.remember_form(typed=bool(self.problem))

    def _typed_alike(self) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        return (self._value("form-title").strip(), split_names(self._value("form-services")),
                split_names(self._value("form-scenarios").lower()))

    @on(Input.Changed, "#form-title")
    @on(Input.Changed, "#form-services")
    @on(Input.Changed, "#form-scenarios")
    def _look_for_alikes(self) -> None:
        if self.declaring and self.look_alikes is not None:
            self.find_alikes(*self._typed_alike())

    # Off the UI thread, the newest typing winning: the search never holds up a key.
    @work(exclusive=True, group="seen-before", exit_on_error=False)
    async def find_alikes(self, title: str, services: tuple[str, ...],
                          scenarios: tuple[str, ...]) -> None:
        assert self.look_alikes is not None
        typed = (title, services, scenarios)
        try:
            found = await asyncio.to_thread(self.look_alikes, title, services, scenarios)
        except Exception as error:  # a failed search must not stop a declaration
            self._show_alikes([], typed, f"(search failed: {describe_error(error)})")
            return
        self._show_alikes(found, typed)

    def _show_alikes(self, found: list[Incident],
                     typed: tuple[str, tuple[str, ...], tuple[str, ...]],
                     problem: str = "") -> None:
        if not self.is_mounted or typed != self._typed_alike():
            return  # typed on since: a newer search is on its way
        caption = self.query_one("#form-seen-caption", Label)
        listed = self.query_one("#form-seen", OptionList)
        listed.clear_options()
        listed.add_options(Option(Text(seen_before_line(incident, self.now), no_wrap=True,
                                       overflow="ellipsis"), id=incident.id)
                           for incident in found)
        if found:
            listed.highlighted = 0  # so that Enter, once in the list, opens the best
        caption.update(Text(problem or "Seen before? (↓ to the list, Enter opens one)"))
        caption.set_class(bool(found or problem), "-shown")
        listed.set_class(bool(found), "-shown")

    def action_to_seen(self) -> None:
        """Down from the title, services or scenario, into the look-alikes."""
        focused = self.focused
        if focused is None or focused.id not in ("form-title", "form-services",
                                                  "form-scenarios"):
            return
        for listed in self.query("#form-seen").results(OptionList):
            if listed.has_class("-shown"):
                listed.focus()

    @on(OptionList.OptionSelected, "#form-seen")
    def _open_alike(self, event: OptionList.OptionSelected) -> None:
        # Leaving the form: what was typed goes with it, as with Escape.
        incident_id, opener = event.option.id, self.open_incident
        self.dismiss(None)
        if incident_id is not None and opener is not None:
            opener(incident_id)

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    def _problem(self, text: str, *, error: bool) -> None:
        line = self.query_one("#form-problem", Static)
        line.set_class(error, "-error")
        line.update(Text(text))

    @on(Select.Changed, "#form-severity")
    def _show_level(self) -> None:
        key = self.query_one("#form-severity", Select).value
        if not isinstance(key, str):
            return
        try:
            chosen = level(key, self.levels)
        except ValueError:
            self.query_one("#form-level", Static).update(Text(""))
            return
        self.query_one("#form-level", Static).update(
            Text(f"{chosen.description}; {describe_targets(chosen)}"))

    @on(Select.Changed, "#form-scope")
    @on(Select.Changed, "#form-kind")
    def _propose(self) -> None:
        scope = self.query_one("#form-scope", Select).value
        kind = self.query_one("#form-kind", Select).value
        proposal = self.query_one("#form-proposal", Static)
        proposal.set_class(isinstance(scope, Scope) and isinstance(kind, ImpactKind), "-shown")
        if not isinstance(scope, Scope) or not isinstance(kind, ImpactKind):
            return
        proposed = propose_severity(scope, kind, self.levels)
        self.query_one("#form-severity", Select).value = proposed.key
        proposal.update(Text(f"→ the impact matrix proposes {proposed.key} {proposed.name}"
                             " (severity set; change it if you know better)"))
        impact = self.query_one("#form-impact", Input)
        if impact.value in ("", self._proposed_impact):
            self._proposed_impact = impact_summary(scope, kind)
            impact.value = self._proposed_impact

    def action_save(self) -> None:
        title = self._value("form-title").strip()
        if not title:
            self._problem("✖ an incident needs a title", error=True)
            self.query_one("#form-title", Input).focus()
            return
        started_at = None
        if self.declaring:
            started = self.query_one("#form-started", Input)
            try:
                started_at = parse_typed_time(started.value, self.now, self.zone)
            except TimeParseError as error:
                self._problem(f"✖ started: {error}", error=True)
                started.focus()
                return
            warnings = time_warnings(started_at, self.now, None)
            if warnings and self._accepted_start != started_at:
                self._accepted_start = started_at
                self._problem("⚠ started " + "; ".join(warnings) +
                              ". ctrl+s again declares it anyway.", error=False)
                return
        severity = self.query_one("#form-severity", Select).value
        assert isinstance(severity, str)
        roles = Roles(**{name: self._value(f"form-{name}").strip() for name, _ in ROLE_FIELDS},
                      smes=split_names(self._value("form-smes")))
        self.dismiss(IncidentDraft(
            title=title,
            severity=severity,
            description=self.query_one("#form-description", TextArea).text.strip(),
            impact=self._value("form-impact").strip(),
            services=split_names(self._value("form-services")),
            scenarios=split_names(self._value("form-scenarios").lower()),
            roles=roles,
            started_at=started_at,
            severity_reason="" if self.declaring else self._value("form-reason").strip(),
        ))
