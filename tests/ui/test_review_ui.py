"""`warroom review` as a user drives it: the demo incident's stored history
(seeded into a real SQLite file as a war room open through the recording
would have stored it), the timeline's cursor moving the charts' cursor and
the pods, and what stays editable."""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from tests.conftest import REVIEW_AT, MakeApp, MakeContext
from tests.ui.helpers import quiesce, settle
from tui.cli.launch import ReviewError, build_review_context
from tui.model.clock import FrozenClock
from tui.model.pods import Health
from tui.screens.action_editor import ActionItemEditor
from tui.screens.composer import ComposerScreen
from tui.screens.review import ReviewScreen
from tui.widgets.line_chart import LineChart
from tui.widgets.metric_pane import MetricPane
from tui.widgets.pod_table import PodTable
from tui.widgets.review_bar import ReviewBar


async def review_settled(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.pause(0.2)  # the pods follow the cursor after a short pause
    await settle(pilot)


def _screen(pilot: Pilot) -> ReviewScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def _pod_health(pilot: Pilot) -> dict[Health, int]:
    snapshot = pilot.app.screen.query_one(PodTable).snapshot
    assert snapshot is not None
    counts: dict[Health, int] = {}
    for row in snapshot.rows:
        counts[row.health] = counts.get(row.health, 0) + 1
    return counts


async def test_the_timeline_cursor_moves_the_charts_and_the_pods(
        make_app: MakeApp, make_review: MakeContext) -> None:
    context = make_review()
    entries = context.entries
    async with make_app(context, review=True).run_test(size=(160, 48)) as pilot:
        await review_settled(pilot)
        screen = _screen(pilot)
        # It opens on the first entry: the migration job, before any error.
        first = entries[0]
        assert screen.moment == first.at
        charts = list(screen.query(LineChart))
        assert charts and all(chart.cursor == first.at for chart in charts)
        errors = screen.query_one("#pane-error_ratio", MetricPane)
        assert errors.has_class("-ok") and not errors.has_class("-critical")
        assert errors.border_subtitle == f"at {first.at:%H:%M:%S}Z"
        before = _pod_health(pilot)
        assert before.get(Health.FAILING, 0) == 0
        assert str(screen.query_one(ReviewBar).render()).count("entry 1 of") == 1

        # Down to the finding that pods restart: the error ratio is critical
        # then, and the pods are as they stood, one of them failing.
        finding = next(i for i, e in enumerate(entries) if "CrashLoopBackOff" in e.text)
        for _ in range(finding):
            await pilot.press("j")
        await review_settled(pilot)
        moment = entries[finding].at
        assert screen.moment == moment
        assert all(chart.cursor == moment for chart in screen.query(LineChart))
        assert errors.has_class("-critical")
        assert "CRITICAL" in str(errors.query_one(".metric-stats").render())
        assert _pod_health(pilot).get(Health.FAILING, 0) >= 1
        bar = str(screen.query_one(ReviewBar).render())
        assert f"entry {finding + 1} of {len(entries)}" in bar
        assert f"{moment:%H:%M:%S}Z" in bar

        # Back to the start: the pods are those of the start again.
        await pilot.press("g")
        await review_settled(pilot)
        assert screen.moment == first.at
        assert _pod_health(pilot) == before


async def test_what_happened_cannot_be_changed_but_stars_and_follow_ups_can(
        make_app: MakeApp, make_review: MakeContext) -> None:
    context = make_review()
    store = context.store
    before = [(e.id, e.text, e.at) for e in store.timeline.entries(context.incident.id)]
    async with make_app(context, review=True).run_test(size=(160, 48)) as pilot:
        await review_settled(pilot)
        screen = _screen(pilot)
        assert not screen.query("#note-input"), "no note box in a review"
        for key in ("i", "e", "enter", "d", "u"):
            await pilot.press(key)
            await settle(pilot)
            assert pilot.app.screen is screen, f"{key} opened something in a review"
        assert [(e.id, e.text, e.at) for e in store.timeline.entries(context.incident.id)] == before

        # s stars the entry under the cursor, kept in the database.
        await pilot.press("j", "s")
        await review_settled(pilot)
        second = store.timeline.entries(context.incident.id)[1]
        assert second.starred
        assert "★" in str(screen.query_one(ReviewBar).render())

        # F makes a follow-up of it, saved with ctrl+s.
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ActionItemEditor)
        await pilot.press("ctrl+s")
        await review_settled(pilot)
        items = store.follow_ups.for_incident(context.incident.id)
        assert len(items) == 1 and items[0].source.startswith("timeline 13:58Z")


