"""The hidden tabs are filled after the room is painted (issue 25). A room
that goes before that (quit at once, another incident opened) must not
crash the app filling tabs no longer there: two short tests did exactly
that in a full run (NoMatches: ChecklistPane)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tui.model.contacts import Roster
from tui.widgets.workbench import Workbench


class Bench(App[None]):
    def compose(self) -> ComposeResult:
        yield Workbench(id="workbench")


async def test_filling_the_rest_of_a_workbench_already_gone_does_nothing() -> None:
    async with Bench().run_test(size=(100, 30)) as pilot:
        bench = pilot.app.query_one(Workbench)
        await bench.fill([], Roster(), "")
        await bench.remove()
        shown: list[str] = []
        await bench.fill_rest(shown.append)
        assert bench.parts is None and shown == []


async def test_the_rest_is_filled_while_the_workbench_is_there() -> None:
    async with Bench().run_test(size=(100, 30)) as pilot:
        bench = pilot.app.query_one(Workbench)
        await bench.fill([], Roster(), "")
        await bench.fill_rest(lambda tab: None)
        assert bench.parts is not None
