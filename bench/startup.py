"""Time from process start to first paint, in a real pseudo-terminal.

Each app is started in a pty of 160×48 and timed until a marker appears in
what it writes to the terminal. The war room is timed twice in one run: to
its first paint (the incident title in the header) and to its first live data
(a CrashLoopBackOff row in the pods pane). A bare Header+Footer Textual app,
measured in the same run, alternating, is the baseline."""

from __future__ import annotations

import argparse
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        warroom = [python, "-m", "tui", "--db", str(db)]
        # Seed the demo incident first: a normal start opens an existing file.
        time_markers(warroom, [b"Checkout failing"])
        minimal, paint, live = [], [], []
        for _ in range(args.runs):
            minimal += time_markers([python, str(HERE / "minimal_app.py")], [b"Minimal baseline"])
            first, data = time_markers(warroom, [b"Checkout failing", b"CrashLoopBackOff"])
            paint.append(first)
            live.append(data)
    base = statistics.median(minimal)
    print(f"startup to first paint, median of {args.runs} runs in a {COLUMNS}x{ROWS} pty")
    print(f"  minimal Textual app (Header+Footer)  {base:.3f} s")
    for label, values in (("warroom demo, first paint", paint),
                          ("warroom demo, first live data", live)):
        median = statistics.median(values)
        print(f"  {label:<36} {median:.3f} s   ratio {median / base:.2f}")
        if label.endswith("first paint"):
            record("Startup to first paint (ratio to a minimal Textual app)",
                   f"{median:.2f} s vs {base:.2f} s, ratio {median / base:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
