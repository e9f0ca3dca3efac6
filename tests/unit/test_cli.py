"""Bad input at the command line: one clear line, non-zero exit, no traceback,
the file untouched. Run as the user runs it, in a subprocess."""

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

from tui.store.database import APPLICATION_ID
from tui.store.migrations import LATEST_VERSION


def warroom(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)


def assert_one_clear_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("warroom: ")
    for word in words:
        assert word in lines[0]


def test_unknown_flag_is_named() -> None:
    assert_one_clear_line(warroom("--frobnicate"), "--frobnicate", "--help")


def test_bad_speed_is_named() -> None:
    assert_one_clear_line(warroom("--speed", "-3"), "--speed", "-3")


def test_corrupt_database_is_named_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00\x10" + b"\xff" * 4000)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert_one_clear_line(warroom("--db", str(path)), str(path))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_newer_schema_is_named(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    # A newer Warroom writes its application id as this one does.
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.close()
    assert_one_clear_line(warroom("--db", str(path)), str(path), "newer Warroom")


def test_unwritable_location_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    assert_one_clear_line(warroom("--db", str(blocker / "w.db")), str(blocker), "--db")


def test_version() -> None:
    result = warroom("--version")
    assert result.returncode == 0 and result.stdout.startswith("warroom ")


def test_bad_prometheus_url_is_named(tmp_path: Path) -> None:
    result = warroom("--db", str(tmp_path / "w.db"), "--prometheus", "prom:9090")
    assert_one_clear_line(result, "--prometheus", "prom:9090", "http(s) URL")


def test_broken_config_file_is_named_with_its_line(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[prometheus]\nurl = "http://prom:9090"\ntimeout_seconds = \n')
    result = warroom("--db", str(tmp_path / "w.db"), "--config", str(config))
    assert_one_clear_line(result, str(config), "line 3")


def test_review_of_an_unknown_incident_is_named(tmp_path: Path) -> None:
    result = warroom("review", "INC-404", "--db", str(tmp_path / "w.db"))
    assert_one_clear_line(result, "no incident INC-404", "warroom incidents")


def test_review_of_a_corrupt_database_is_named_and_untouched(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    db.write_bytes(b"not a database" * 100)
    result = warroom("review", "--db", str(db))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert db.read_bytes() == b"not a database" * 100


def test_bad_alertmanager_url_is_named(tmp_path: Path) -> None:
    result = warroom("--db", str(tmp_path / "w.db"), "--alertmanager", "am:9093")
    assert_one_clear_line(result, "--alertmanager", "am:9093", "http(s) URL")
