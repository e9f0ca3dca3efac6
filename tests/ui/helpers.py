import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Footer
from textual.widgets._toast import Toast

from tui.app import WarroomApp
from tui.ui.context import WarroomContext
from tui.widgets.warroom_footer import Placed, WarroomFooter
from tui.widgets.workbench import Workbench


async def wait_for(pilot: Pilot, condition: Callable[[], bool], seconds: float = 10) -> None:
    """Until `condition` holds, or fail after `seconds` of wall time (not a
    count of pauses: on a busy machine each pause takes longer)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.05)


def toasts(app: App[object]) -> list[str]:
    """The toasts on screen, as text (shown in tests only with notifications=True)."""
    return [str(toast.render()) for toast in app.screen.query(Toast)]


async def settle(pilot: Pilot) -> None:
    """Wait until the first live poll and any store writes have landed on
    screen, and the footers show their keys: a dialog opened next leaves
    the footer behind it as it was then, and one caught mid-recompose stays
    empty under the dialog."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    if await _footers_filled(pilot):
        # What the hidden tabs start once mounted (the composer's render).
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _footers_filled(pilot: Pilot, seconds: float = 15) -> bool:
    """Until every displayed footer of the screen stack shows its keys, and
    every workbench holds all its tabs. A footer is drawn some frames after
    the bindings change, the workbench's hidden tabs after the room is
    painted; on a busy CI machine fixed pauses were not always enough.
    Returns whether it waited."""
    deadline = time.monotonic() + seconds
    waited = False
    while time.monotonic() < deadline and (any(
            footer.display and not _shows_keys(footer)
            for screen in pilot.app.screen_stack for footer in screen.query(Footer))
            or any(workbench.active and workbench.parts is None
                   for screen in pilot.app.screen_stack
                   for workbench in screen.query(Workbench))):
        waited = True
        await pilot.pause(0.05)
    return waited


def _shows_keys(footer: Footer) -> bool:
    if isinstance(footer, WarroomFooter):
        return bool(footer.drawn_keys())
    return bool(footer.query("FooterKey"))


def footer_keys(pilot: Pilot) -> list[Placed]:
    """The keys the screen's footer draws, left to right (the docked
    `? Help` and palette's last)."""
    return pilot.app.screen.query_one(WarroomFooter).drawn_keys()


def steady_cursors(pilot: Pilot) -> None:
    """Text cursors that do not blink: a snapshot taken mid-blink on a busy
    machine would differ from the accepted one by a cursor."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]


async def quiesce(pilot: Pilot) -> None:
    """Let the footers behind and in a dialog finish recomposing: opening a
    dialog changes the bindings, and a busy machine may catch the footer
    between its old keys and its new ones."""
    await pilot.app.workers.wait_for_complete()
    for _ in range(3):
        await pilot.pause()
    # The footer of the screen behind a dialog shows through it: all of them.
    await _footers_filled(pilot)
    await pilot.pause(0.05)
    await pilot.pause()


@asynccontextmanager
async def war_room(context: WarroomContext, size: tuple[int, int] = (160, 48)
                   ) -> AsyncIterator[Pilot]:
    """The war room on `context`, run headless and settled after its first refresh."""
    async with WarroomApp(context).run_test(size=size) as pilot:
        await settle(pilot)
        yield pilot


async def stats_title(pilot: Pilot) -> str:
    """`M` from the war room: the incident metrics screen's title line."""
    from textual.widgets import Static

    from tui.screens.stats import StatsScreen

    await pilot.press("M")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StatsScreen) and screen.report is not None
    return str(screen.query_one("#stats-title", Static).render())
