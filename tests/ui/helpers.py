from textual.pilot import Pilot


async def settle(pilot: Pilot) -> None:
    """Wait until the first live poll and any store writes have landed on screen."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def steady_cursors(pilot: Pilot) -> None:
    """Text cursors that do not blink: a snapshot taken mid-blink on a busy
    machine would differ from the accepted one by a cursor."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
