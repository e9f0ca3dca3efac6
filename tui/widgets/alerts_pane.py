"""Alerts, firing first, grouped by alertname and service: from Alertmanager
(silenced and inhibited ones muted, with who silenced them until when) or
from Prometheus's rules. S silences the alert under the cursor, X expires
its silences; the screen does the asking."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from tui.model.alerts import Alert, grouped
from tui.model.safe_text import printable
from tui.model.timefmt import clock_utc, format_age
from tui.widgets.inert import inert

# A column is as wide as its widest cell: one 3000-character alert name
# pushed SEVERITY and FOR out of the pane for every alert.
NAME_WIDTH, SEVERITY_WIDTH = 28, 10


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _silenced_until(alert: Alert) -> str:
    """`alice until 16:20Z`: who silenced it, until when (the silence ending last)."""
    until = f"until {alert.silence_until.astimezone(UTC):%H:%MZ}" if alert.silence_until else ""
    return " ".join(part for part in (printable(alert.silence_author), until) if part)


class AlertsPane(DataTable[Text]):
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
        self._stale_since: datetime | None = None
        # The alert of each row, in row order: what S and X act on.
        self.alert_rows: list[Alert] = []

    def on_mount(self) -> None:
        for column in ("STATE", "ALERT", "SEVERITY", "FOR", "SUMMARY"):
            self.add_column(column, key=column)
        self.border_subtitle = "waiting…"

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
        cursor = self.cursor_row
        self.clear()
        self.alert_rows = []
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
                self.add_row(self._state(alert), cell,
                             Text(_cut(printable(alert.severity), SEVERITY_WIDTH)),
                             Text(since, style=muted),
                             Text(printable(self._summary(alert)), no_wrap=True,
                                  overflow="ellipsis"),
                             key=str(len(self.alert_rows)), height=len(cell.split()))
                self.alert_rows.append(alert)
        if self.alert_rows:
            self.move_cursor(row=min(cursor, len(self.alert_rows) - 1), animate=False)
        firing = sum(alert.firing for alert in alerts)
        muted_count = sum(alert.muted for alert in alerts)
        title = f"Alerts · {firing} firing" if alerts else "Alerts · none"
        self.border_title = f"{title} · {muted_count} muted" if muted_count else title
        self.border_subtitle = inert(" · ".join(part for part in (f"as of {clock_utc(now)}",
                                                                  note) if part))
        self._stale_since = None

    def show_error(self, error: str, now: datetime) -> None:
        """Keep the last alerts; say since when they are stale and why."""
        self._stale_since = self._stale_since or now
        self.border_subtitle = inert(f"stale since {clock_utc(self._stale_since)} · {error}")

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
