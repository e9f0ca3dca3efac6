"""Adding, editing and removing metric panes in the app, on the demo
recording (its catalog gives the completion names). Every change lands in
SQLite and comes back on the next start."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.conftest import MakeApp
from tests.ui.helpers import settle
from tui.app import WarroomApp
from tui.model.metrics import Unit
from tui.screens.pane_editor import PaneEditor
from tui.ui.context import WarroomContext
from tui.widgets.metric_pane import MetricPane
from tui.widgets.promql_autocomplete import PromQLAutoComplete


def dropdown(app: WarroomApp) -> list[str]:
    completion = app.screen.query_one(PromQLAutoComplete)
    if not completion.display:
        return []
    options = completion.option_list
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*text)
    await pilot.pause()


async def test_add_a_pane_with_completion_and_it_persists(
        make_context: Callable[..., WarroomContext], make_app: MakeApp) -> None:
    context = make_context()
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PaneEditor)
        await type_text(pilot, "DB pool wait")
        app.screen.query_one("#expr-0", Input).focus()
        await settle(pilot)  # the metric names arrive from a worker

        await type_text(pilot, "http_req")
        assert dropdown(app)[:2] == ["http_requests_total",
                                     "http_request_duration_seconds_bucket"]
        await pilot.press("tab")
        await type_text(pilot, "{")
        await settle(pilot)
        assert dropdown(app) == ["service"]
        await pilot.press("tab")
        await settle(pilot)
        expr = app.screen.query_one("#expr-0", Input)
        assert expr.value == "http_requests_total{service="
        assert dropdown(app) == ["cart", "checkout", "payments"]
        await pilot.press("down", "tab")
        await type_text(pilot, "}")
        assert expr.value == 'http_requests_total{service="checkout"}'

        app.screen.query_one("#critical", Input).value = "5%"
        await pilot.press("ctrl+s")
        await settle(pilot)
        pane = app.screen.query_one("#pane-db-pool-wait", MetricPane)
        assert pane.spec.thresholds.critical == 0.05
        assert pane.spec.queries[0].expr == 'http_requests_total{service="checkout"}'
        # The demo can only replay what it recorded, and says so.
        assert "no data for this query" in str(
            pane.query_one(".metric-problem", Static).render())

    again = make_context()  # the same database file
    assert [spec.id for spec in again.panes][-1] == "db-pool-wait"


async def test_edit_a_configured_pane_keeps_its_data(
        make_context: Callable[..., WarroomContext], make_app: MakeApp) -> None:
    context = make_context()
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one("#pane-error_ratio", MetricPane)
        pane.focus()
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, PaneEditor)
        assert editor.query_one("#critical", Input).value == "0.05"
        editor.query_one("#title", Input).value = "5xx share"
        editor.query_one("#critical", Input).value = "0.5"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pane.border_title == "5xx share"
        # The same recorded queries: data back, now under the new threshold.
        assert pane.snapshot is not None
        assert not pane.has_class("-critical")

    again = make_context()
    edited = next(spec for spec in again.panes if spec.id == "error_ratio")
    assert (edited.title, edited.thresholds.critical, edited.unit) == ("5xx share", 0.5,
                                                                       Unit.RATIO)


async def test_remove_needs_a_second_press_and_persists(
        make_context: Callable[..., WarroomContext], make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.screen.query_one("#pane-error_ratio", MetricPane).focus()
        await pilot.press("x")
        await pilot.pause()
        assert app.screen.query("#pane-error_ratio")  # only armed
        await pilot.press("x")
        await settle(pilot)
        assert not app.screen.query("#pane-error_ratio")
    assert [spec.id for spec in make_context().panes] == ["latency"]


async def test_mistakes_are_explained_and_nothing_typed_is_lost(
        make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        editor = app.screen
        result = editor.query_one("#editor-result", Static)

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "title" in str(result.render())
        await type_text(pilot, "Queue")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "at least one PromQL query" in str(result.render())
        editor.query_one("#expr-0", Input).value = "sum(queue_depth)"
        editor.query_one("#warning", Input).value = "lots"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Warning must be a number" in str(result.render())
        editor.query_one("#warning", Input).value = "100"
        editor.query_one("#critical", Input).value = "10"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "must not be above critical" in str(result.render())
        assert app.screen is editor
        assert editor.query_one("#title", Input).value == "Queue"

        await pilot.press("ctrl+n")
        await pilot.pause()
        assert editor.query_one("#expr-1", Input).has_focus
        await pilot.press("escape", "y")  # it had changes: asked first
        await pilot.pause()
        assert not isinstance(app.screen, PaneEditor)
        assert len(app.screen.query(MetricPane)) == 2
