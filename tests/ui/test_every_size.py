"""Issue 24, "every size": what a responder sees at 160x48, 100x30 and
80x24 — the pods' triage columns in full, the header wrapped rather than
cut, alerts and health stacked rather than cut, the charts in view."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from tests.conftest import MakeApp
from tests.factories import T0, make_pod_row
from tests.ui.helpers import settle
from tui.ui.context import WarroomContext
from tui.widgets.alerts_pane import AlertsPane
from tui.widgets.health_pane import HealthPane
from tui.widgets.incident_header import IncidentHeader, wrap_parts
from tui.widgets.metric_pane import MetricPane
from tui.widgets.pod_columns import grid_layout
from tui.widgets.pod_table import PodTable

MakeContext = Callable[..., WarroomContext]
TRIAGE = ["NAME", "READY", "STATUS", "RESTARTS"]


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
async def test_narrow_pods_keep_the_triage_columns_and_whole_names(
        make_app: MakeApp, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        pods = app.screen.query_one(PodTable)
        assert pods.size.width == size[0] - 2  # the whole width, inside its border
        assert list(pods.grid.column_layout.columns[:4]) == TRIAGE
        for index, row in enumerate(pods.grid.rows):
            shown = pods.grid.row_text(index)
            # In full: the 40-character ingress names too, never "…".
            assert shown["NAME"] == row.name and shown["STATUS"].endswith(row.status)
            assert "…" not in "".join(shown.values())
        # ctrl+w: the same names in full before any column asked for.
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert list(pods.grid.column_layout.columns[:4]) == TRIAGE
        assert all(pods.grid.row_text(index)["NAME"] == row.name
                   for index, row in enumerate(pods.grid.rows))


def test_other_columns_join_by_priority_and_never_cut_a_name() -> None:
    rows = [make_pod_row("ingress-nginx-controller-7c5f9b6d4-qkmd9", node="ip-10-0-2-41.eu",
                         status="CrashLoopBackOff", ready=0, restarts=6,
                         last_restart_at=T0 - timedelta(minutes=2))]
    columns = ("NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE", "NODE")
    room = {width: grid_layout(columns, rows, width, T0) for width in (82, 90, 100, 140)}
    # The four first, whole; then AGE, then where the pod runs (cut, not dropped).
    assert room[82].columns == tuple(TRIAGE) and room[82].widths["NAME"] == 40
    assert room[90].columns == (*TRIAGE, "AGE")
    assert room[100].columns == ("NAMESPACE", *TRIAGE, "AGE")
    assert room[140].columns == columns and room[140].widths["NODE"] == len("ip-10-0-2-41.eu")
    # Only when the four alone cannot fit is the name cut, keeping its end.
    tight = grid_layout(columns, rows, 60, T0)
    assert tight.columns == tuple(TRIAGE) and tight.short_restarts and tight.gap == 1
    assert tight.widths["NAME"] < 40


def test_the_header_wraps_whole_parts() -> None:
    from rich.text import Text

    parts = [Text("respond in 1h (15:20Z)"), Text("resolve in 1d (14:20Z)"),
             Text("SLO checkout 99.9%/30d: 5.7% of budget")]
    assert [line.plain for line in wrap_parts(parts, 60)] == [
        " respond in 1h (15:20Z)   resolve in 1d (14:20Z)",
        " SLO checkout 99.9%/30d: 5.7% of budget"]
    assert len(wrap_parts(parts, 200)) == 1 and wrap_parts([], 80)[0].plain == " "


@pytest.mark.parametrize("size", [(160, 48), (100, 30), (80, 24)],
                         ids=["160x48", "100x30", "80x24"])
async def test_the_slo_is_never_cut_from_the_header(make_app: MakeApp,
                                                    size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        header = app.screen.query_one(IncidentHeader)
        lines = header.render().plain.split("\n")
        assert header.size.height == len(lines) >= 3
        third = lines[2:]
        assert any(line.strip().startswith("SLO checkout 99.9%/30d") for line in third)
        assert all(len(line) <= header.content_size.width for line in third)
        assert len(third) >= 2  # the demo's line is wider than 160 columns


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
async def test_narrow_alerts_and_health_stack_instead_of_cutting(
        make_app: MakeApp, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        alerts = app.screen.query_one(AlertsPane)
        health = app.screen.query_one(HealthPane)
        # One above the other, as wide as each other.
        assert alerts.region.x == health.region.x and alerts.region.y < health.region.y
        assert alerts.stacked
        first = str(alerts.get_row_at(0)[0]).split("\n")
        assert first[0].startswith("✖ FIRING  ") and " · for " in first[1]
        # Health is stacked only where its columns do not fit.
        assert health.stacked == (size[0] < 100)


async def test_with_no_cluster_the_charts_take_the_pods_room(
        make_context: MakeContext, make_app: MakeApp ) -> None:
    context = make_context()
    context.pods = None
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one(PodTable).display
        panes = list(app.screen.query(MetricPane))
        # Side by side across the width, every one whole on screen.
        assert len({pane.region.y for pane in panes}) == 1
        assert sum(pane.outer_size.width for pane in panes) >= 150
        screen = app.screen.region
        assert all(screen.contains_region(pane.region) for pane in panes)
