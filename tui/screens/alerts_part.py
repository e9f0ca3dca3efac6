"""The war room's part in alerts (the alerts themselves are a live feed:
feed_registry.py, from Alertmanager, else Prometheus); S on an alert opens the silence dialog and
posts the silence, X expires an alert's silences; both go on the timeline.
Every call to Alertmanager runs in a worker, never on the UI thread's time."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui import actions
from tui.model.alerts import Alert
from tui.model.silences import SilenceDraft, expired_line, read_draft, silenced_line
from tui.model.timeline import EntryKind
from tui.sources import describe_error
from tui.sources.alert_feed import AlertFeed
from tui.sources.protocols import Silencer
from tui.ui.workers import run_part

if TYPE_CHECKING:
    from tui.screens.incident_screen import IncidentScreen

NO_ALERTMANAGER = ("No Alertmanager to silence in: give --alertmanager URL or "
                   "[alertmanager] in the config")


class AlertsPart:
    def __init__(self, host: IncidentScreen, publish: Callable[[str, str], None],
                 refresh_live: Callable[[], object]) -> None:
        self.host = host
        self.context = host.context
        # From a worker: the committed record re-read and handed to the UI.
        self._publish = publish
        self._refresh_live = refresh_live
        self.alert_feed = self.context.alert_feed or AlertFeed(self.context.metrics)

    async def aclose(self) -> None:
        """The alert feed, and the metrics source: shared by the metric
        panes and the SLOs, the alerts always read through it (their
        fallback), so it is closed here, once."""
        await self.alert_feed.aclose()
        await self.context.metrics.aclose()

    def _silencer(self) -> Silencer | None:
        silencer = self.alert_feed.alertmanager
        if silencer is None:
            self.host.notify(NO_ALERTMANAGER, severity="warning", timeout=6, markup=False)
        return silencer

    def open_silence_dialog(self, alert: Alert, draft: SilenceDraft | None = None,
                            problem: str = "") -> None:
        from tui.screens.silence_dialog import SilenceDialog

        silencer = self._silencer()
        if silencer is None:
            return

        def submitted(result: SilenceDraft | None) -> None:
            if result is not None:
                run_part(self.host, self._post_silence, self.host.incident.id, silencer,
                         alert, result, group="alertmanager")

        self.host.app.push_screen(SilenceDialog(alert, author=self.context.author,
                                           now=self.context.clock.now(), where=silencer.url,
                                           draft=draft, problem=problem), submitted)

    async def _post_silence(self, incident_id: str, silencer: Silencer, alert: Alert,
                            draft: SilenceDraft) -> None:
        try:
            silence = read_draft(draft, self.context.clock.now(), self.context.author)
            silence_id = await silencer.create_silence(silence)
        except Exception as error:
            # Back into the dialog with everything typed, in Alertmanager's words.
            self.open_silence_dialog(alert, draft, f"Alertmanager refused: "
                                                   f"{describe_error(error)}")
            return
        await self._log(incident_id, silenced_line(silence, silence_id))
        self._refresh_live()

    def expire(self, alert: Alert) -> None:
        """X on an alert: its silences expired."""
        if not alert.silenced_by:
            self.host.notify(f"{alert.name} is not silenced", timeout=3, markup=False)
            return
        silencer = self._silencer()
        if silencer is not None:
            run_part(self.host, self._expire, self.host.incident.id, silencer, alert,
                     group="alertmanager")

    async def _expire(self, incident_id: str, silencer: Silencer, alert: Alert) -> None:
        try:
            for silence_id in alert.silenced_by:
                await silencer.expire_silence(silence_id)
        except Exception as error:
            self.host.notify(f"Silence not expired: {describe_error(error)}", severity="error",
                        timeout=8, markup=False)
            return
        await self._log(incident_id, expired_line(alert, alert.silenced_by))
        self._refresh_live()

    async def _log(self, incident_id: str, text: str) -> None:
        """On the timeline, written off the UI thread (SQLite blocks)."""
        def write() -> None:
            actions.add_entry(self.context.store, incident_id, text, EntryKind.ACTION,
                              author=self.context.author)
            self._publish(incident_id, text)

        await asyncio.to_thread(write)
