"""The header-first start of `warroom`: the war room built behind its header.

The app starts on tui.screens.first (the incident header from
tui.cli.first_look). Once that first frame is on screen, a thread builds the
full context (opening the store, the sources, the playbooks and
templates) and imports the war room's modules, off the UI thread; the
war room then takes the first screen's place. Tests, which hand the app a
ready context, never take this path."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import App
from textual.css.query import NoMatches
from textual.worker import Worker, WorkerState

from tui.cli.first_look import FirstLook
from tui.model.safe_text import describe_exception
from tui.ui.heap import settle_after_start

if TYPE_CHECKING:
    from tui.screens.warroom import WarroomScreen
    from tui.ui.context import WarroomContext


BUILD_WORKER = "war room build"


class StartFailed(Exception):
    """The war room could not be built (a bad database, config or
    recording): one line saying why, printed once the terminal is back."""


@dataclass(frozen=True)
class FirstStart:
    look: FirstLook
    # Builds the whole context; raises StartFailed. Called on a thread.
    build: Callable[[], WarroomContext]


@dataclass(frozen=True)
class Built:
    """What the build thread hands back: the context, or why there is none."""

    context: WarroomContext | None
    error: str = ""
    crash: bool = False


def war_room_class() -> type[WarroomScreen] | None:
    """The war room's screen class if its module is loaded (no war room
    can exist before), without importing it on the UI thread."""
    module = sys.modules.get("tui.screens.warroom")
    return getattr(module, "WarroomScreen", None) if module is not None else None


class HeaderFirst(App[None]):
    """What WarroomApp does for a header-first start."""

    # Set by the app: how to build the war room, or None (a ready context).
    _first: FirstStart | None
    _room_context: WarroomContext | None
    crash: str
    start_error: str
    first_frame_painted: bool

    def build_behind_header(self) -> None:
        """From the app's Ready: the rest, on a thread (its result comes
        back as the worker's state change, on the app's own loop)."""
        self.run_worker(self._build_war_room, thread=True, exit_on_error=False,
                        name=BUILD_WORKER)

    def _build_war_room(self) -> Built:
        assert self._first is not None
        try:
            context = self._first.build()
            import tui.screens.warroom  # noqa: F401 - its import, off the UI thread
        except StartFailed as error:
            return Built(None, str(error), crash=False)
        except Exception as error:
            return Built(None, describe_exception(error), crash=True)
        return Built(context)

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name != BUILD_WORKER or event.state is not WorkerState.SUCCESS:
            return
        built = worker.result
        assert isinstance(built, Built)
        if built.context is None:
            self._not_started(built.error, crash=built.crash)
            return
        await self._open_war_room(built.context)

    async def _open_war_room(self, context: WarroomContext) -> None:
        from tui.screens.warroom import WarroomScreen

        self._room_context = context
        screen = WarroomScreen(context)
        # Over the first screen: a mode's first screen cannot be switched for
        # another, and a mode of its own restyled the whole war room twice.
        # One frame for all of it: the header stays as it is until the room
        # is whole, rather than a frame of empty panes first.
        with self.batch_update():
            # What was opened over the header meanwhile (the help, the
            # palette) was about the first screen: it goes with it.
            while len(self.screen_stack) > 1:
                await self.pop_screen()
            await self.push_screen(screen)
            try:
                await screen.show_the_rest(
                    then=lambda: self.call_after_refresh(settle_after_start))
            except NoMatches:
                if screen.is_attached:
                    raise
                return  # quit while it was being put in place: its parts are gone
        # A war room opened from now on (leaving the demo) shows the rest itself.
        self.first_frame_painted = True

    def _not_started(self, message: str, *, crash: bool) -> None:
        if crash:
            self.crash = message
        else:
            self.start_error = message
        self.exit(return_code=1)

