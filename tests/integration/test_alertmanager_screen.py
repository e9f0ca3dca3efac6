"""The war room on a real Prometheus whose rules fire into a real
Alertmanager, found through Prometheus's /api/v1/alertmanagers: S on the
firing alert silences it in Alertmanager (the pane shows it silenced, the
timeline says so), X expires the silence and it fires again."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from tests.conftest import MakeApp
from tests.integration.test_alertmanager import eventually
from tests.ui.helpers import settle, wait_for
from tui.cli.launch import build_live_context
from tui.files.config import Config, PrometheusSettings
from tui.screens.silence_dialog import SilenceDialog
from tui.sources.prometheus import PrometheusClient
from tui.widgets.alerts_pane import AlertsPane


def state_of(pane: AlertsPane, name: str) -> str:
    """The STATE cell, and the second line of the ALERT cell (who silenced
    it until when)."""
    for alert, row in zip(pane.alert_rows, range(pane.row_count), strict=True):
        if alert.name == name:
            state, alert_cell = pane.fields(row)[:2]
            return "\n".join([state, *alert_cell.split("\n")[1:]])
    return ""


async def test_silence_and_expire_from_the_alerts_pane(
        make_app: MakeApp, alerting_settings: PrometheusSettings, tmp_path: Path) -> None:
    settings = replace(alerting_settings, refresh_seconds=2)
    # Prometheus names its Alertmanager some seconds after it starts; the war
    # room asks once at its first refresh (then only once a minute).
    prometheus = PrometheusClient(settings)

    async def named() -> bool:
        return bool(await prometheus.alertmanagers())

    await eventually(named)
    await prometheus.aclose()
    context = build_live_context(tmp_path / "w.db", Config(prometheus=settings))
    context.author = "alice"
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        pane = app.screen.query_one(AlertsPane)
        await wait_for(pilot, lambda: context.alert_feed is not None
                       and context.alert_feed.alertmanager is not None
                       and state_of(pane, "CheckoutHighErrorRate") == "✖ FIRING", seconds=30)
        assert "from Prometheus" not in str(pane.border_subtitle)
        pane.focus()
        pane.move_cursor(row=next(i for i, a in enumerate(pane.alert_rows)
                                  if a.name == "CheckoutHighErrorRate"))
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, SilenceDialog)
        await pilot.press(*"fix rolling out")
        await pilot.press("enter")

        def lines() -> list[str]:
            return [e.text for e in context.store.timeline.entries(context.incident.id)
                    if "silence" in e.text]

        await wait_for(pilot, lambda: bool(lines()), seconds=15)
        assert re.fullmatch(
            r'Silenced CheckoutHighErrorRate \{service="checkout", severity="critical"\} '
            r"for 2h: fix rolling out \(silence [0-9a-f-]{36}\)", lines()[0])
        await wait_for(pilot, lambda: state_of(pane, "CheckoutHighErrorRate").startswith(
            "🔇 silenced\nalice until "), seconds=15)

        pane.focus()
        await pilot.press("X")
        await wait_for(pilot, lambda: len(lines()) == 2, seconds=15)
        assert lines()[1].startswith("Expired the silence of CheckoutHighErrorRate "
                                     '{service="checkout"} (silence ')
        await wait_for(pilot, lambda: state_of(pane, "CheckoutHighErrorRate") == "✖ FIRING",
                       seconds=15)
