"""Firing and pending alerts, as Prometheus evaluates them, newest first."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import DataTable

from tui.model.alerts import Alert
from tui.model.safe_text import printable
from tui.model.timefmt import clock_utc, format_age


class AlertsPane(DataTable[Text]):
    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        "alerts-pane--firing", "alerts-pane--pending", "alerts-pane--muted",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", show_cursor=False)
        self.border_title = "Alerts"
        self._stale_since: datetime | None = None

    def on_mount(self) -> None:
        for column in ("STATE", "ALERT", "SEVERITY", "FOR", "SUMMARY"):
            self.add_column(column, key=column)
        self.border_subtitle = "waiting…"

    def show(self, alerts: tuple[Alert, ...], now: datetime) -> None:
        firing = self.get_component_rich_style("alerts-pane--firing")
        pending = self.get_component_rich_style("alerts-pane--pending")
        muted = self.get_component_rich_style("alerts-pane--muted")
        self.clear()
        for index, alert in enumerate(alerts):
            # A word and a symbol as well as a colour.
            state = Text("✖ FIRING", style=firing) if alert.firing else Text("◌ pending",
                                                                             style=pending)
            # How long it has been active, as k9s shows age; the time is in the pin.
            since = format_age(now - alert.since) if alert.since else "–"
            self.add_row(state, Text(printable(alert.name), no_wrap=True),
                         Text(printable(alert.severity)), Text(since, style=muted),
                         Text(printable(alert.summary), no_wrap=True, overflow="ellipsis"),
                         key=str(index))
        count = sum(alert.firing for alert in alerts)
        self.border_title = f"Alerts · {count} firing" if alerts else "Alerts · none"
        self.border_subtitle = f"as of {clock_utc(now)}"
        self._stale_since = None

    def show_error(self, error: str, now: datetime) -> None:
        """Keep the last alerts; say since when they are stale and why."""
        self._stale_since = self._stale_since or now
        self.border_subtitle = f"stale since {clock_utc(self._stale_since)} · {printable(error)}"