async def test_post_mortem_notes_are_kept_as_typed_and_fill_the_post_mortem(
        make_app: MakeApp, make_review: MakeContext, tmp_path: Path) -> None:
    context = make_review()
    incident_id = context.incident.id
    async with make_app(context, review=True).run_test(size=(160, 48)) as pilot:
        await review_settled(pilot)
        await pilot.press("3")
        await settle(pilot)
        # The summary box has the keys: typed text is kept after a pause.
        await pilot.press(*"Pool ran dry [red]after[/] v2.14.0")
        await pilot.pause(0.7)
        await settle(pilot)
        assert context.store.comms.review_notes(incident_id) == {
            "summary": "Pool ran dry [red]after[/] v2.14.0"}
        # c writes the post-mortem: the summary is filled in, not missing.
        await pilot.press("escape", "c")
        await settle(pilot)
        composer = pilot.app.screen
        assert isinstance(composer, ComposerScreen)
        text = composer.query_one("#composer-editor").text  # type: ignore[attr-defined]
        assert "Pool ran dry [red]after[/] v2.14.0" in text
        assert "⟨missing: summary⟩" not in text
        assert "⟨missing: lessons⟩" in text

    # Another session on the file finds the note where it was typed.
    again = make_review(db=tmp_path / "review.db")
    async with make_app(again, review=True).run_test(size=(160, 48)) as pilot:
        await review_settled(pilot)
        area = pilot.app.screen.query_one("#review-summary")
        assert area.text == "Pool ran dry [red]after[/] v2.14.0"  # type: ignore[attr-defined]


async def test_a_review_opens_no_network_connection(make_app: MakeApp, tmp_path: Path) -> None:
    """Every socket connection and name lookup the process attempts is
    recorded by an audit hook (PEP 578) while a review is built, opened,
    moved through, written in and composed from: there must be none."""
    attempts: list[tuple[str, object]] = []
    recording = True

    def audit(event: str, args: tuple[object, ...]) -> None:
        if recording and event in ("socket.connect", "socket.getaddrinfo",
                                   "socket.gethostbyname", "socket.sendto"):
            attempts.append((event, args))

    sys.addaudithook(audit)  # hooks cannot be removed: this one switches off
    try:
        context = build_review_context(tmp_path / "offline.db", clock=FrozenClock(REVIEW_AT))
        async with make_app(context, review=True).run_test(size=(160, 48)) as pilot:
            await review_settled(pilot)
            await pilot.press("G", "s", "k", "k", "2", "1", "3", "escape", "c")
            await review_settled(pilot)
        context.store.close()
        # The hook works: a connection attempt of our own is seen.
        probe = socket.socket()
        probe.settimeout(0.5)
        try:
            probe.connect(("127.0.0.1", 9))
        except OSError:
            pass
        finally:
            probe.close()
    finally:
        recording = False
    assert attempts == [("socket.connect", (probe, ("127.0.0.1", 9)))]


async def test_an_incident_with_nothing_stored_says_so(make_app: MakeApp, make_review: MakeContext,
                                                       tmp_path: Path) -> None:
    context = make_review()
    store = context.store
    from tui.model.incident import IncidentDraft

    declared = store.incidents.declare(IncidentDraft(title="Queue backlog", severity="P3"), "ic")
    bare = make_review(declared.id, db=tmp_path / "review.db")
    async with make_app(bare, review=True).run_test(size=(120, 36)) as pilot:
        await review_settled(pilot)
        screen = _screen(pilot)
        assert screen.query_one("#no-metrics")
        summary = screen.query_one(PodTable).query_one(".pod-summary")
        assert "No pod states stored" in str(summary.render())


def test_an_unknown_incident_is_refused(make_review: MakeContext) -> None:
    with pytest.raises(ReviewError, match="no incident INC-404"):
        make_review("INC-404")


