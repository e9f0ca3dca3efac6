"""A user's template that runs to its budget renders off the UI thread (issue
23, item 6): while it renders the header clock keeps ticking and a note is
typed, saved and shown; the composer says "rendering…", then the one line
that says why the template stopped (demo frozen at 14:20 UTC; real SQLite)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Static

import tui.render.template_budget as template_budget
from tests.ui.helpers import wait_for, war_room
from tests.ui.test_composer_ui import choose
from tui.files.template_library import CommsTemplate
from tui.model.timefmt import clock_utc
from tui.ui.context import WarroomContext
from tui.widgets.incident_header import IncidentHeader

MakeContext = Callable[..., WarroomContext]

# Each step copies 2 MB: the render runs until the deadline stops it.
RUNAWAY = CommsTemplate(
    id="runaway", title="Runaway", order=0,
    source="{% set s = 'x' * 1000000 %}{% for a in s %}{% for b in s %}"
           "{{ (s ~ s) | length }}{% endfor %}{% endfor %}")


def pane_text(pilot: object) -> str:
    screen = pilot.app.screen  # type: ignore[attr-defined]
    return str(screen.query_one("#composer-view", Static).render())


async def test_a_runaway_template_renders_while_the_war_room_goes_on(
        make_context: MakeContext, monkeypatch: pytest.MonkeyPatch) -> None:
    # A longer deadline than the shipped 2 s: room for a busy test machine
    # (the render takes a core) to type a note while it runs, which is tested.
    monkeypatch.setattr(template_budget, "DEADLINE_SECONDS", 12.0)
    context = make_context()
    context.templates = [RUNAWAY, *context.templates]
    clock = context.clock
    async with war_room(context) as pilot:
        await choose(pilot, "Runaway")
        assert pane_text(pilot) == "rendering…"
        # The clock in the header moves on while it renders.
        clock.advance(60)  # type: ignore[attr-defined]
        header = pilot.app.screen.query_one(IncidentHeader)
        await wait_for(pilot, lambda: header.now == clock.now(), 5)
        assert clock_utc(clock.now()) in str(header.render())
        # A note typed meanwhile is saved and on the timeline.
        await pilot.press("n", *"ok", "enter")
        screen = pilot.app.screen
        await wait_for(pilot, lambda: any(entry.text == "ok"
                                          for entry in screen.entries), 8)
        stored = context.store.record(context.incident.id).entries
        assert any(entry.text == "ok" for entry in stored)
        # Still rendering: all of the above happened while it ran.
        assert pane_text(pilot) == "rendering…"
        # The saved note asked for a render of the new record, after this one:
        # the shipped deadline for it, so that the test does not wait 12 s more.
        monkeypatch.setattr(template_budget, "DEADLINE_SECONDS", 2.0)
        # Then the one line saying why it stopped, and no more.
        await wait_for(pilot, lambda: "template stopped" in pane_text(pilot), 40)
        assert "Runaway: template stopped: over " in pane_text(pilot)
        assert len(pane_text(pilot).splitlines()) == 1
