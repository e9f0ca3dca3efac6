"""Incident metrics over the whole database: response times per severity
over 30 and 90 days, incidents week by week, the services that break most
and who holds the open follow-ups. Read in a worker; `r` reads again."""

from __future__ import annotations

import asyncio

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui.model.safe_text import printable
from tui.model.stats import MEASURES, StatsReport
from tui.model.wording import counted
from tui.render.stats_export import bar, current_stats, span
from tui.ui.context import WarroomContext
from tui.ui.workers import work
from tui.widgets.warroom_footer import WarroomFooter

# The severities' colours, most severe first; past the fourth, the fourth's.
SEVERITY_CLASSES = ("stats--sev1", "stats--sev2", "stats--sev3", "stats--sev4")
BARS = 28


class StatsScreen(Screen[None]):
    CSS_PATH = "stats.tcss"
    COMPONENT_CLASSES = {*SEVERITY_CLASSES, "stats--muted", "stats--heading", "stats--bar"}
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="stats.back"),
        Binding("r", "reload", "Read again", id="stats.reload"),
    ]

    def __init__(self, context: WarroomContext) -> None:
        super().__init__()
        self.context = context
        self.report: StatsReport | None = None

    def compose(self) -> ComposeResult:
        yield Static("Reading every incident…", id="stats-title")
        with VerticalScroll(id="stats-body"):
            with Horizontal(id="stats-top"):
                yield Static("", id="stats-times", classes="stats-box")
                yield Static("", id="stats-weeks", classes="stats-box")
            with Horizontal(id="stats-bottom"):
                yield Static("", id="stats-services", classes="stats-box")
                yield Static("", id="stats-owners", classes="stats-box")
        yield WarroomFooter()

    def on_mount(self) -> None:
        for box_id, title in (("stats-times", "Response times (mean, median)"),
                              ("stats-weeks", "Incidents by week (13 weeks)"),
                              ("stats-services", "Top services (90 days)"),
                              ("stats-owners", "Open action items by owner")):
            self.query_one(f"#{box_id}").border_title = title
        self.action_reload()

    def action_reload(self) -> None:
        self._read()

    @work(exclusive=True, group="stats", exit_on_error=False)
    async def _read(self) -> None:
        context = self.context
        self.show(await asyncio.to_thread(current_stats, context.store, context.wall_clock,
                                          context.severity_levels))

    def show(self, report: StatsReport) -> None:
        self.report = report
        demo = " (the demo incident is not counted)" if report.demo_left_out else ""
        self.query_one("#stats-title", Static).update(Text(
            f" Incident metrics · {counted(report.counted, 'incident')} in the last 90 days"
            f"{demo} · "
            f"as of {report.now:%Y-%m-%d %H:%MZ}"))
        self.query_one("#stats-times", Static).update(self._times(report))
        self.query_one("#stats-weeks", Static).update(self._weeks(report))
        self.query_one("#stats-services", Static).update(self._services(report))
        self.query_one("#stats-owners", Static).update(self._owners(report))

    def _severity_style(self, report: StatsReport, key: str) -> str:
        index = report.severities.index(key) if key in report.severities else 3
        return str(self.get_component_rich_style(SEVERITY_CLASSES[min(index, 3)]))

    def _times(self, report: StatsReport) -> RenderableType:
        tables: list[RenderableType] = []
        for period in report.periods:
            table = Table(title=f"last {period.days} days", title_justify="left",
                          box=None, pad_edge=False,
                          header_style=str(self.get_component_rich_style("stats--heading")))
            # Fixed widths: the 30- and 90-day tables line up column for column.
            for heading, width in (("SEV", 5), ("N", 4), ("OPEN", 5), *(
                    (name, 13) for name in MEASURES)):
                table.add_column(heading, no_wrap=True, width=width,
                                 justify="left" if heading == "SEV" else "right")
            for row in period.rows:
                style = ("bold" if row.severity == "all"
                         else self._severity_style(report, row.severity))
                cells: list[Text | str] = [Text(printable(row.severity), style=style),
                                           str(row.incidents), str(row.open)]
                for name in MEASURES:
                    spans = row.times[name]
                    cells.append(f"{span(spans.mean)} / {span(spans.median)}"
                                 if spans.mean is not None else "—")
                table.add_row(*cells)
            tables.append(table)
        if not report.counted:
            tables.append(Text("No incidents in the last 90 days.",
                               style=self.get_component_rich_style("stats--muted")))
            return Group(*tables)
        # MTTR by severity over 90 days, as bars: the comparison people look for.
        means = [(row, mean) for row in report.periods[-1].rows
                 if (mean := row.times["MTTR"].mean) is not None]
        longest = max((mean.total_seconds() for _, mean in means), default=0.0)
        width = self._room("stats-times", 12, 40)
        tables.append(Text("\nMTTR by severity, last 90 days (mean)",
                           style=self.get_component_rich_style("stats--heading")))
        for row, mean in means:
            style = "bold" if row.severity == "all" else self._severity_style(report,
                                                                              row.severity)
            line = Text(f"{printable(row.severity):<5}", no_wrap=True)
            line.append(bar(mean.total_seconds(), longest, width), style=style)
            line.append(f" {span(mean)}")
            tables.append(line)
        return Group(*tables)

    def _room(self, box_id: str, taken: int, most: int) -> int:
        """Cells a bar may take in a box: what its width leaves after `taken`."""
        width = self.query_one(f"#{box_id}").content_size.width
        return max(8, min(most, width - taken)) if width else most

    def _weeks(self, report: StatsReport) -> RenderableType:
        largest = max((week.total for week in report.weeks), default=0)
        cells = self._room("stats-weeks", 11, BARS)
        lines = []
        for week in report.weeks:
            line = Text(f"{week.week:%d %b} ", no_wrap=True)
            # Whole cells per severity (eighths inside a stack would read as
            # gaps), cut at the rounded running total so equal weeks are equal.
            done, drawn = 0, 0
            for key, count in week.by_severity.items():
                done += count
                end = max(drawn + 1, round(done / largest * cells))
                line.append("█" * (end - drawn), style=self._severity_style(report, key))
                drawn = end
            line.append(f" {week.total}" if week.total else " ·")
            lines.append(line)
        legend = Text("  ".join(f"■ {key}" for key in report.severities) or "no incidents")
        for key in report.severities:
            start = legend.plain.find(f"■ {key}")
            legend.stylize(self._severity_style(report, key), start, start + 1)
        return Group(*lines, Text(""), legend)

    def _services(self, report: StatsReport) -> RenderableType:
        if not report.services:
            return Text("No incidents named a service.",
                        style=self.get_component_rich_style("stats--muted"))
        largest = max(service.incidents for service in report.services)
        table = Table(box=None, pad_edge=False,
                      header_style=str(self.get_component_rich_style("stats--heading")))
        table.add_column("SERVICE", no_wrap=True, min_width=10, max_width=24)
        table.add_column("INCIDENTS", no_wrap=True, width=BARS // 2)
        table.add_column("N", justify="right", no_wrap=True, min_width=3)
        table.add_column("TIME IN", justify="right", no_wrap=True, min_width=7)
        ink = self.get_component_rich_style("stats--bar")
        for service in report.services:
            table.add_row(printable(service.service),
                          Text(bar(service.incidents, largest, BARS // 2), style=ink),
                          str(service.incidents), span(service.duration))
        return table

    def _owners(self, report: StatsReport) -> RenderableType:
        if not report.owners:
            return Text("No open action items.",
                        style=self.get_component_rich_style("stats--muted"))
        table = Table(box=None, pad_edge=False,
                      header_style=str(self.get_component_rich_style("stats--heading")))
        table.add_column("OWNER", no_wrap=True, max_width=30)
        for heading in ("OPEN", "OVERDUE", "MOST URGENT"):
            table.add_column(heading, no_wrap=True, justify="right")
        overdue_style = str(self.get_component_rich_style("stats--sev1"))
        for owner in report.owners:
            table.add_row(printable(owner.owner) or "no owner", str(owner.open),
                          Text(str(owner.overdue), style=overdue_style if owner.overdue else "",
                               justify="right"),
                          owner.most_urgent.value)
        return table
