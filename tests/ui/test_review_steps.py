"""What a step through a review draws again: the two rows the timeline's
cursor left and reached, and no pod row unless one reads differently."""

from __future__ import annotations

from datetime import timedelta

from textual.app import App, ComposeResult
from textual.geometry import Region

from tests.factories import T0, make_pod_row
from tui.model.pods import PodSnapshot
from tui.widgets.pod_table import PodTable


class PodsOnly(App[None]):
    def compose(self) -> ComposeResult:
        yield PodTable()


def watch_refreshes(widget: object) -> list[tuple[Region, ...]]:
    seen: list[tuple[Region, ...]] = []
    original = widget.refresh  # type: ignore[attr-defined]

    def refresh(*regions: Region, **options: object) -> object:
        seen.append(regions)
        return original(*regions, **options)

    widget.refresh = refresh  # type: ignore[attr-defined]
    return seen


async def test_a_cursor_step_draws_again_only_the_rows_it_left_and_reached() -> None:
    rows = tuple(make_pod_row(f"web-{index:02d}") for index in range(40))
    app = PodsOnly()
    async with app.run_test(size=(120, 20)) as pilot:
        grid = app.query_one(PodTable).grid
        app.query_one(PodTable).show(PodSnapshot(rows, T0), T0)
        await pilot.pause()
        grid.focus()
        await pilot.pause()
        seen = watch_refreshes(grid)
        await pilot.press("j")
        # Rows 0 and 1 are lines 1 and 2, under the header.
        assert [tuple(region.y for region in regions) for regions in seen] == [(1,), (2,)]
        assert grid.cursor == 1
        seen.clear()
        await pilot.press(*"j" * 20)  # past the bottom: the view scrolls
        assert (grid.size.region,) in seen  # the whole grid drawn again, once a step
        assert grid.current is not None and grid.current.name == "web-21"


async def test_the_same_pods_a_moment_later_draw_nothing_unless_an_age_moved() -> None:
    rows = tuple(make_pod_row(f"web-{index:02d}", created_at=T0 - timedelta(minutes=10))
                 for index in range(40))
    app = PodsOnly()
    async with app.run_test(size=(120, 20)) as pilot:
        table = app.query_one(PodTable)
        for _ in range(2):  # the second at the width left by the scrollbar
            table.show(PodSnapshot(rows, T0), T0)
            await pilot.pause()
        seen = watch_refreshes(table.grid)
        table.show(PodSnapshot(rows, T0 + timedelta(seconds=20)), T0 + timedelta(seconds=20))
        await pilot.pause()
        assert seen == []  # "10m" still, on every row
        table.show(PodSnapshot(rows, T0 + timedelta(minutes=1)), T0 + timedelta(minutes=1))
        await pilot.pause()
        assert seen and table.grid.row_text(0)["AGE"] == "11m"
