"""Real `warroom` processes on real terminals for the tests, read as the
user reads them: each in a tmux session of its own (tmux's own terminal
emulator keeps the screen), typed into with send-keys, its screen read as
text with capture-pane. One private tmux server per test (its own socket,
no user configuration), killed with everything in it at the end."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

COLUMNS, ROWS = 160, 48


def warroom_command() -> list[str]:
    """The `warroom` script pip installed beside this Python, as a user runs it."""
    script = Path(sys.executable).parent / "warroom"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui"]


def available() -> bool:
    return shutil.which("tmux") is not None


class TmuxServer:
    def __init__(self, folder: Path) -> None:
        self.socket = folder / "tmux.sock"

    def tmux(self, *args: str) -> str:
        # TMUX unset: a test run from inside tmux must not talk to the user's.
        env = {key: value for key, value in os.environ.items() if key != "TMUX"}
        done = subprocess.run(["tmux", "-S", str(self.socket), "-f", os.devnull, *args],
                              capture_output=True, text=True, env=env, timeout=10)
        if done.returncode != 0:
            raise RuntimeError(f"tmux {args[0]}: {done.stderr.strip()}")
        return done.stdout

    def run(self, name: str, command: list[str], env: dict[str, str]) -> Terminal:
        """`command` in a fresh `env` (nothing inherited) on a COLUMNS x ROWS
        terminal; its exit status written beside the socket when it ends."""
        status = self.socket.parent / f"{name}.status"
        line = (f"env -i {' '.join(shlex.quote(f'{k}={v}') for k, v in env.items())} "
                f"{shlex.join(command)}; echo $? > {shlex.quote(str(status))}")
        self.tmux("new-session", "-d", "-s", name, "-x", str(COLUMNS), "-y", str(ROWS), line)
        # The pane kept once the program ends: its last words stay readable.
        self.tmux("set-option", "-t", name, "remain-on-exit", "on")
        return Terminal(self, name, status)

    def close(self) -> None:
        with contextlib.suppress(RuntimeError):  # already gone with its last session
            self.tmux("kill-server")


class Terminal:
    def __init__(self, server: TmuxServer, name: str, status: Path) -> None:
        self.server, self.name, self._status = server, name, status

    def screen(self) -> str:
        return self.server.tmux("capture-pane", "-p", "-t", self.name)

    def header(self) -> str:
        """The incident header's first two lines, where who is in the room is."""
        return "\n".join(self.screen().splitlines()[:2])

    def type(self, text: str) -> None:
        self.server.tmux("send-keys", "-t", self.name, "-l", text)

    def press(self, *keys: str) -> None:
        self.server.tmux("send-keys", "-t", self.name, *keys)

    def wait_for(self, condition: Callable[[str], bool], seconds: float, what: str) -> float:
        """Until `condition` holds for the screen; when it did (monotonic)."""
        deadline = time.monotonic() + seconds
        while True:
            screen = self.screen()
            if condition(screen):
                return time.monotonic()
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name}: {what} not on screen in {seconds:g} s:\n"
                                     f"{screen}")
            time.sleep(0.05)

    def exit_status(self, seconds: float) -> int:
        deadline = time.monotonic() + seconds
        while not self._status.exists() or not self._status.read_text().strip():
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} still running after {seconds:g} s:\n"
                                     f"{self.screen()}")
            time.sleep(0.05)
        return int(self._status.read_text())
