"""What a dying laptop, a full disk or a locked database do to what the
room typed: nothing acknowledged is lost, and nothing typed is thrown away
when a write fails. Real SQLite files, real processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tests.conftest import PEAK, MakeApp
from tests.integration.store_writer import ROOT
from tests.integration.test_store_processes import integrity
from tests.ui.helpers import settle, toasts
from tui.model.clock import FrozenClock
from tui.screens.entry_editor import EntryEditor
from tui.store import Store, open_database
from tui.ui.context import WarroomContext

MakeContext = Callable[..., WarroomContext]
PAGED = ("Paged the DBA " * 800).strip()


def test_kill_9_while_typing_in_the_ui_loses_no_acknowledged_note(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    ui = subprocess.Popen([sys.executable, "-m", "tests.integration.ui_writer", str(db), "500"],
                          cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    acked: list[int] = []
    assert ui.stdout is not None
    deadline = time.monotonic() + 90
    while len(acked) < 25 and time.monotonic() < deadline:
        line = ui.stdout.readline()
        if not line:
            break
        acked.append(int(line.split()[1]))
    os.kill(ui.pid, signal.SIGKILL)
    ui.wait(timeout=10)
    assert len(acked) >= 25, ui.stderr.read() if ui.stderr else ""
    assert integrity(db) == "ok"
    store = Store(open_database(db), FrozenClock(PEAK))
    saved = {entry.text.split()[2] for entry in store.timeline.entries("DEMO-1")
             if entry.text.startswith("ui note ")}
    store.close()
    assert {str(number) for number in acked} <= saved


async def test_a_full_disk_keeps_the_note_and_the_entry_typed(
        make_context: MakeContext, make_app: MakeApp) -> None:
    context = make_context()
    conn = context.store.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    before = len(context.store.timeline.entries(context.incident.id))
    async with make_app(context).run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        # SQLite may not grow the file past its present size: a full disk.
        conn.execute(f"PRAGMA max_page_count = {pages}")
        await pilot.press("n")
        box = pilot.app.screen.query_one("#note-input", Input)
        note = "Rolled back to v2.13.4; " + "pool stats attached. " * 400 + "End."
        box.value = note
        await pilot.press("enter")
        await settle(pilot)
        assert box.value == ""
        assert f"not saved: {note}" in pending(pilot)
        assert any("Not saved: the disk is full" in toast and "What you typed is kept" in toast
                   for toast in toasts(pilot.app))
        # An entry typed in the editor comes back in the editor, with the reason.
        await pilot.press("escape", "1", "i")
        await settle(pilot)
        editor = pilot.app.screen
        assert isinstance(editor, EntryEditor)
        editor.query_one("#entry-text", TextArea).text = PAGED
        await pilot.press("ctrl+s")
        await settle(pilot)
        editor = pilot.app.screen
        assert isinstance(editor, EntryEditor)
        assert editor.query_one("#entry-text", TextArea).text == PAGED
        assert "the disk is full" in str(editor.query_one("#entry-problem").render())
        # Room again: both are saved, as typed.
        conn.execute("PRAGMA max_page_count = 1073741823")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("n", "enter")
        await settle(pilot)
        assert pending(pilot) == ""
    texts = [entry.text for entry in context.store.timeline.entries(context.incident.id)]
    assert len(texts) == before + 2
    assert note in texts and PAGED in texts


def pending(pilot: Pilot) -> str:
    """The notes shown under the timeline as not yet stored ("" when none)."""
    line = pilot.app.screen.query_one("#note-pending")
    return str(line.render()) if line.display else ""


def hold_lock(db: Path, seconds: float) -> subprocess.Popen[str]:
    """Another program that takes the database's write lock for `seconds`."""
    script = (f"import sqlite3, sys, time\n"
              f"conn = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
              f"conn.execute('BEGIN EXCLUSIVE')\n"
              f"print('locked', flush=True)\n"
              f"time.sleep({seconds})\n"
              f"conn.execute('ROLLBACK')\n")
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


async def test_a_locked_database_is_waited_for_then_reported(
        make_context: MakeContext, make_app: MakeApp, tmp_path: Path) -> None:
    context = make_context()
    db = tmp_path / "warroom.db"
    async with make_app(context).run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        box = pilot.app.screen.query_one("#note-input", Input)
        # A short lock is waited out: the note lands.
        holder = hold_lock(db, 1.5)
        await pilot.press("n", *"waited for the lock", "enter")
        started = time.monotonic()
        while pending(pilot) and time.monotonic() - started < 10:
            await pilot.pause(0.05)
        holder.wait(timeout=10)
        assert box.value == "" and pending(pilot) == ""
        assert not any("Not saved" in toast for toast in toasts(pilot.app))
        # A lock held past the busy timeout (5 s) is reported; the text stays.
        # (The refresh's snapshot writes give way after a quarter second, so
        # the note is not queued behind them.)
        holder = hold_lock(db, 9)
        await pilot.press(*"still locked", "enter")  # the box still has the keys
        assert box.value == "" and pending(pilot) == "… saving: still locked"
        started = time.monotonic()
        while time.monotonic() - started < 8 and not any(
                "Not saved: the database is locked by another program" in toast
                for toast in toasts(pilot.app)):
            await pilot.pause(0.1)
        assert any("Not saved: the database is locked by another program" in toast
                   for toast in toasts(pilot.app)), toasts(pilot.app)
        assert "not saved: still locked" in pending(pilot)
        holder.wait(timeout=10)
        await pilot.press("enter")
        await settle(pilot)
        assert pending(pilot) == ""
    texts = [entry.text for entry in context.store.timeline.entries(context.incident.id)]
    assert "waited for the lock" in texts and "still locked" in texts


def test_a_corrupt_file_is_refused_on_open_and_left_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    store = Store(open_database(db), FrozenClock(PEAK))
    store.close()
    data = bytearray(db.read_bytes())
    page = 4096
    data[page:4 * page] = os.urandom(3 * page)  # three table pages, scrambled
    db.write_bytes(bytes(data))
    done = subprocess.run([sys.executable, "-m", "tui", "--db", str(db)], capture_output=True,
                          text=True, timeout=30, check=False, cwd=ROOT,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert done.stderr.startswith("warroom: ") and done.stderr.count("\n") == 1
    assert "damaged" in done.stderr
    assert db.read_bytes() == bytes(data)  # refused, never written to
