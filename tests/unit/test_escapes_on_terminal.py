"""Text from incidents reaches a terminal inert (issue 23, item 4): an OSC 52
in a title must not fill the clipboard, ESC [ 2J must not clear the screen,
BEL must not ring, U+202E must not reverse what follows. A file (or a pipe)
gets the text as typed: exports are data."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.hostile import HOSTILE, RAW, hostile_incident


def on_a_terminal(*args: str) -> tuple[str, int]:
    """Run `warroom ARGS` with standard output on a pseudo-terminal."""
    leader, follower = pty.openpty()
    with subprocess.Popen([sys.executable, "-m", "tui", *args], stdout=follower,
                          stderr=subprocess.PIPE, stdin=subprocess.DEVNULL) as process:
        os.close(follower)
        output = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the program has ended and closed it
                break
            if not chunk:
                break
            output += chunk
        process.wait(timeout=60)
    os.close(leader)
    return output.decode("utf-8", "replace"), process.returncode


def test_export_to_a_terminal_is_inert(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    incident_id = hostile_incident(db)
    for form in ("md", "json"):
        shown, code = on_a_terminal("export", incident_id, "--format", form, "--db", str(db))
        assert code == 0
        assert "Checkout down" in shown
        for raw in RAW:
            assert raw not in shown, (form, repr(raw))
        # Made visible, not dropped: a responder sees something is there.
        assert "\\x1b]52" in shown or "\\u001b]52" in shown


def test_export_to_a_file_or_pipe_keeps_the_text_as_typed(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    incident_id = hostile_incident(db)
    piped = subprocess.run([sys.executable, "-m", "tui", "export", incident_id, "--db", str(db)],
                           capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert f"Checkout down{HOSTILE}" in piped.stdout
    out = tmp_path / "pm.md"
    subprocess.run([sys.executable, "-m", "tui", "export", incident_id, "--db", str(db),
                    "-o", str(out)], check=True, timeout=60, stdin=subprocess.DEVNULL)
    assert f"Checkout down{HOSTILE}" in out.read_text(encoding="utf-8")


def test_stats_and_incidents_on_a_terminal_are_inert(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    hostile_incident(db)
    for args in (("stats",), ("stats", "--format", "json"), ("incidents",)):
        shown, code = on_a_terminal(*args, "--db", str(db))
        assert code == 0, shown
        for raw in RAW:
            assert raw not in shown, (args, repr(raw))


def test_import_names_the_incident_inertly(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    incident_id = hostile_incident(db)
    dump = subprocess.run([sys.executable, "-m", "tui", "export", incident_id, "--format",
                           "json", "--db", str(db)], capture_output=True, text=True,
                          check=True, timeout=60, stdin=subprocess.DEVNULL).stdout
    document = json.loads(dump)
    text = dump.replace(json.dumps(incident_id), json.dumps(f"INC-9{HOSTILE}"))
    assert text != dump and document
    (tmp_path / "d.json").write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "tui", "import", str(tmp_path / "d.json"),
                             "--db", str(tmp_path / "other.db")], capture_output=True,
                            text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert "Imported INC-9" in result.stderr
    for raw in RAW:
        assert raw not in result.stderr, repr(raw)
