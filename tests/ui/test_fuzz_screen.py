"""Hostile text drawn on the real screen, fuzzed with Hypothesis: timeline
entries and pods (parsed from API-shaped objects) with Rich markup, escape
codes and any unicode; every drawn line is free of control characters and
shows the markup as typed."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.segment import Segment

from tests.conftest import PEAK
from tests.ui.helpers import war_room
from tui.model.pods import PodSnapshot
from tui.model.timeline import EntryKind, TimelineEntry
from tui.sources.kubernetes_parse import pod_row
from tui.ui.context import WarroomContext
from tui.widgets.pod_table import PodTable
from tui.widgets.timeline_grid import TimelineGrid

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ON_SCREEN = settings(max_examples=60, deadline=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))
hostile = st.one_of(st.text(max_size=60), st.sampled_from([
    "[red]boom[/red]", "\x1b[2J\x1b[H", "\x1b]52;c;aGk=\x07", "[link=file:///etc]x[/link]",
    "line one\nline two", "\u202eevil", "\x9b31m", "[/]", "[bold"]))


def drawn(lines: list[list[Segment]]) -> str:
    return "\n".join("".join(segment.text for segment in line) for line in lines)


async def test_hostile_entries_and_pods_are_drawn_as_text(
        make_context: Callable[..., WarroomContext]) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        timeline = pilot.app.screen.query_one(TimelineGrid)
        pods = pilot.app.screen.query_one(PodTable)

        @ON_SCREEN
        @given(st.lists(hostile, min_size=1, max_size=4), st.lists(hostile, min_size=1,
                                                                     max_size=4))
        def check(texts: list[str], names: list[str]) -> None:
            entries = [TimelineEntry(index + 1, context.incident.id,
                                     PEAK - timedelta(minutes=index), EntryKind.NOTE, text,
                                     author=text[:10])
                       for index, text in enumerate(texts)]
            timeline.set_entries(entries)
            rows = tuple(pod_row({"metadata": {"name": name, "namespace": name[:5]},
                                  "status": {"phase": name,
                                             "containerStatuses": [{"ready": True}]}},
                                 cluster="prod")
                         for name in names)
            pods.show(PodSnapshot(rows, PEAK), PEAK)
            for grid in (timeline, pods.grid):
                text = drawn([list(grid.render_line(y)) for y in range(grid.size.height)])
                assert not CONTROL.search(text)
            shown = drawn([list(timeline.render_line(y)) for y in range(1, 1 + len(texts))])
            for entry in texts:
                literal = entry.replace("\n", " ")[:8]
                if literal.isprintable() and "[" in literal:
                    assert literal in shown  # markup shown, not applied

        check()
        await pilot.pause()
