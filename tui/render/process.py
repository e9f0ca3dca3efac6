"""Templates filled in a child process (tui/render/child.py), one render at
a time, the child kept warm between renders and ended when a render
outlives its deadline: a template in a single C call the budget cannot
reach is stopped all the same, and the war room's keys never wait on it.

Called from worker threads; the lock keeps one render per child."""

from __future__ import annotations

import atexit
import json
import os
import pickle
import select
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tui.render.template_budget as template_budget
from tui.render.child import read_frame, write_frame
from tui.render.templates import TemplateError

# Past the budget's own deadline, what the child gets to say so itself
# before it is ended: its start-up (about a fifth of a second) and a
# machine busy with other work.
GRACE_SECONDS = 3.0


class TemplateProcess:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._child: subprocess.Popen[bytes] | None = None

    def render(self, source: str, fields: Mapping[str, Any]) -> str:
        """The filled text; TemplateError with one line when the template is
        broken, runs away, or the child ends or has to be ended."""
        deadline = template_budget.DEADLINE_SECONDS
        request = pickle.dumps((source, dict(fields), deadline))
        with self._lock:
            child = self._started()
            assert child.stdin is not None and child.stdout is not None
            try:
                write_frame(child.stdin, request)
            except OSError:
                raise TemplateError(self._ended_by_itself()) from None
            ready, _, _ = select.select([child.stdout], [], [], deadline + GRACE_SECONDS)
            if not ready:
                self._end()
                raise TemplateError(f"template stopped: over {deadline:g} seconds")
            frame = read_frame(child.stdout)
            if frame is None:
                raise TemplateError(self._ended_by_itself())
        ok, text = json.loads(frame)
        if not ok:
            raise TemplateError(text)
        return str(text)

    def close(self) -> None:
        with self._lock:
            self._end()

    def _started(self) -> subprocess.Popen[bytes]:
        if self._child is None or self._child.poll() is not None:
            # The folder that holds `tui`, for a war room run from a checkout.
            here = str(Path(__file__).resolve().parents[2])
            path = os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH", "")) if p)
            self._child = subprocess.Popen(
                [sys.executable, "-m", "tui.render.child"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                env={**os.environ, "PYTHONPATH": path})
        return self._child

    def _ended_by_itself(self) -> str:
        child, self._child = self._child, None
        code = child.wait() if child is not None else None
        return f"template stopped: its process ended (exit status {code})"

    def _end(self) -> None:
        child, self._child = self._child, None
        if child is None:
            return
        if child.stdin is not None:
            child.stdin.close()
        if child.poll() is None:
            child.kill()
        child.wait()
        if child.stdout is not None:
            child.stdout.close()


_shared: TemplateProcess | None = None
_shared_lock = threading.Lock()


def shared_template_process() -> TemplateProcess:
    """One child for the whole program, ended with it."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = TemplateProcess()
            atexit.register(_shared.close)
        return _shared
