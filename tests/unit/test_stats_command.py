"""`warroom stats` over a generated history in a real SQLite file."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tests.factories import seed_history
from tui.model.clock import SystemClock
from tui.store import Store, open_database


def seeded(tmp_path: Path) -> Path:
    path = tmp_path / "history.db"
    store = Store(open_database(path), SystemClock())
    seed_history(store, datetime.now(UTC), 24)
    store.close()
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", "stats", *args], capture_output=True,
                          text=True, timeout=60, check=False)


def test_stats_as_json_counts_the_generated_history(tmp_path: Path) -> None:
    done = run("--db", str(seeded(tmp_path)), "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    # One incident every 4 days from 12 hours ago: n = 0..7 within 30 days,
    # n = 0..22 within 90 days.
    thirty, ninety = report["periods"]
    assert [row["severity"] for row in thirty["severities"]] == ["P1", "P2", "P3", "all"]
    assert thirty["severities"][-1]["incidents"] == 8
    assert ninety["severities"][-1]["incidents"] == 23
    # P1s within 30 days: n = 0 and 4; MTTR 30 + 10·(n % 5) = 30 and 70 min.
    p1 = thirty["severities"][0]
    assert p1["incidents"] == 2 and p1["mttr"]["mean_seconds"] == 50 * 60
    assert p1["mtta"]["mean_seconds"] == 5 * 60
    # The 13 weeks start on a Monday 12 weeks back: which of the oldest
    # incidents they hold depends on today's weekday.
    first = date.fromisoformat(report["weeks"][0]["week"])
    now = datetime.fromisoformat(report["generated_at"])
    in_weeks = [n for n in range(23) if (now - timedelta(days=4 * n + 0.5)).date() >= first]
    assert sum(week["total"] for week in report["weeks"]) == len(in_weeks)
    assert report["services"][0] == {"service": "checkout", "incidents": 12,
                                     "duration_seconds": report["services"][0][
                                         "duration_seconds"]}
    owners = {owner["owner"]: owner for owner in report["owners"]}
    # Open follow-ups at n = 0, 3, 6, … 21: bo has the even ones, ana the odd.
    assert (owners["bo"]["open"], owners["ana"]["open"]) == (4, 4)
    assert owners["bo"]["overdue"] == 4 and owners["ana"]["overdue"] == 0


def test_stats_as_markdown_has_the_tables_and_the_weekly_plot(tmp_path: Path) -> None:
    done = run("--db", str(seeded(tmp_path)))
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "## Response times, last 30 days" in text
    assert "| P1 | 2 | 0 | 2m (median 2m, n=2) | 5m (median 5m, n=2) | " \
           "50m (median 50m, n=2) |" in text
    assert "## Incidents by week" in text and "█" in text
    assert "| checkout | 12 |" in text
    assert "| bo | 4 | 4 | P2 |" in text


def test_stats_on_a_corrupt_database_is_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database at all" * 100)
    done = run("--db", str(broken))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("warroom: ")
