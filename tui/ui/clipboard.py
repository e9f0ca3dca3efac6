"""Whether the terminal will take text put on the clipboard with OSC 52.

Nothing answers an OSC 52 request, so this is decided from what is known of
the terminal: where it cannot work, the composer shows the text ready to
select by hand instead of pretending that it copied."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping


def osc52_problem(env: Mapping[str, str]) -> str | None:
    """Why OSC 52 will not reach the clipboard here, or None when it should."""
    if env.get("WARROOM_CLIPBOARD", "").lower() in ("off", "no", "0"):
        return "clipboard writes are turned off (WARROOM_CLIPBOARD)"
    if env.get("TERM") == "linux":
        return "the Linux console has no clipboard"
    if env.get("TERM_PROGRAM") == "Apple_Terminal":
        return "Terminal.app does not accept OSC 52"
    if env.get("VTE_VERSION") and env.get("TERM_PROGRAM") != "tmux" and "TMUX" not in env:
        return "VTE terminals (GNOME Terminal, Tilix) do not accept OSC 52"
    if "TMUX" in env and _tmux_clipboard() == "off":
        return "tmux drops OSC 52 (set -g set-clipboard on)"
    return None


def _tmux_clipboard() -> str:
    try:
        done = subprocess.run(["tmux", "show-options", "-gv", "set-clipboard"],
                              capture_output=True, text=True, timeout=2, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()
