"""Words that match the trouble: a read-only database is called read-only
(and `review` and `export`, which only read, open it); a full disk is
called full, with the database said to be fine, never "damaged… move it
aside", which would send a responder to move a good file away mid-incident.

Read-only is exercised for real. Tests run as root in CI, and root may write
a chmod 444 file, so as root the file is made immutable (`chattr +i`, which
root cannot write either) and the read-only folder is a read-only bind
mount (as a backup share mounted read-only); as another user, chmod. A full
disk is a real full tmpfs. Where the test may not do these it skips, saying
why; the SQLITE_FULL wording of the running screen is tested through
SQLite's max_page_count on the war room's own connection, everywhere."""

import hashlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.conftest import MakeApp
from tests.factories import make_incident
from tests.integration.store_writer import ROOT
from tests.integration.test_durability import pending
from tests.ui.helpers import settle, toasts
from tui.model.clock import FrozenClock
from tui.store import Store, open_database
from tui.ui.context import WarroomContext

MakeContext = Callable[..., WarroomContext]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=60,
                          cwd=ROOT, stdin=subprocess.DEVNULL, check=False)


def privileged(*command: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot make a file read-only for root here ({' '.join(command)}: "
                    f"{done.stderr.strip()})")


@contextmanager
def read_only(db: Path, *, folder_too: bool) -> Iterator[Path]:
    """`db` as a user who may not write it (and, with `folder_too`, may not
    create anything beside it either): the path to open."""
    root = os.geteuid() == 0
    if folder_too and root:
        view = db.parent.with_name(db.parent.name + "-ro")
        view.mkdir()
        privileged("mount", "--bind", str(db.parent), str(view))
        try:
            privileged("mount", "-o", "remount,ro,bind", str(view))
            yield view / db.name
        finally:
            subprocess.run(["umount", str(view)], check=False)
            view.rmdir()
        return
    if root:
        privileged("chattr", "+i", str(db))
        try:
            yield db
        finally:
            subprocess.run(["chattr", "-i", str(db)], check=False)
        return
    db.chmod(0o444)
    if folder_too:
        db.parent.chmod(0o555)
    try:
        yield db
    finally:
        db.parent.chmod(0o755)
        db.chmod(0o644)


@pytest.mark.parametrize("folder_too", [False, True])
def test_a_read_only_database_is_called_read_only_and_opens_for_review_and_export(
        tmp_path: Path, folder_too: bool) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    store = Store(open_database(folder / "w.db"), FrozenClock(make_incident().started_at))
    store.incidents.create(make_incident())
    store.timeline.add("INC-1", "Rolled back checkout")
    store.close()
    with read_only(folder / "w.db", folder_too=folder_too) as db:
        assert not os.access(db, os.W_OK)
        before = digest(db)
        war_room = run("-m", "tui", "--db", str(db))
        assert war_room.returncode == 1
        lines = war_room.stderr.strip().splitlines()
        assert len(lines) == 1 and "read-only" in lines[0], war_room.stderr
        assert "damaged" not in lines[0] and "review" in lines[0]

        exported = run("-m", "tui", "export", "INC-1", "--format", "json", "--db", str(db))
        assert exported.returncode == 0, exported.stderr
        assert "Rolled back checkout" in exported.stdout

        reviewed = run("-c", "from pathlib import Path\n"
                       "from tui.cli.launch import build_review_context\n"
                       f"context = build_review_context(Path({str(db)!r}), 'INC-1')\n"
                       "print(context.incident.id, len(context.entries))\n")
        assert reviewed.returncode == 0, reviewed.stderr
        assert reviewed.stdout.split()[0] == "INC-1"
        assert digest(db) == before


@pytest.fixture
def full_disk() -> Iterator[Path]:
    """A real filesystem with no room left: a small tmpfs, filled up."""
    mount = Path(tempfile.mkdtemp(prefix="warroom-full-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        mount.rmdir()
        pytest.skip(f"cannot mount a small tmpfs to fill ({done.stderr.strip()}); the "
                    "SQLITE_FULL wording is still tested through max_page_count")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)
        mount.rmdir()


def fill(mount: Path) -> None:
    with (mount / "filler").open("wb", buffering=0) as handle, pytest.raises(OSError):
        while True:
            handle.write(b"\0" * 4096)


def test_an_export_that_fails_on_a_full_disk_leaves_no_empty_file(
        full_disk: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    store = Store(open_database(db), FrozenClock(make_incident().started_at))
    store.incidents.create(make_incident())
    store.close()
    kept = full_disk / "kept.md"
    kept.write_text("last week's post-mortem\n")
    fill(full_disk)
    for target in (full_disk / "new.md", kept):
        done = run("-m", "tui", "export", "INC-1", "--db", str(db), "-o", str(target))
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 1 and len(lines) == 1, done.stderr
        assert "Traceback" not in done.stderr
    assert not (full_disk / "new.md").exists()
    assert kept.read_text() == "last week's post-mortem\n"
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler", "kept.md"]


def test_a_healthy_database_on_a_full_disk_is_not_called_damaged(full_disk: Path) -> None:
    db = full_disk / "w.db"
    store = Store(open_database(db), FrozenClock(make_incident().started_at))
    store.incidents.create(make_incident())
    store.close()
    fill(full_disk)
    done = subprocess.run([sys.executable, "-m", "tui", "--db", str(db)], capture_output=True,
                          text=True, timeout=60, cwd=ROOT, stdin=subprocess.DEVNULL,
                          check=False)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1, done.stderr
    assert "damaged" not in lines[0] and "move it aside" not in lines[0]
    assert "disk" in lines[0] and "full" in lines[0] and "fine" in lines[0]


async def test_a_full_disk_while_typing_says_full_and_fine(
        make_context: MakeContext, make_app: MakeApp) -> None:
    context = make_context()
    conn = context.store.conn
    async with make_app(context).run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
        await pilot.press("n")
        pilot.app.screen.query_one("#note-input", Input).value = "Paged the DBA; " * 600
        await pilot.press("enter")
        await settle(pilot)
        shown = " ".join(toasts(pilot.app)) + pending(pilot)
        assert "the disk is full" in shown and "the database is fine" in shown, shown
        assert "damaged" not in shown


async def test_a_full_disk_raises_one_toast_not_one_per_failed_write(
        make_context: MakeContext, make_app: MakeApp) -> None:
    context = make_context()
    conn = context.store.conn
    async with make_app(context).run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
        await pilot.press("n")
        box = pilot.app.screen.query_one("#note-input", Input)
        for number in range(4):  # a responder pressing Enter again and again
            box.value = f"note {number} " + "Paged the DBA; " * 600
            await pilot.press("enter")
            await settle(pilot)
        for _ in range(10):  # toasts mount some frames after they are posted
            await pilot.pause(0.05)
        about_the_disk = [toast for toast in toasts(pilot.app) if "disk is full" in toast]
        assert len(about_the_disk) == 1, len(about_the_disk)
