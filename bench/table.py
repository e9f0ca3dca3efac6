"""The summary table of a `bench/run`: the headline figure of each
benchmark and the machine it was measured on, as Markdown (the README
carries it): `python bench/table.py RESULTS`."""

from __future__ import annotations

import json
import os
import platform
import sys
from pathlib import Path


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kb = int(meminfo.read_text().split()[1])
        memory = f", {total_kb / 1024 / 1024:.0f} GiB"
    return (f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}")


def main() -> None:
    rows = [json.loads(line) for line in Path(sys.argv[1]).read_text().splitlines() if line]
    print()
    print(f"Measured on: {machine()}")
    print()
    peaks = [row for row in rows if row["figure"].startswith("Peak RSS: ")]
    print("| Benchmark | Result |")
    print("|---|---|")
    for row in rows:
        if row not in peaks:
            print(f"| {row['figure']} | {row['value']} |")
    if peaks:
        each = ", ".join(f"{row['figure'].removeprefix('Peak RSS: ')} {row['value']}"
                         for row in peaks)
        print(f"| Peak RSS, each benchmark's process | {each} |")


if __name__ == "__main__":
    main()