async def test_the_chart_draws_its_cursor_where_the_moment_falls(
        make_app: MakeApp, make_review: MakeContext) -> None:
    context = make_review()
    async with make_app(context, review=True).run_test(size=(160, 48)) as pilot:
        await review_settled(pilot)
        await pilot.press("G")
        await review_settled(pilot)
        chart = pilot.app.screen.query_one("#pane-error_ratio LineChart", LineChart)
        lines = str(chart.render()).splitlines()
        width = chart.size.width - 7
        column = chart.cursor_column(width)
        assert column is not None
        end, window = chart.end, chart.window_seconds
        assert end is not None and chart.cursor is not None
        # The column is the moment's share of the span.
        share = (chart.cursor.timestamp() - (end.timestamp() - window)) / window
        assert abs(column - share * width) <= 1
        assert lines[-1][7 + column] == "▲"
        # Every plot row shows the line there, or a series crossing it.
        assert all(line[7 + column] != " " for line in lines[:-1])


def test_review_snapshot_at_the_first_entry(make_app: MakeApp, snap_compare: Callable[..., bool],
                                            make_review: MakeContext) -> None:
    """REVIEW badge, P1 CRITICAL, RESOLVED (the demo's story played to its
    end), elapsed 1h 08m 00s; at 13:57:00Z T-5m00s, entry 1 of 17 (the
    migration job). Pods as then: one ContainerCreating; both
    charts over 13:47–15:20 with the cursor line (▲) near the left, values
    low and OK."""
    assert snap_compare(make_app(make_review(), review=True), terminal_size=(160, 48),
                        run_before=review_settled)


def test_review_snapshot_at_the_finding(make_app: MakeApp, snap_compare: Callable[..., bool],
                                        make_review: MakeContext) -> None:
    """The cursor on the 14:11 finding (entry 7 of 17): error ratio 18%
    CRITICAL with a red border, p95 over its line, one pod failing and
    restarts counted; the cursor line moved right on both charts."""

    async def to_finding(pilot: Pilot) -> None:
        await review_settled(pilot)
        await pilot.press(*"jjjjjj")
        await review_settled(pilot)

    assert snap_compare(make_app(make_review(), review=True), terminal_size=(160, 48),
                        run_before=to_finding)


def test_review_snapshot_post_mortem_tab_80x24(make_app: MakeApp, snap_compare: Callable[..., bool],
                                               make_review: MakeContext) -> None:
    """At 80x24: the post-mortem tab with its boxes (summary first), the
    pods and charts narrowed beside it."""

    async def to_notes(pilot: Pilot) -> None:
        await review_settled(pilot)
        # The tab shown, the keys left on the timeline: no text cursor,
        # whose blink a busy machine catches in either phase.
        pilot.app.screen.query_one(TabbedContent).active = "review-postmortem"
        await review_settled(pilot)
        await quiesce(pilot)

    assert snap_compare(make_app(make_review(), review=True), terminal_size=(80, 24),
                        run_before=to_notes)


async def test_a_long_entry_wraps_in_the_moment_bar(
        make_app: MakeApp, make_review: MakeContext) -> None:
    """Issue 24 item 10: the entry under the cursor is read whole, wrapped
    onto the bar's lines at 100x30, not cut at the screen's edge."""
    context = make_review()
    ending = "and the rollback finished at 14:31 with every pod ready"
    long_text = "Root cause: " + "the connection pool was sized for the old replica count " * 2
    context.store.timeline.add(context.incident.id, long_text + ending,
                            at=context.entries[0].at, author="reviewer")
    context = make_review(context.incident.id)
    async with make_app(context, review=True).run_test(size=(100, 30)) as pilot:
        await review_settled(pilot)
        screen = _screen(pilot)
        bar = screen.query_one(ReviewBar)
        texts = [entry.text for entry in context.entries]
        for _ in range(texts.index(long_text + ending)):
            await pilot.press("j")
        await review_settled(pilot)
        assert bar.size.height > 1
        drawn = [bar.render_line(y).text for y in range(bar.size.height)]
        assert "every pod ready" in "".join(drawn)
