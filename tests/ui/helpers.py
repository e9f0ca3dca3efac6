from textual.pilot import Pilot


async def settle(pilot: Pilot) -> None:
    """Wait until the first live poll and any store writes have landed on screen."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
