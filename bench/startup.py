"""Time from process start to what the room sees, in a real pseudo-terminal.

Each app is started in a pty of 160×48 and timed until markers appear in
what it writes to the terminal. The war room is timed to two moments: the
incident header painted (its title), and the whole war room painted (the
header, a CrashLoopBackOff row in the pods pane, the charts' "as of", the
note box of the workbench and `? Help` in the footer: the last of them). A
bare Header+Footer Textual app, started alternately in the same run, is the
baseline: each war-room start is divided by the baseline start next to it,
and the medians of those ratios are reported (the machine's load drifts;
a ratio of neighbours does not).

The war room is started as users start it: the `warroom` command
installed beside this Python (`python -m tui` where there is none), on a
database that already holds the demo, as every start after the first
does. Such a start paints the incident header first (tui.screens.first)
and builds the war room behind it; the very first start, with no
database yet, builds everything first.

Bytecode is compiled first, as `pip install` does for a user: with
PYTHONDONTWRITEBYTECODE set (as on CI) every start would otherwise compile
Warroom's sources again, which no installed copy does."""

from __future__ import annotations

import argparse
import compileall
import fcntl
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from results import record

HERE = Path(__file__).parent
COLUMNS, ROWS = 160, 48
HEADER = b"Checkout failing"
# Each part of the war room, as it writes it once painted.
WHOLE = [HEADER, b"CrashLoopBackOff", b"as of", b"Add a note to the timeline", b"Help"]


def time_markers(command: list[str], markers: list[bytes], timeout: float = 20.0) -> list[float]:
    """Seconds from spawn until each marker has appeared in the output."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(ROWS))
    start = time.perf_counter()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env,
                               start_new_session=True)
    os.close(slave)
    seen: dict[bytes, float] = {}
    output = b""
    try:
        while len(seen) < len(markers):
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"{command}: markers {markers} not seen in {timeout}s")
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    output += os.read(master, 65536)
                except OSError:
                    break
                now = time.perf_counter() - start
                for marker in markers:
                    if marker not in seen and marker in output:
                        seen[marker] = now
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)
    return [seen[marker] for marker in markers]


def _warroom_command(python: str) -> list[str]:
    """The `warroom` script pip installed beside `python`, as a user runs it."""
    script = Path(python).parent / "warroom"
    return [str(script)] if script.exists() else [python, "-m", "tui"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    python = sys.executable
    compileall.compile_dir(HERE.parent / "tui", quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        warroom = [*_warroom_command(python), "--db", str(db)]
        # Seed the demo incident first: a normal start opens an existing file.
        time_markers(warroom, WHOLE)
        minimal, header, whole = [], [], []
        for _ in range(args.runs):
            minimal += time_markers([python, str(HERE / "minimal_app.py")], [b"Minimal baseline"])
            seen = time_markers(warroom, WHOLE)
            header.append(seen[0])
            whole.append(max(seen))
    base = statistics.median(minimal)
    print(f"start-up, median of {args.runs} runs in a {COLUMNS}x{ROWS} pty, each war-room "
          "start against the baseline start beside it")
    print(f"  minimal Textual app (Header+Footer)   {base:.3f} s")
    for label, values, figure in (
            ("warroom demo, incident header", header,
             "Start to the incident header painted (ratio to a minimal Textual app)"),
            ("warroom demo, whole war room", whole,
             "Start to the whole war room painted (ratio to a minimal Textual app)")):
        median = statistics.median(values)
        ratio = statistics.median(value / alone
                                  for value, alone in zip(values, minimal, strict=True))
        print(f"  {label:<37} {median:.3f} s   ratio {ratio:.2f}")
        record(figure, f"{median:.2f} s vs {base:.2f} s, ratio {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
