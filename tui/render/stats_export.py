"""The incident metrics as Markdown (for a weekly review document) and as
JSON (for a spreadsheet or a dashboard): the same report the Metrics
screen shows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from tui.model.clock import Clock
from tui.model.severity import SeverityLevel
from tui.model.stats import MEASURES, Spans, StatsReport
from tui.model.timefmt import format_age, to_iso
from tui.model.wording import counted

if TYPE_CHECKING:
    from tui.store import Store

BAR_WIDTH = 24
_EIGHTHS = " ▏▎▍▌▋▊▉"


def current_stats(store: Store, wall_clock: Clock,
                  levels: Sequence[SeverityLevel]) -> StatsReport:
    """The report `M` shows and `warroom stats` prints, one and the same:
    every incident but the demo's, counted up to the time of day. Never the
    demo's replay clock: its "now" is in the recording's past, and the
    periods counted back from it left out every real incident since."""
    return store.stats(wall_clock.now(), levels)


def bar(value: float, largest: float, width: int = BAR_WIDTH) -> str:
    """A bar of `width` cells at most, in eighths of a cell."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / largest * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def span(value: timedelta | None) -> str:
    return format_age(value) if value is not None else "—"


def _spans_cell(spans: Spans) -> str:
    if spans.mean is None:
        return "—"
    return f"{span(spans.mean)} (median {span(spans.median)}, n={spans.measured})"


def stats_markdown(report: StatsReport) -> str:
    lines = [f"# Incident metrics, {report.now:%Y-%m-%d %H:%MZ}", ""]
    lines.append(f"{counted(report.counted, 'incident')} in the last 90 days"
                 + ("; the demo incident is not counted" if report.demo_left_out else "")
                 + ".")
    for period in report.periods:
        lines += ["", f"## Response times, last {period.days} days", "",
                  "| Severity | Incidents | Open | " + " | ".join(MEASURES) + " |",
                  "|---|---|---|" + "---|" * len(MEASURES)]
        for row in period.rows:
            cells = [row.severity, str(row.incidents), str(row.open),
                     *(_spans_cell(row.times[name]) for name in MEASURES)]
            lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "## Incidents by week", "", "```"]
    largest = max((week.total for week in report.weeks), default=0)
    for week in report.weeks:
        split = ", ".join(f"{key} {count}" for key, count in week.by_severity.items())
        lines.append(f"{week.week:%Y-%m-%d}  {bar(week.total, largest):<{BAR_WIDTH}} "
                     f"{week.total:>3}{'  ' + split if split else ''}")
    lines += ["```", "", "## Top services (90 days)", ""]
    if report.services:
        lines += ["| Service | Incidents | Time in incident |", "|---|---|---|"]
        lines += [f"| {_cell(s.service)} | {s.incidents} | {span(s.duration)} |"
                  for s in report.services]
    else:
        lines.append("No incidents named a service.")
    lines += ["", "## Open action items by owner", ""]
    if report.owners:
        lines += ["| Owner | Open | Overdue | Most urgent |", "|---|---|---|---|"]
        lines += [f"| {_cell(o.owner) or 'no owner'} | {o.open} | {o.overdue} | "
                  f"{o.most_urgent.value} |" for o in report.owners]
    else:
        lines.append("No open action items.")
    lines += ["", *(f"> {note}" for note in report.notes)] if report.notes else []
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _seconds(value: timedelta | None) -> float | None:
    return value.total_seconds() if value is not None else None


def stats_document(report: StatsReport) -> dict[str, Any]:
    """Durations in seconds, times in ISO-8601 UTC."""
    return {
        "format": "warroom-stats",
        "version": 1,
        "generated_at": to_iso(report.now),
        "incidents_counted": report.counted,
        "demo_left_out": report.demo_left_out,
        "periods": [{
            "days": period.days,
            "since": to_iso(period.since),
            "severities": [{
                "severity": row.severity, "incidents": row.incidents, "open": row.open,
                **{name.lower(): {"measured": spans.measured,
                                  "mean_seconds": _seconds(spans.mean),
                                  "median_seconds": _seconds(spans.median),
                                  "worst_seconds": _seconds(spans.worst)}
                   for name, spans in row.times.items()},
            } for row in period.rows],
        } for period in report.periods],
        "weeks": [{"week": week.week.isoformat(), "total": week.total,
                   "by_severity": week.by_severity} for week in report.weeks],
        "services": [{"service": s.service, "incidents": s.incidents,
                      "duration_seconds": s.duration.total_seconds()}
                     for s in report.services],
        "owners": [{"owner": o.owner, "open": o.open, "overdue": o.overdue,
                    "most_urgent": o.most_urgent.value} for o in report.owners],
        "notes": report.notes,
    }


def stats_json(report: StatsReport) -> str:
    return json.dumps(stats_document(report), ensure_ascii=False, indent=1) + "\n"
