"""The incident header: what the whole room looks at first."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from tui.model.contacts import Roster
from tui.model.incident import Incident, milestone_problems, mttx
from tui.model.response import (
    EscalationStep,
    escalation_state,
    missed_steps,
    target_states,
)
from tui.model.safe_text import printable
from tui.model.severity import DEFAULT_LEVELS, SeverityLevel
from tui.model.store_link import NORMAL, StoreLink, link_line
from tui.model.timefmt import clock_utc, format_age, format_duration, near_clock

if TYPE_CHECKING:
    # Types only: the header is on the first frame, before the record's
    # modules (checklists, playbooks, follow-ups) are imported.
    from tui.model.record import IncidentRecord
    from tui.model.slo import SloImpact

# A live SLO figure older than this says when it was measured.
SLO_STALE = timedelta(minutes=5)
# Between the parts of a header line.
GAP = "   "


class IncidentHeader(Widget):
    COMPONENT_CLASSES = {
        "incident-header--demo",
        "incident-header--local",
        "incident-header--severity",
        "incident-header--status",
        "incident-header--title",
        "incident-header--label",
        "incident-header--due-soon",
        "incident-header--overdue",
        "incident-header--store-down",
        "incident-header--store-back",
    }
    DEFAULT_CSS = """
    IncidentHeader { background: $panel; }
    IncidentHeader > .incident-header--demo {
        background: $warning; color: $background; text-style: bold;
    }
    /* REVIEW in the header: not the amber of DEMO. */
    IncidentHeader.-review > .incident-header--demo { background: $foreground; color: $background; }
    /* A local copy's line: never mistaken for the shared incident. */
    IncidentHeader > .incident-header--local {
        background: $warning; color: $background; text-style: bold;
    }
    IncidentHeader > .incident-header--severity {
        background: $error; color: $text; text-style: bold;
    }
    IncidentHeader > .incident-header--status {
        background: $primary; color: $text; text-style: bold;
    }
    IncidentHeader > .incident-header--title { text-style: bold; }
    IncidentHeader > .incident-header--label { color: $text-muted; }
    IncidentHeader > .incident-header--due-soon { color: $warning; text-style: bold; }
    IncidentHeader > .incident-header--overdue { color: $error; text-style: bold reverse; }
    /* The store away: the room must not miss that what it types is not saved. */
    IncidentHeader > .incident-header--store-down {
        background: $error; color: $text; text-style: bold;
    }
    IncidentHeader > .incident-header--store-back { color: $success; text-style: bold; }
    """

    incident: reactive[Incident | None] = reactive(None, layout=False)
    now: reactive[datetime | None] = reactive(None)
    # What was logged once (targets missed, escalation steps taken), and the
    # error budget each SLO spent: from the record.
    response: reactive[dict[str, datetime]] = reactive(dict, layout=False)
    slos: reactive[list[SloImpact]] = reactive(list, layout=False)
    # The other consoles on this incident right now (the store's presence).
    present: reactive[tuple[str, ...]] = reactive(tuple, layout=False)
    # Whether the store can be reached: a line of its own above the others
    # while it is away, and a moment after it is back.
    link: reactive[StoreLink] = reactive(NORMAL, layout=True)

    def __init__(self, incident: Incident, now: datetime, *, demo_label: str = "",
                 banner: str = "",
                 levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS,
                 ladder: tuple[EscalationStep, ...] = (), roster: Roster | None = None,
                 cadence: bool = True, id: str | None = None, classes: str | None = None
                 ) -> None:
        """`cadence`: count down to the next update and climb the escalation
        `ladder` (not in a review, where "now" is a moment of the past).
        `banner`: a line above all, that this is not the shared incident (a
        local copy's)."""
        super().__init__(id=id, classes=classes)
        self.cadence = cadence
        self.demo_label = demo_label
        self.banner = banner
        self.levels = levels
        self.ladder = ladder
        self.roster = roster or Roster()
        # Set without watchers so the very first frame is already complete.
        self.set_reactive(IncidentHeader.incident, incident)
        self.set_reactive(IncidentHeader.now, now)
        # How many lines the third line (targets, escalation, SLOs) takes.
        self._third_lines = 1

    def show_record(self, record: IncidentRecord) -> None:
        """The incident and what the header reads from its record."""
        self.incident = record.incident
        self.response = record.response
        self.slos = record.slos

    def render(self) -> Text:
        incident, now = self.incident, self.now
        if incident is None or now is None:
            return Text("no incident")
        style = self.get_component_rich_style
        severity = self._severity(incident)
        top = Text(no_wrap=True, overflow="ellipsis")
        if self.demo_label:
            top.append(f" {self.demo_label} ", style=style("incident-header--demo"))
            top.append(" ")
        top.append(f" {severity.key} {severity.name.upper()} ",
                   style=style("incident-header--severity"))
        top.append(" ")
        top.append(f" {incident.status.label.upper()} ", style=style("incident-header--status"))
        top.append("  ")
        top.append(printable(incident.title), style=style("incident-header--title"))

        bottom, third = self._lines(incident, severity, now, self.content_size.width)
        if len(third) != self._third_lines:
            # The countdowns change the parts' widths: the header may need
            # a line more or less (the layout asks get_content_height).
            self._third_lines = len(third)
            self.call_after_refresh(self.refresh, layout=True)
        return Text("\n").join([*self._banner_lines(self.content_size.width),
                                *self._link_line(), top, bottom, *third])

    def _link_line(self) -> list[Text]:
        said = link_line(self.link)
        if not said:
            return []
        kind = "down" if self.link.down else "back"
        return [Text(f" {said} ", style=self.get_component_rich_style(
            f"incident-header--store-{kind}"), no_wrap=True, overflow="ellipsis")]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        incident, now = self.incident, self.now
        if incident is None or now is None:
            return 1
        self._third_lines = len(self._lines(incident, self._severity(incident), now, width)[1])
        return (2 + self._third_lines + (1 if link_line(self.link) else 0)
                + len(self._banner_lines(width)))

    def _banner_lines(self, width: int) -> list[Text]:
        """The banner's parts (" · " apart) on as many lines as `width`
        needs: on a narrow terminal "notes are local until pushed" moves to
        a line of its own rather than be cut."""
        if not self.banner:
            return []
        lines = [""]
        for part in self.banner.split(" · "):
            joined = f"{lines[-1]} · {part}" if lines[-1] else part
            if lines[-1] and cell_len(joined) + 2 > width:
                lines.append(part)
            else:
                lines[-1] = joined
        style = self.get_component_rich_style("incident-header--local")
        return [Text(f" {line} ", no_wrap=True, overflow="ellipsis", style=style)
                for line in lines]

    def _lines(self, incident: Incident, severity: SeverityLevel, now: datetime, width: int
               ) -> tuple[Text, list[Text]]:
        """The second line, and the third part wrapped to `width`. Who is in
        the room follows the second line's clocks when it fits there, else
        takes a line of the third part: cut off the second line's end, it
        would be there and unseen at 80 columns."""
        bottom = self._clocks(incident, now)
        parts = self._response_parts(incident, severity, now)
        if self.present:
            label = self.get_component_rich_style("incident-header--label")
            room = in_the_room(self.present, width - bottom.cell_len - len(GAP), label)
            if room is not None:
                bottom.append(GAP)
                bottom.append_text(room)
            else:
                # A line of its own at most (each starts with a space);
                # narrower than "+N", wrap_parts cuts it.
                parts.append(in_the_room(self.present, width - 1, label)
                             or in_the_room(self.present, 10_000, label) or Text())
        return bottom, wrap_parts(parts, width)

    def _clocks(self, incident: Incident, now: datetime) -> Text:
        """Elapsed, the next update, the IC, the MTTx and the time."""
        style = self.get_component_rich_style
        label = style("incident-header--label")
        bottom = Text(no_wrap=True, overflow="ellipsis")
        # Most important first: a narrow terminal cuts from the right.
        bottom.append(" elapsed ", style=label)
        bottom.append(format_duration(incident.elapsed(now)), style="bold")
        due = incident.next_update_due(self.levels) if self.cadence else None
        if due is not None:
            remaining = due - now
            bottom.append("   next update ", style=label)
            if remaining.total_seconds() < 0:
                bottom.append(f"OVERDUE {format_duration(-remaining)} (due {clock_utc(due)})",
                              style=style("incident-header--overdue"))
            else:
                warn = incident.update_due_soon(now, self.levels)
                bottom.append(f"in {format_duration(remaining)} ({clock_utc(due)})",
                              style=style("incident-header--due-soon") if warn else "")
            if incident.update_snoozed(self.levels):
                bottom.append(f" snoozed: {printable(incident.update_snooze_reason)}",
                              style=label)
            elif incident.update_due_soon(now, self.levels):
                # Z is offered only now (see the war room's check_action).
                bottom.append(" (Z: snooze)", style=label)
        bottom.append("   IC ", style=label)
        bottom.append(printable(incident.roles.incident_commander) or "unassigned")
        for name, span in mttx(incident).items():
            if span is not None:
                bottom.append(f"   {name} ", style=label)
                bottom.append(format_age(span) if span.total_seconds() >= 0
                              else f"-{format_age(-span)}")
        if milestone_problems(incident.milestones):
            bottom.append("   ⚠ milestones out of order (m)",
                          style=style("incident-header--due-soon"))
        bottom.append("   now " if self.cadence else "   at ", style=label)
        bottom.append(clock_utc(now))
        return bottom

    def _severity(self, incident: Incident) -> SeverityLevel:
        try:
            return incident.severity_level(self.levels)
        except ValueError:  # a key no scheme knows: shown as stored
            return replace(self.levels[-1], key=printable(incident.severity), name="unknown")

    def _response_parts(self, incident: Incident, severity: SeverityLevel, now: datetime
                        ) -> list[Text]:
        """Targets, the escalation ladder and the SLOs: the third line, in
        parts that wrap whole onto a line of their own rather than cut."""
        style = self.get_component_rich_style
        label, overdue = style("incident-header--label"), style("incident-header--overdue")
        soon = style("incident-header--due-soon")
        parts: list[Text] = []
        for state in target_states(incident, severity.targets):
            line = Text()
            parts.append(line)
            line.append(f"{state.label} ", style=label)
            if state.met_at is not None and state.met(now):
                mark = "✖" if state.missed() else "✔"
                line.append(f"{mark} {format_age(state.met_at - state.start)} "
                            f"(target {state.target.describe()})",
                            style=overdue if state.missed() else "")
            elif state.overdue(now):
                line.append(f"OVERDUE {_span(now - state.due)} "
                            f"(due {near_clock(state.due, now)})", style=overdue)
            else:
                left = state.due - now
                line.append(f"in {_span(left)} ({near_clock(state.due, now)})",
                            style=soon if left.total_seconds() < 300 else "")
        if self.cadence:
            self._escalation(parts, incident, now)
        for impact in self.slos:
            used = impact.budget_used
            line = Text()
            parts.append(line)
            line.append("SLO ", style=label)
            line.append(printable(impact.headline()),
                        style=overdue if used is not None and used >= 1
                        else soon if used is not None and used >= 0.25 else "")
            measured = impact.events.measured_at
            if self.cadence and now - measured > SLO_STALE:
                # Prometheus has not answered since: say how old the figure is.
                line.append(f" (as of {near_clock(measured, now)})", style=label)
        return parts

    def _escalation(self, parts: list[Text], incident: Incident, now: datetime) -> None:
        style = self.get_component_rich_style
        label, overdue = style("incident-header--label"), style("incident-header--overdue")
        done = set(self.response)
        state = escalation_state(incident, self.ladder, now, done)
        line = Text()
        if state is None:
            pass  # no ladder for it, or it stopped: only steps missed remain
        elif state.due_now is not None:
            line.append("ESCALATE NOW → ", style=overdue)
            line.append(self._who(state.due_now), style=overdue)
            line.append(" (K: done)", style=label)
        elif state.upcoming is not None and state.upcoming_at is not None:
            line.append("escalate → ", style=label)
            line.append(self._who(state.upcoming))
            left = state.upcoming_at - now
            line.append(f" in {format_duration(left)} ({near_clock(state.upcoming_at, now)})",
                        style=style("incident-header--due-soon")
                        if left.total_seconds() < 120 else "")
        elif state.reached is not None:
            line.append("escalated to ", style=label)
            line.append(printable(state.reached.who))
        # A step passed over stays in view until recorded or dismissed: the
        # next step falling due must not make the room forget it.
        if line:
            parts.append(line)
        missed = missed_steps(incident, self.ladder, now, done)
        if missed:
            # One label for all of them: several missed must not push the
            # SLO off the line.
            line = Text("missed: " + "; ".join(
                f"{printable(step.step.who)}, due {near_clock(step.due, now)}"
                for step in missed),
                style=overdue)
            line.append(" (W: dismiss)", style=label)
            parts.append(line)

    def _who(self, step: EscalationStep) -> str:
        """`engineering manager: Ana Ruiz @ana`, from the roster when it knows them."""
        found = step.whom(self.roster)
        if found is None:
            return printable(step.who)
        reach = f" {found.handle or found.phone}" if found.handle or found.phone else ""
        return printable(f"{step.who}: {found.name}{reach}")


def in_the_room(names: tuple[str, ...], width: int, label: Style) -> Text | None:
    """"in the room: " and as many of `names` as fit in `width` cells, "+N"
    for the others; None when not even "+N" would fit."""
    shown = [printable(name) for name in names]
    for count in range(len(shown), -1, -1):
        line = Text("in the room: ", style=label)
        line.append(", ".join(shown[:count]))
        if count < len(shown):
            line.append(f"{' ' if count else ''}+{len(shown) - count}")
        if line.cell_len <= width:
            return line
    return None


def wrap_parts(parts: list[Text], width: int) -> list[Text]:
    """`parts` on lines of `width` cells, three spaces apart, each line
    starting with a space as the header's others do. A part goes whole to
    the next line rather than be cut; one wider than a line alone is cut
    with an ellipsis. At least one line, even with no parts."""
    lines: list[Text] = [Text(" ", no_wrap=True, overflow="ellipsis")]
    for part in parts:
        line = lines[-1]
        if line.cell_len > 1 and line.cell_len + len(GAP) + part.cell_len > width:
            line = Text(" ", no_wrap=True, overflow="ellipsis")
            lines.append(line)
        if line.cell_len > 1:
            line.append(GAP)
        line.append_text(part)
    return lines


def _span(span: timedelta) -> str:
    """Seconds while they matter; past an hour, hours and minutes."""
    return format_duration(span) if span < timedelta(hours=1) else format_age(span)
