"""The war room pointed at the real Prometheus (through the fault proxy):
panes fill, go stale with the server's error when it fails, keep their last
data, and come back by themselves. Real time: the data is about now."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.conftest import MakeApp
from tests.integration.fault_proxy import FaultProxy
from tests.ui.helpers import wait_for
from tui.cli.launch import build_live_context
from tui.files.config import Config, PrometheusSettings
from tui.model.timeline import EntryKind
from tui.widgets.alerts_pane import AlertsPane
from tui.widgets.metric_pane import MetricPane
from tui.widgets.pod_table import PodTable
from tui.widgets.timeline_grid import TimelineGrid

UNAVAILABLE = b'{"status":"error","errorType":"unavailable","error":"[b]overloaded[/b]"}'




def text_of(pane: MetricPane, selector: str) -> str:
    return str(pane.query_one(selector).render())


async def test_live_panes_fill_go_stale_and_recover(
        make_app: MakeApp, proxy: FaultProxy, tmp_path: Path) -> None:
    settings = PrometheusSettings(url=proxy.url, refresh_seconds=60, timeout_seconds=3)
    context = build_live_context(tmp_path / "w.db", Config(prometheus=settings))
    assert context.incident.title == "Untitled incident"
    # A new incident starts with the playbooks that apply to it.
    assert [a.playbook.id for a in context.store.checklists.attachments(context.incident.id)] == [
        "triage"]
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.screen
        errors = screen.query_one("#pane-error_ratio", MetricPane)
        await wait_for(pilot, lambda: errors.snapshot is not None)
        assert "checkout 5.0%" in text_of(errors, ".metric-stats")
        assert "No cluster configured" in str(screen.query_one(PodTable)
                                              .query_one(".pod-summary").render())
        alerts = screen.query_one(AlertsPane)
        await wait_for(pilot, lambda: alerts.row_count >= 1)

        with proxy.behaving(mode="status", status=503, body=UNAVAILABLE):
            await pilot.press("r")
            await wait_for(pilot, lambda: errors.has_class("-stale"))
            first_failure = alerts.border_subtitle
            await asyncio.sleep(1.1)  # the next failure is a second later
            await pilot.press("r")
            await wait_for(pilot, lambda: screen.pane_states["error_ratio"].failures >= 2)
            # Stale since the first failure, not the latest.
            assert alerts.border_subtitle == first_failure
        problem = text_of(errors, ".metric-problem")
        assert "stale since" in problem
        # The server's words, shown as text: markup from outside is not applied.
        assert "HTTP 503 unavailable: [b]overloaded[/b]" in problem
        assert "checkout 5.0%" in text_of(errors, ".metric-stats")  # last data kept
        assert "stale" in (alerts.border_subtitle or "")

        await pilot.press("r")
        await wait_for(pilot, lambda: not errors.has_class("-stale"))
        assert not errors.query_one(".metric-problem").display

        # Pin the focused pane: its values land on the timeline.
        errors.focus()
        await pilot.press("p")
        await wait_for(pilot, lambda: any(
            e.kind is EntryKind.METRIC_PIN
            for e in context.store.timeline.entries(context.incident.id)))
        pin = next(e for e in context.store.timeline.entries(context.incident.id)
                   if e.kind is EntryKind.METRIC_PIN)
        assert pin.text.startswith("Error ratio (5xx / all) · Prometheus client: checkout 5.0%")
        assert "http_requests_total" in pin.text
        grid = screen.query_one(TimelineGrid)
        await wait_for(pilot, lambda: any(grid.row_text(i)[3].startswith("Error ratio")
                                          for i in range(grid.row_count)))

    # What the panes showed is in the database for an offline review.
    assert {spec.id for spec in context.store.archives.metric_panes(context.incident.id)} == {
        "error_ratio", "latency", "request_rate"}
