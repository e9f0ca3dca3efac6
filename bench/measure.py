"""Run one benchmark script and record its peak resident memory:
`python bench/measure.py LABEL SCRIPT [ARGS…]`."""

from __future__ import annotations

import resource
import subprocess
import sys

from results import record


def main() -> int:
    label, command = sys.argv[1], sys.argv[2:]
    done = subprocess.run([sys.executable, *command], check=False)
    # ru_maxrss of waited-for children: kilobytes on Linux.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    record(f"Peak RSS: {label}", f"{peak:.0f} MB")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
