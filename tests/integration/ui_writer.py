"""A Warroom whose user types notes into the real war room (headless, driven
by Pilot) on the demo incident:

`python -m tests.integration.ui_writer DB COUNT` types a note, waits until
the screen shows it stored (nothing left "saving…" under the timeline) and
prints `ACK n`: the acknowledgement the user sees, for the `kill -9` test.

`python -m tests.integration.ui_writer DB COUNT LABEL` types COUNT notes at
full speed, each one while the saves before it still wait on the lock (a
second war room on the same file), then waits for all and prints `DONE`."""

from __future__ import annotations

import asyncio
import sys

from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import WarroomApp
from tui.cli.launch import build_demo_context
from tui.store.location import parse_location


def nothing_pending(app: WarroomApp) -> bool:
    lines = app.screen.query("#note-pending")
    if not lines:
        # A Warroom from before the queue: a note was stored when the box emptied
        # (kept, to measure what it lost).
        return not app.screen.query_one("#note-input", Input).value
    return not lines.first().display


def shows_failure(app: WarroomApp) -> bool:
    return any("not saved" in str(line.render()) for line in app.screen.query("#note-pending"))


async def type_note(pilot: Pilot, box: Input, text: str) -> None:
    """As typed: the text goes in at the cursor, after anything still there."""
    box.insert_text_at_cursor(text)
    await pilot.press("enter")


async def main() -> None:
    # A file path or any store location --db takes (postgresql://…).
    path, count = parse_location(sys.argv[1]), int(sys.argv[2])
    label = sys.argv[3] if len(sys.argv) > 3 else ""
    context = build_demo_context(path)
    app = WarroomApp(context)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("n")
        box = app.screen.query_one("#note-input", Input)
        for number in range(count):
            if label:
                await type_note(pilot, box, f"{label} note {number}")
                continue
            await type_note(pilot, box, f"ui note {number} " + "x" * 200)
            while not nothing_pending(app):
                await asyncio.sleep(0.005)
            print(f"ACK {number}", flush=True)
        if label:
            while not nothing_pending(app):
                # A save that gave up on the lock waits for Enter, as a user would.
                if shows_failure(app):
                    await pilot.press("enter")
                await asyncio.sleep(0.05)
            print("DONE", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
