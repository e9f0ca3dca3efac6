"""The first screen of `warroom`: the incident header alone, on the first frame.

It imports only what the header needs, so that the room sees the incident
(title, severity, status) before the rest of Warroom and its clients are
imported and the full war room is built (tui.app swaps it in). The header
is the war room's own widget, with the same stylesheet and at the same
place, so nothing moves when the war room takes its place; below it the
screen stays empty rather than show panes that would then jump."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen

from tui.cli.first_look import FirstLook
from tui.widgets.incident_header import IncidentHeader


class FirstScreen(Screen[None]):
    CSS_PATH = ["incident_widgets.tcss"]

    def __init__(self, look: FirstLook) -> None:
        super().__init__()
        self.look = look
        self._ticks = 0

    def compose(self) -> ComposeResult:
        look = self.look
        yield IncidentHeader(look.incident, look.now, demo_label=look.demo_label,
                             levels=look.levels, ladder=look.ladder, roster=look.roster)

    def on_mount(self) -> None:
        # The elapsed clock keeps running should the build take a while.
        self._clock = self.set_interval(1.0, self._tick)

    def on_screen_suspend(self) -> None:
        # The war room is over it for good: its header keeps the time.
        self._clock.stop()

    def _tick(self) -> None:
        self._ticks += 1
        self.query_one(IncidentHeader).now = self.look.later(self._ticks)
