"""The pods pane's keys as an on-call engineer uses them on the demo
incident (16 pods, clock frozen at 14:20): filter, faults only, sort, wide
mode, the cursor that follows its pod, and rows that changed lighting up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from rich.segment import Segment
from textual.app import App, ComposeResult

from tests.conftest import MakeApp
from tests.factories import T0, make_pod_row
from tests.ui.helpers import settle
from tui.model.pods import PodSnapshot
from tui.model.timeline import EntryKind
from tui.ui.context import WarroomContext
from tui.widgets.pod_table import PodTable
from tui.widgets.rollouts_pane import RolloutsPane
from tui.widgets.suggestion_bar import SuggestionBar

MakeContext = Callable[..., WarroomContext]


def shown_names(table: PodTable) -> list[str]:
    return [row.name for row in table.grid.rows]


def summary(table: PodTable) -> str:
    return str(table.query_one(".pod-summary").render())


async def test_slash_filters_as_you_type_and_escape_clears(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        pods = app.screen.query_one(PodTable)
        await pilot.press("slash", *"pgb")
        assert [name[:9] for name in shown_names(pods)] == ["pgbouncer", "pgbouncer"]
        assert "filter 'pgb': 2 shown" in summary(pods) and "16 pods" in summary(pods)
        await pilot.press("enter")
        assert pods.grid.has_focus and len(shown_names(pods)) == 2  # the filter stays
        await pilot.press("escape")
        assert len(shown_names(pods)) == 16 and "filter" not in summary(pods)


async def test_regex_and_inverted_filters(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        pods = app.screen.query_one(PodTable)
        await pilot.press("slash", *"^\\S+ (ingress|monitoring)/")
        assert {name.split("-")[0] for name in shown_names(pods)} == {"ingress", "prometheus"}
        await pilot.press("ctrl+u", *"!shop/")  # ctrl+u empties the box
        assert len(shown_names(pods)) == 3
        await pilot.press("ctrl+u", *"cart-(")
        problem = str(pods.query_one(".pod-problem").render())
        assert "not a regular expression" in problem
        assert shown_names(pods) == []  # no pod has "cart-(" in it, taken literally


async def test_faults_only_then_sort_keys(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        pods = app.screen.query_one(PodTable)
        await pilot.press("f")
        assert len(shown_names(pods)) == 2 and "faults only: 2 shown" in summary(pods)
        await pilot.press("f")
        await pilot.press("N")
        names = shown_names(pods)
        assert names == sorted(names)
        assert pods.grid.row_text(0)["NAME"].startswith("cart-")
        await pilot.press("N")
        assert shown_names(pods) == sorted(names, reverse=True)
        await pilot.press("R")
        restarts = [row.restarts for row in pods.grid.rows]
        assert restarts == sorted(restarts, reverse=True) and restarts[0] == 6
        await pilot.press("A")
        ages = [row.created_at for row in pods.grid.rows]
        assert ages == sorted(ages, reverse=True)  # youngest first


async def test_cursor_stays_on_its_pod_when_the_order_changes(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        pods = app.screen.query_one(PodTable)
        await pilot.press("down", "down", "down")
        chosen = pods.grid.current
        assert chosen is not None
        await pilot.press("N")
        assert pods.grid.current == chosen
        assert pods.grid.cursor == shown_names(pods).index(chosen.name)


async def test_wide_mode_adds_ip_last_termination_and_qos(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        pods = app.screen.query_one(PodTable)
        assert "IP" not in pods.grid.columns
        await pilot.press("ctrl+w")
        await settle(pilot)
        # The pane takes the whole width (the charts go under it), and the
        # names keep their room before the columns asked for.
        assert pods.size.width == 158  # inside its border
        worst = pods.grid.row_text(0)  # the columns that fit, as drawn
        assert worst["LAST"] == "Error (137)" and worst["QOS"] == "Burstable"
        assert worst["IP"].startswith("10.")
        assert all(pods.grid.row_text(index)["NAME"] == row.name
                   for index, row in enumerate(pods.grid.rows))
        # What was asked for comes before where pods run.
        assert list(worst)[-4:] == ["LAST", "IP", "QOS", "NODE"]
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert pods.size.width < 100 and "IP" not in pods.grid.columns


class PodsOnly(App[None]):
    # Textual's auto focus skips nothing hidden: name the grid, as screens do.
    AUTO_FOCUS = "PodGrid"

    def compose(self) -> ComposeResult:
        yield PodTable()


def line_backgrounds(table: PodTable, y: int) -> set[object]:
    segments: list[Segment] = list(table.grid.render_line(y))
    return {segment.style.bgcolor for segment in segments if segment.style}


async def test_a_pod_that_changed_is_highlighted_then_fades() -> None:
    rows = (make_pod_row("a-1"), make_pod_row("b-1"), make_pod_row("c-1"))
    app = PodsOnly()
    async with app.run_test(size=(120, 20)) as pilot:
        table = app.query_one(PodTable)
        table.show(PodSnapshot(rows, T0), T0)
        await pilot.pause()
        plain = line_backgrounds(table, 3)  # c-1: neither cursor nor changed
        changed = (rows[0], rows[1], replace(rows[2], restarts=1, last_restart_at=T0))
        table.show(PodSnapshot(changed, T0 + timedelta(seconds=5)), T0 + timedelta(seconds=5))
        await pilot.pause()
        assert line_backgrounds(table, 3) != plain
        assert line_backgrounds(table, 2) == plain  # b-1 did not change
        await pilot.pause(3.2)
        assert line_backgrounds(table, 3) == plain


async def test_a_big_first_list_shows_its_progress() -> None:
    app = PodsOnly()
    async with app.run_test(size=(120, 20)) as pilot:
        table = app.query_one(PodTable)
        table.show(PodSnapshot((), T0, synced=False, listed=2500), T0)
        await pilot.pause()
        assert summary(table) == "syncing… 2,500 pods listed"
        table.show(PodSnapshot((make_pod_row("a-1"),), T0), T0)
        await pilot.pause()
        assert summary(table).startswith("1 pod ")


async def test_a_big_cluster_is_prepared_off_the_ui_thread_and_late_frames_are_dropped(
        ) -> None:
    many = tuple(make_pod_row(f"web-{i:05d}", namespace=f"ns-{i % 7}") for i in range(5000))
    others = tuple(make_pod_row(f"api-{i:05d}") for i in range(4000))
    app = PodsOnly()
    async with app.run_test(size=(120, 20)) as pilot:
        table = app.query_one(PodTable)
        table.show(PodSnapshot(many, T0), T0)
        table.show(PodSnapshot(others, T0), T0)  # before the first frame is ready
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(table.grid.rows) == 4000 and summary(table).startswith("4000 pods")
        assert table.frames_built == 1  # the 5000-pod frame came too late and was dropped
        await pilot.press("slash", *"api-0001")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown_names(table)[:2] == ["api-00010", "api-00011"]
        assert "filter 'api-0001': 10 shown" in summary(table)


async def test_hostile_and_huge_names_are_shown_literally_and_cut() -> None:
    names = ["[red]x[/]", "日本語のポッド", "n" * 253, "esc\\x1b[2J"]
    app = PodsOnly()
    async with app.run_test(size=(120, 20)) as pilot:
        table = app.query_one(PodTable)
        table.show(PodSnapshot(tuple(make_pod_row(name) for name in names), T0), T0)
        await pilot.pause()
        text = "\n".join("".join(segment.text for segment in table.grid.render_line(y))
                         for y in range(1, 5))
        assert "[red]x[/]" in text and "日本語のポッド" in text and "esc\\x1b[2J" in text
        assert "nnnn…nnnnnn" in text  # 253 characters cut in the middle, end kept


async def test_enter_on_the_demo_pod_shows_its_recorded_events(
        make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        text = str(app.screen.query_one("#pod-detail-body").render())
        # By 14:20 the crash-looping pod was killed six times by its liveness
        # probe, five of them into a back-off; later Events are not shown yet.
        assert "BackOff            ×5" in text and "Killing            ×6" in text
        assert "14:22" not in text


async def test_a_restart_burst_is_suggested_and_t_adds_it(
        make_context: MakeContext, make_app: MakeApp) -> None:
    context = make_context(at=datetime(2026, 3, 14, 14, 12, tzinfo=UTC))
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(SuggestionBar)
        assert not bar.display  # the first snapshot is the baseline
        context.clock.advance(4 * 60)  # type: ignore[attr-defined]
        await pilot.press("r")
        await settle(pilot)
        assert bar.display
        shown = str(bar.render())
        assert "t add · T dismiss" in shown and "Restart burst: 3 restarts" in shown
        await pilot.press("t")
        await settle(pilot)
        assert not bar.display
        added = [e for e in context.store.timeline.entries(context.incident.id)
                 if e.kind is EntryKind.POD_EVENT]
        assert len(added) == 1 and added[0].text.startswith("Restart burst")
        assert added[0].at == datetime(2026, 3, 14, 14, 15, 30, tzinfo=UTC)  # the last restart
        await pilot.press("t")  # nothing pending: the key does nothing
        await settle(pilot)
        assert len([e for e in context.store.timeline.entries(context.incident.id)
                    if e.kind is EntryKind.POD_EVENT]) == 1


async def test_pods_are_stored_with_the_incident_as_they_change(
        make_context: MakeContext, make_app: MakeApp) -> None:
    start = datetime(2026, 3, 14, 14, 12, tzinfo=UTC)
    context = make_context(at=start)
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        context.clock.advance(12 * 60)  # type: ignore[attr-defined]  # into the rollback
        await pilot.press("r")
        await settle(pilot)
    store, incident = context.store, context.incident.id
    then = store.archives.pods_at(incident, start)
    assert len(then.rows) == 16
    crashing = [row.name for row in then.rows if row.status == "CrashLoopBackOff"]
    assert crashing == ["checkout-7d9f8c6b5-d7gsp"]
    later = store.archives.pods_at(incident, start + timedelta(minutes=12))
    assert any(row.name.startswith("checkout-5c8d7b9f4-") for row in later.rows)


async def test_the_demo_rollback_is_offered_as_a_deploy(
        make_context: MakeContext, make_app: MakeApp) -> None:
    context = make_context()  # 14:20, two minutes before the rollback
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        table = app.screen.query_one(RolloutsPane)
        assert table.history is not None
        assert [(r.deployment, r.revision) for r in table.history.revisions[:2]] == [
            ("checkout", 2), ("checkout", 1)]
        context.clock.advance(3 * 60)  # type: ignore[attr-defined]
        await pilot.press("r")
        await settle(pilot)
        shown = str(app.screen.query_one(SuggestionBar).render())
        assert ("Deployment shop/checkout rolled out revision 3 (registry.example.com/shop/"
                "checkout:v2.13.4; kubectl rollout undo deployment/checkout)") in shown
        assert "rollback" in table.get_row_at(0)[5].plain
