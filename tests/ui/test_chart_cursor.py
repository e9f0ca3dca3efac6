"""A review's cursor drawn over a chart already plotted: the same picture as
drawing the chart afresh, and no redraw at all for a step that keeps the
cursor in its column."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from textual.app import App, ComposeResult

from tui.model.metrics import PaneSpec, QuerySpec, Series, Thresholds, Unit
from tui.widgets.line_chart import LineChart

END = datetime(2026, 3, 20, 15, 0, tzinfo=UTC)
SPEC = PaneSpec("errors", "Errors", Unit.RATIO, (QuerySpec("x"),), Thresholds(0.05, 0.1))


def series() -> tuple[Series, ...]:
    stamps = tuple(END.timestamp() - 3600 + 30 * step for step in range(121))
    return tuple(Series(name, (), stamps,
                        tuple(scale * (1 + math.sin(step / 9)) for step in range(121)))
                 for name, scale in (("checkout", 0.08), ("cart", 0.03)))


class Charted(App[None]):
    def compose(self) -> ComposeResult:
        yield LineChart(SPEC)


async def test_the_cursor_over_the_kept_plot_is_what_a_fresh_draw_shows() -> None:
    app = Charted()
    async with app.run_test(size=(90, 14)) as pilot:
        chart = app.query_one(LineChart)
        drawn = series()
        chart.show(drawn, END, 3600)
        await pilot.pause()
        for minutes in (-1, 0, 7, 7.2, 45, 59.9, 60, 61):
            chart.show(drawn, END, 3600, END - timedelta(minutes=60 - minutes))
            kept = chart.render()
            chart.notify_style_update()  # forgets the plot: drawn afresh
            fresh = chart.render()
            assert kept.plain == fresh.plain and kept.spans == fresh.spans, minutes
            # Under the cursor, unless a time is written there (ends, middle).
            assert ("▲" in kept.plain.splitlines()[-1]) == (minutes in (7, 7.2, 45)), minutes


async def test_a_step_within_the_cursor_column_draws_nothing() -> None:
    app = Charted()
    async with app.run_test(size=(90, 14)) as pilot:
        chart = app.query_one(LineChart)
        drawn = series()
        chart.show(drawn, END, 3600, END - timedelta(minutes=30))
        await pilot.pause()
        refreshes = []
        chart.refresh = lambda *args, **kwargs: refreshes.append(1)  # type: ignore[method-assign]
        # 83 columns over an hour: about 43 s each.
        chart.show(drawn, END, 3600, END - timedelta(minutes=30, seconds=-1))
        assert refreshes == []
        chart.show(drawn, END, 3600, END - timedelta(minutes=25))
        assert refreshes == [1]
        chart.show(series(), END, 3600, END - timedelta(minutes=25))  # new data, same values
        assert refreshes == [1]  # equal series: nothing to draw either
        chart.show(drawn, END + timedelta(minutes=1), 3600, END - timedelta(minutes=25))
        assert refreshes == [1, 1]
