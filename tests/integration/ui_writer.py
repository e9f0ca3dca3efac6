"""A Warroom whose user types notes as fast as the screen takes them, for
the `kill -9` test: `python -m tests.integration.ui_writer DB COUNT`.

It runs the real war room (headless, driven by Pilot) on the demo incident
and prints `ACK n` once note n is acknowledged as the user sees it: the
note box has emptied, which the screen does only after the commit."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from textual.widgets import Input

from tui.app import WarroomApp
from tui.launch import build_demo_context


async def main() -> None:
    path, count = Path(sys.argv[1]), int(sys.argv[2])
    context = build_demo_context(path)
    app = WarroomApp(context)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        for number in range(count):
            await pilot.press("n")
            box = app.screen.query_one("#note-input", Input)
            box.value = f"ui note {number} " + "x" * 200
            await pilot.press("enter")
            while box.value:
                await asyncio.sleep(0.005)
            print(f"ACK {number}", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
