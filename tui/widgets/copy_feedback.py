"""Every copy key's one path (`y` on a command, a contact, a pod's describe
command or a communication; `ctrl+t` in the composer): the text goes to the
terminal's clipboard with OSC 52, and a toast says where it went. The last
copy is kept for `ctrl+l` (tui/screens/copied.py), which shows it alone.

Nothing answers an OSC 52 request, so "where it went" is what is known of
the terminal (tui.ui.clipboard): where it may not take it (tmux with
`set-clipboard off`, the Linux console, Terminal.app), the toast says so and
points at `ctrl+l` rather than claiming a copy that never arrived. Here, not
under screens: the checklist and contacts panes copy too."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from textual.app import App

from tui.ui.clipboard import osc52_problem

SHOW_KEY = "ctrl+l"
WENT = "copied to the terminal's clipboard (OSC 52)"
MAY_NOT = f"your terminal may not take it: {SHOW_KEY} shows it"


@dataclass
class _Copied:
    text: str
    # Why the terminal may not take it; None while unknown or when it should.
    problem: str | None = None


# Per app rather than an attribute of WarroomApp: the widgets that copy know
# only Textual's App, and a test's second app must not see the first's copy.
_LAST: WeakKeyDictionary[App[Any], _Copied] = WeakKeyDictionary()


def copy_and_say(app: App[Any], text: str, what: str, *, detail: str = "",
                 warning: bool = False) -> None:
    """Copy `text` and say where it went: "`what` copied to …", then
    `detail` (the command itself, a caution) on the lines below. `warning`
    makes the toast a warning even where the copy went through."""
    app.copy_to_clipboard(text)
    copied = _Copied(text)
    _LAST[app] = copied

    async def check() -> None:
        # May ask tmux (a subprocess): off the UI thread.
        problem = await asyncio.to_thread(osc52_problem, os.environ)
        _say(app, copied, what, detail, warning, problem)

    app.run_worker(check(), group="clipboard", exit_on_error=False,
                   description="clipboard check")


def _say(app: App[Any], copied: _Copied, what: str, detail: str, warning: bool,
         problem: str | None) -> None:
    copied.problem = problem
    if problem is None:
        lines = [f"{what} {WENT}"]
    else:
        lines = [f"{what} copied, but {MAY_NOT}", f"({problem})"]
    if detail:
        lines.append(detail)
    app.notify("\n".join(lines), severity="warning" if problem or warning else "information",
               timeout=8 if problem else 4, markup=False)


def last_copied(app: App[Any]) -> str | None:
    copied = _LAST.get(app)
    return copied.text if copied else None


def last_copy(app: App[Any]) -> tuple[str, str | None] | None:
    """The last copied text and why the terminal may not have taken it."""
    copied = _LAST.get(app)
    return (copied.text, copied.problem) if copied else None
