"""Files and streams that used to end in a traceback: each is now one line
naming the file and what is wrong, with a non-zero exit where the command
failed; one bad playbook or theme does not stop the others loading."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.test_export_import import busy_incident
from tui.files.contacts import RosterError, load_roster
from tui.files.playbooks import load_playbooks
from tui.files.themes import load_themes
from tui.model.clock import FrozenClock
from tui.store import Store, open_database

DEEP = "x = " + "[" * 5000 + "]" * 5000 + "\n"
BINARY = b"\x89PNG\r\n\x1a\n\x00\xff\xfe" * 40


def warroom(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)


def assert_one_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("warroom: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.parametrize(("content", "why"), [(BINARY, "not UTF-8 text"),
                                              (DEEP.encode(), "nested too deeply")],
                         ids=["binary", "deep"])
@pytest.mark.parametrize("command", [["review"], ["stats"], []], ids=["review", "stats",
                                                                       "console"])
def test_a_binary_or_deeply_nested_config_is_one_line(
        tmp_path: Path, content: bytes, why: str, command: list[str]) -> None:
    config = tmp_path / "config.toml"
    config.write_bytes(content)
    assert_one_line(warroom(*command, "--config", str(config), "--db",
                            str(tmp_path / "w.db")), str(config), why)


def test_a_deep_playbook_is_named_and_the_others_load(tmp_path: Path) -> None:
    (tmp_path / "a-deep.toml").write_text(DEEP)
    (tmp_path / "b-binary.toml").write_bytes(BINARY)
    (tmp_path / "c-good.toml").write_text(
        'title = "Good"\n[[sections]]\ntitle = "First"\nitems = [{ id = "a", text = "A" }]\n')
    books, problems = load_playbooks(tmp_path)
    assert [book.title for book in books] == ["Good"]
    assert [str(problem) for problem in problems] == [
        f"{tmp_path / 'a-deep.toml'}: nested too deeply to read",
        f"{tmp_path / 'b-binary.toml'}: not UTF-8 text"]


def test_a_deep_theme_is_named_and_the_others_load(tmp_path: Path) -> None:
    shipped = Path(__file__).parents[2] / "themes"
    good = sorted(shipped.glob("*.toml"))[0]
    (tmp_path / good.name).write_text(good.read_text())
    (tmp_path / "aa-deep.toml").write_text(DEEP)
    themes, problems = load_themes(tmp_path)
    assert len(themes) == 1
    assert problems == [f"{tmp_path / 'aa-deep.toml'}: nested too deeply to read"]


def test_a_deep_contacts_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "contacts.toml"
    path.write_text(DEEP)
    with pytest.raises(RosterError, match="nested too deeply to read"):
        load_roster(path, required=True)


def test_export_to_a_closed_standard_output_is_one_line(tmp_path: Path,
                                                        clock: FrozenClock) -> None:
    store = Store(open_database(tmp_path / "w.db"), clock)
    incident_id = busy_incident(store)
    store.close()
    result = subprocess.run(
        ["sh", "-c", f'"{sys.executable}" -m tui export {incident_id} --db '
                     f'"{tmp_path / "w.db"}" >&-'],
        capture_output=False, stderr=subprocess.PIPE, text=True, timeout=60)
    assert_one_line(result, "standard output is closed")


def without_permission_override() -> list[str]:
    """The prefix that makes a permission denial real for this process: as
    root, no CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH (root reads any folder
    otherwise); as anyone else, nothing."""
    import os
    import shutil

    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        # CI must exercise it: there, a missing setpriv is a failure, not a skip.
        assert not os.environ.get("CI"), "setpriv (util-linux) is needed as root"
        pytest.skip("root without setpriv (util-linux): a folder cannot be made unreadable")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


@pytest.mark.parametrize("command", [["stats"], ["review"], []], ids=["stats", "review", "console"])
def test_an_unreadable_config_folder_is_one_line(tmp_path: Path, command: list[str]) -> None:
    """Issue 23 item 11: a config folder the user may not read (left by a
    sudo, or another account's) was a PermissionError traceback."""
    folder = tmp_path / "config" / "warroom"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text('[prometheus]\nurl = "http://127.0.0.1:9"\n')
    folder.chmod(0o000)
    env = {**__import__("os").environ, "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env.pop("WARROOM_CONFIG", None)
    try:
        result = subprocess.run([*without_permission_override(), sys.executable, "-m", "tui",
                                 *command, "--db", str(tmp_path / "w.db")],
                                capture_output=True, text=True, timeout=60, env=env,
                                stdin=subprocess.DEVNULL, check=False)
    finally:
        folder.chmod(0o755)
    assert_one_line(result, str(folder / "config.toml"), "ermission denied")
