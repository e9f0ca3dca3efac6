"""Where the alerts pane's alerts come from: Alertmanager when there is
one (it knows what is silenced and inhibited), else Prometheus's rules.
An Alertmanager that fails gives way to Prometheus for that refresh, and
the report says why."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import datetime

from tui.model.alerts import AlertReport
from tui.sources import describe_error
from tui.sources.protocols import MetricsSource, Silencer
from tui.sources.settings import PrometheusSettings

Discover = Callable[[], Awaitable["Silencer | None"]]
# Prometheus may not know its Alertmanager yet when the war room starts (its
# discovery takes seconds): a Prometheus naming none is asked again this often.
ASK_AGAIN_SECONDS = 60.0


class AlertFeed:
    def __init__(self, prometheus: MetricsSource, alertmanager: Silencer | None = None, *,
                 discover: Discover | None = None, ask_again: float = ASK_AGAIN_SECONDS
                 ) -> None:
        self.prometheus = prometheus
        self.alertmanager = alertmanager
        # Asked until it names one, then never again: once a session.
        self._discover = None if alertmanager is not None else discover
        self._ask_again = ask_again
        self._asked_at: float | None = None

    async def report(self, now: datetime) -> AlertReport:
        """The alerts to show. Raises only when Prometheus fails too (or
        there is no Alertmanager and it fails)."""
        if self._discover is not None and (
                self._asked_at is None or time.monotonic() - self._asked_at >= self._ask_again):
            try:
                self.alertmanager = await self._discover()
            except Exception:  # Prometheus not answering yet: ask next refresh
                pass
            else:
                self._asked_at = time.monotonic()
                if self.alertmanager is not None:
                    self._discover = None
        if self.alertmanager is None:
            return AlertReport(await self.prometheus.alerts(now))
        try:
            return AlertReport(await self.alertmanager.alerts(now), from_alertmanager=True)
        except Exception as error:  # any failure falls back, never blanks the pane
            reason = f"Alertmanager: {describe_error(error)}"
        return AlertReport(await self.prometheus.alerts(now), fallback_reason=reason)

    async def aclose(self) -> None:
        if self.alertmanager is not None:
            await self.alertmanager.aclose()


def discover_through(prometheus: MetricsSource, settings: PrometheusSettings) -> Discover:
    """Ask Prometheus which Alertmanager it sends to (/api/v1/alertmanagers).
    The Alertmanager found gets Prometheus's TLS settings but not its
    credentials: those are for Prometheus, not for another server."""
    from tui.sources.alertmanager import AlertmanagerClient

    async def discover() -> Silencer | None:
        ask = getattr(prometheus, "alertmanagers", None)
        if ask is None:
            return None
        urls: tuple[str, ...] = await ask()
        usable = [url for url in urls if url.startswith(("http://", "https://"))]
        if not usable:
            return None
        return AlertmanagerClient(PrometheusSettings(
            url=usable[0], timeout_seconds=settings.timeout_seconds,
            ca_file=settings.ca_file, insecure=settings.insecure))

    return discover
