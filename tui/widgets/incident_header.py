"""The incident header: what the whole room looks at first."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.model.incident import Incident, milestone_problems, mttx
from tui.model.safe_text import printable
from tui.model.severity import DEFAULT_LEVELS, SeverityLevel
from tui.model.timefmt import clock_utc, format_age, format_duration


class IncidentHeader(Widget):
    COMPONENT_CLASSES = {
        "incident-header--demo",
        "incident-header--severity",
        "incident-header--status",
        "incident-header--title",
        "incident-header--label",
        "incident-header--due-soon",
        "incident-header--overdue",
    }

    incident: reactive[Incident | None] = reactive(None, layout=False)
    now: reactive[datetime | None] = reactive(None)

    def __init__(self, incident: Incident, now: datetime, *, demo_label: str = "",
                 levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS,
                 cadence: bool = True, id: str | None = None, classes: str | None = None
                 ) -> None:
        """`cadence`: count down to the next update (not in a review, where
        "now" is a moment of the past)."""
        super().__init__(id=id, classes=classes)
        self.cadence = cadence
        self.demo_label = demo_label
        self.levels = levels
        # Set without watchers so the very first frame is already complete.
        self.set_reactive(IncidentHeader.incident, incident)
        self.set_reactive(IncidentHeader.now, now)

    def render(self) -> Text:
        incident, now = self.incident, self.now
        if incident is None or now is None:
            return Text("no incident")
        style = self.get_component_rich_style
        try:
            severity = incident.severity_level(self.levels)
        except ValueError:  # a key no scheme knows: shown as stored
            severity = replace(self.levels[-1], key=printable(incident.severity),
                               name="unknown")
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
                warn = remaining.total_seconds() < 300
                bottom.append(f"in {format_duration(remaining)} ({clock_utc(due)})",
                              style=style("incident-header--due-soon") if warn else "")
            if incident.update_snoozed(self.levels):
                bottom.append(f" snoozed: {printable(incident.update_snooze_reason)}",
                              style=label)
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
        return Text("\n").join([top, bottom])
