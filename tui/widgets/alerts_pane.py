"""Alerts, firing first, grouped by alertname and service: from Alertmanager
(silenced and inhibited ones muted, with who silenced them until when) or
from Prometheus's rules. S silences the alert under the cursor, X expires
its silences; the screen does the asking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from tui.model.alerts import Alert, AlertReport, grouped
from tui.model.safe_text import printable
from tui.model.timefmt import clock_utc, format_age
from tui.widgets.inert import inert

# A column is as wide as its widest cell: one 3000-character alert name
# pushed SEVERITY and FOR out of the pane for every alert.
NAME_WIDTH, SEVERITY_WIDTH = 28, 10
COLUMNS = ("STATE", "ALERT", "SEVERITY", "FOR", "SUMMARY")
# Each cell has a cell of padding either side (the pane's size is inside its border).
CELL_PADDING = 2


@dataclass(frozen=True)
class AlertRow:
    """One alert as the pane shows it, in columns or stacked in lines."""

    state: Text
    name: Text
    severity: Text
    since: Text
    summary: Text


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _silenced_until(alert: Alert) -> str:
    """`alice until 16:20Z`: who silenced it, until when (the silence ending last)."""
    until = f"until {alert.silence_until.astimezone(UTC):%H:%MZ}" if alert.silence_until else ""
    return " ".join(part for part in (printable(alert.silence_author), until) if part)


class AlertsPane(DataTable[Text]):
    DEFAULT_CSS = """
    AlertsPane {
        border: round $primary 50%;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
    }
    AlertsPane:focus { border: round $accent; }
    AlertsPane > .alerts-pane--firing { color: $error; text-style: bold; }
    AlertsPane > .alerts-pane--pending { color: $warning; }
    AlertsPane > .alerts-pane--muted { color: $text-muted; }
    """
    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        "alerts-pane--firing", "alerts-pane--pending", "alerts-pane--muted",
    }
    BINDINGS = [
        Binding("S", "silence", "Silence", id="alerts.silence"),
        Binding("X", "expire", "Expire silence", id="alerts.expire"),
    ]

    class SilenceRequested(Message):
        def __init__(self, alert: Alert) -> None:
            super().__init__()
            self.alert = alert

    class ExpireRequested(Message):
        def __init__(self, alert: Alert) -> None:
            super().__init__()
            self.alert = alert

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", show_cursor=False)
        self.border_title = "Alerts"
        # The alert of each row, in row order: what S and X act on.
        self.alert_rows: list[Alert] = []
        self._shown: list[AlertRow] = []
        # Too narrow for STATE, ALERT, SEVERITY and FOR side by side: each
        # alert is shown as lines (state and name, then the rest).
        self.stacked = False
        self._columns_width = 0

    def on_mount(self) -> None:
        self._set_columns()
        self.border_subtitle = "waiting…"

    def _set_columns(self) -> None:
        if self.stacked:
            # One column as wide as the pane: each alert's lines are cut
            # at its edge, never pushed out of view sideways.
            self.add_column("ALERTS", key="ALERTS",
                            width=max(1, self.size.width - CELL_PADDING))
        else:
            for column in COLUMNS:
                self.add_column(column, key=column)
        self.show_header = not self.stacked

    def on_resize(self) -> None:
        self._lay_out(force=False)

    def _width_needed(self) -> int:
        """Cells for STATE, ALERT, SEVERITY and FOR side by side in full
        (SUMMARY, last, may be cut)."""
        widths = [len(column) for column in COLUMNS[:4]]
        for row in self._shown:
            for index, part in enumerate((row.state, row.name, row.severity, row.since)):
                widths[index] = max(widths[index], *(line.cell_len for line in part.split()))
        return sum(width + CELL_PADDING for width in widths)

    def _lay_out(self, force: bool) -> None:
        """Rows again when the alerts changed, when the pane crosses the
        width its columns need, or (stacked) when its width changes."""
        stacked = self.size.width < self._columns_width
        if not force and stacked == self.stacked and not stacked:
            return
        cursor = self.cursor_row
        self.stacked = stacked
        self.clear(columns=True)
        self._set_columns()
        self._add_rows(cursor)

    # The row cursor shows only while the pane has the keys (S and X act on it).
    def on_focus(self) -> None:
        self.show_cursor = True

    def on_blur(self) -> None:
        self.show_cursor = False

    def _state(self, alert: Alert) -> Text:
        # A word and a symbol as well as a colour.
        if alert.muted:
            word = "🔇 silenced" if alert.silenced_by else "🔇 inhibited"
            return Text(word, no_wrap=True,
                        style=self.get_component_rich_style("alerts-pane--muted"))
        if alert.firing:
            return Text("✖ FIRING", style=self.get_component_rich_style("alerts-pane--firing"))
        return Text("◌ pending", style=self.get_component_rich_style("alerts-pane--pending"))

    @staticmethod
    def _summary(alert: Alert) -> str:
        if not alert.silenced_by:
            return alert.summary
        until = f" until {clock_utc(alert.silence_until)}" if alert.silence_until else ""
        who = f"by {alert.silence_author}{until}" if alert.silence_author else until.strip()
        why = f": {alert.silence_comment}" if alert.silence_comment else ""
        return " · ".join(part for part in (f"{who}{why}".strip(), alert.summary) if part)

    def show(self, alerts: tuple[Alert, ...], now: datetime, note: str = "") -> None:
        """`note` follows the time in the subtitle: where the alerts came from
        when it is not where they were wanted from."""
        muted = self.get_component_rich_style("alerts-pane--muted")
        before = self._shown
        self.alert_rows, self._shown = [], []
        for group in grouped(alerts):
            for position, alert in enumerate(group.alerts):
                name = _cut(printable(alert.name), NAME_WIDTH)
                if len(group.alerts) > 1:
                    # One problem, many instances: counted once, the rest indented.
                    name = f"{name} ×{len(group.alerts)}" if position == 0 else f"  └ {name}"
                since = format_age(now - alert.since) if alert.since else "–"
                cell = Text(name, no_wrap=True)
                if alert.muted and (who := _silenced_until(alert)):
                    # Who and until when under the name: the summary column
                    # is often out of view, and STATE stays narrow.
                    cell.append(f"\n{who}", style=muted)
                self._shown.append(AlertRow(
                    self._state(alert), cell,
                    Text(_cut(printable(alert.severity), SEVERITY_WIDTH)),
                    Text(since, style=muted),
                    Text(printable(self._summary(alert)), no_wrap=True, overflow="ellipsis")))
                self.alert_rows.append(alert)
        self._columns_width = self._width_needed()
        # The same rows again (each refresh of a quiet incident): no relayout,
        # whose column widths wait for the next idle and, under a dialog
        # opened meanwhile, showed the columns cut to their headers.
        self._lay_out(force=self._shown != before)
        firing = sum(alert.firing for alert in alerts)
        muted_count = sum(alert.muted for alert in alerts)
        title = f"Alerts · {firing} firing" if alerts else "Alerts · none"
        self.border_title = f"{title} · {muted_count} muted" if muted_count else title
        self.border_subtitle = inert(" · ".join(part for part in (f"as of {clock_utc(now)}",
                                                                  note) if part))

    def _add_rows(self, cursor: int) -> None:
        muted = self.get_component_rich_style("alerts-pane--muted")
        for index, row in enumerate(self._shown):
            if self.stacked:
                lines = [Text.assemble(row.state, "  ", row.name.split()[0]),
                         *row.name.split()[1:],
                         Text.assemble("  ", row.severity, " · for ", row.since, " · ",
                                       row.summary, style=muted)]
                cells: tuple[Text, ...] = (Text("\n").join(lines),)
            else:
                cells = (row.state, row.name, row.severity, row.since, row.summary)
            height = len(cells[0].split()) if self.stacked else len(row.name.split())
            for cell in cells:
                cell.no_wrap, cell.overflow = True, "ellipsis"
            self.add_row(*cells, key=str(index), height=height)
        if self._shown:
            self.move_cursor(row=min(cursor, len(self._shown) - 1), animate=False)

    def show_feed(self, data: AlertReport, now: datetime) -> None:
        note = f"from Prometheus · {data.fallback_reason}" if data.fallback_reason else ""
        self.show(data.alerts, now, note)

    def show_stale(self, error: str, since: datetime) -> None:
        """Keep the last alerts; say since when they are stale and why."""
        self.border_subtitle = inert(f"stale since {clock_utc(since)} · {error}")

    def fields(self, index: int) -> list[str]:
        """Row `index`'s STATE, ALERT, SEVERITY, FOR and SUMMARY as shown,
        whether in columns or stacked."""
        row = self._shown[index]
        return [part.plain for part in (row.state, row.name, row.severity, row.since,
                                        row.summary)]

    def selected(self) -> Alert | None:
        if not self.alert_rows or not 0 <= self.cursor_row < len(self.alert_rows):
            return None
        return self.alert_rows[self.cursor_row]

    def action_silence(self) -> None:
        alert = self.selected()
        if alert is not None:
            self.post_message(self.SilenceRequested(alert))

    def action_expire(self) -> None:
        alert = self.selected()
        if alert is not None:
            self.post_message(self.ExpireRequested(alert))
