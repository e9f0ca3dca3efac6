"""The header as a room reads it from the back: severity and status in
blocks, the elapsed clock and the countdown to the next update in large
digits. Shown in presentation mode (F5) only."""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Static

from tui.model.incident import Incident
from tui.model.safe_text import printable
from tui.model.severity import DEFAULT_LEVELS, SeverityLevel


def clock_digits(span: timedelta) -> str:
    """`1:07:03`, `7:03`; Digits draws these large."""
    total = abs(int(span.total_seconds()))
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
    return f"-{text}" if span < timedelta(0) else text


class PresentationBar(Horizontal):
    DEFAULT_CSS = """
    PresentationBar { background: $panel; }
    PresentationBar #present-severity {
        background: $error;
        /* Black or white, whichever reads on this theme's red. */
        color: auto 95%;
        text-style: bold;
    }
    PresentationBar #present-status { text-style: bold; color: $primary; }
    PresentationBar #present-title { text-style: bold; }
    PresentationBar .present-label { color: $text-muted; }
    PresentationBar .present-clock Digits { text-style: bold; }
    PresentationBar #present-next-box.-due-soon Digits,
    PresentationBar #present-next-box.-due-soon .present-label { color: $warning; }
    PresentationBar #present-next-box.-overdue Digits,
    PresentationBar #present-next-box.-overdue .present-label { color: $error; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="present-severity")
        with Vertical(id="present-what"):
            yield Static("", id="present-status")
            yield Static("", id="present-title")
        with Vertical(classes="present-clock"):
            yield Static("elapsed", classes="present-label")
            yield Digits("", id="present-elapsed")
        with Vertical(classes="present-clock", id="present-next-box"):
            yield Static("next update in", classes="present-label", id="present-next-label")
            yield Digits("", id="present-next")

    def show(self, incident: Incident, now: datetime,
             levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS) -> None:
        try:
            level = incident.severity_level(levels)
            severity = f"{level.key}\n{level.name.upper()}"
        except ValueError:
            severity = printable(incident.severity)
        self.query_one("#present-severity", Static).update(Text(severity, justify="center"))
        self.query_one("#present-status", Static).update(Text(incident.status.label.upper()))
        self.query_one("#present-title", Static).update(Text(printable(incident.title)))
        self.query_one("#present-elapsed", Digits).update(clock_digits(incident.elapsed(now)))
        due = incident.next_update_due(levels)
        box = self.query_one("#present-next-box")
        box.display = due is not None
        if due is not None:
            left = due - now
            overdue = left < timedelta(0)
            self.query_one("#present-next-label", Static).update(
                "UPDATE OVERDUE by" if overdue else "next update in")
            self.query_one("#present-next", Digits).update(clock_digits(left))
            box.set_class(overdue, "-overdue")
            box.set_class(not overdue and left < timedelta(minutes=5), "-due-soon")
