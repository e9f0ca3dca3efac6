"""The figures a benchmark reports for the summary table: each script
records its headline numbers here, and `bench/table.py` prints them with
the machine they were measured on. Outside `bench/run` nothing is kept."""

from __future__ import annotations

import json
import os


def record(figure: str, value: str) -> None:
    path = os.environ.get("BENCH_RESULTS")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"figure": figure, "value": value}) + "\n")
