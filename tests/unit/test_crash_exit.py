"""A crash inside the running console exits non-zero with one line on
stderr and no traceback (issue 23, item 11): a script or `warroom serve`
must not read a crash as a clean exit, nor a user face a screen of locals.

The console runs as the user runs it, through `tui.cli.main`, in a child
process; the only test-only part is the fault: the war room's first clock
tick raises, inside the running app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CHILD = """
import sys
from textual.app import App
import tui.cli.main as cli
from tui.screens.warroom import WarroomScreen

def crash(self):
    raise RuntimeError("a fault planted by the test")

WarroomScreen._tick = crash
# No terminal in a test: the same app, headless.
run = App.run
App.run = lambda self, **options: run(self, headless=True, **options)
sys.exit(cli.main(["--demo", "--db", sys.argv[1]]))
"""


def test_a_crash_exits_non_zero_with_one_line(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "warroom.db")],
                            capture_output=True, text=True, timeout=60,
                            stdin=subprocess.DEVNULL)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-3000:]
    assert lines[0].startswith("warroom: ")
    assert "a fault planted by the test" in lines[0]
