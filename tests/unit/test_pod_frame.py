"""The pods pane's frame built again for the same pods at another moment (a
review stepping between two moments with no change stored between them):
only what depends on the time is redone, and it is what a fresh build gives."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import T0, make_pod_row
from tui.model.pod_view import PodView, SortKey
from tui.model.pods import PodSnapshot
from tui.widgets.pod_frame import FrameRequest, build_frame, reusable
from tui.widgets.pod_table import COLUMNS


def pods() -> tuple:  # type: ignore[type-arg]
    return tuple(
        make_pod_row(f"web-{index:03d}", restarts=index % 7,
                     last_restart_at=T0 - timedelta(seconds=50 + index) if index % 7 else None,
                     created_at=T0 - timedelta(seconds=30 + 40 * index),
                     status="CrashLoopBackOff" if index % 5 == 0 else "Running")
        for index in range(60))


def request(snapshot: PodSnapshot, now_seconds: float, view: PodView | None = None,
            width: int = 100) -> FrameRequest:
    return FrameRequest(snapshot, None, view or PodView(), COLUMNS, width,
                        T0 + timedelta(seconds=now_seconds))


def test_the_same_pods_later_keep_their_order_and_get_the_layout_a_fresh_build_gives() -> None:
    snapshot = PodSnapshot(pods(), T0, synced=True)
    first = request(snapshot, 0)
    last = (first, build_frame(first))
    reused_layouts = 0
    # Seconds, then minutes, then days: RESTARTS' "ago" and AGE grow wider.
    for seconds in (1, 5, 11, 70, 600, 3_600, 90_000, 900_000):
        later = request(PodSnapshot(snapshot.rows, T0 + timedelta(seconds=seconds), synced=True),
                        seconds)
        assert reusable(last, later)
        frame, fresh = build_frame(later, last), build_frame(later)
        assert frame.rows is last[1].rows and frame.rows == fresh.rows
        assert frame.layout == fresh.layout and frame.summary == fresh.summary
        assert frame.changed == frozenset()
        reused_layouts += frame.layout is last[1].layout
        last = (later, frame)
    assert 0 < reused_layouts < 8  # kept where the widths held, redone where they moved


def test_other_pods_or_another_view_or_width_are_built_afresh() -> None:
    snapshot = PodSnapshot(pods(), T0, synced=True)
    first = request(snapshot, 0)
    last = (first, build_frame(first))
    assert not reusable(None, first)
    assert not reusable(last, request(PodSnapshot(tuple(list(snapshot.rows)), T0, synced=True), 0))
    assert not reusable(last, request(snapshot, 0, PodView(sort=SortKey.NAME)))
    assert not reusable(last, request(snapshot, 0, width=80))
