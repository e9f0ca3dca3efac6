"""One render's budget, counted across every loop, macro call and filter.

Jinja2's sandbox keeps templates from Python internals but not from running
away: nested loops over strings, string doubling, `join`, `expandtabs`,
`indent`, exponential macros and big integers froze or killed the war room.
Every `for` is compiled to iterate through `steps`, every call and filter
passes `tick`, and results are measured: past the step count, the size or
the deadline, the render stops with one line saying why."""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterable, Iterator
from typing import Any

MAX_STEPS = 100_000
MAX_TEXT = 2_000_000
MAX_BITS = 10_000
DEADLINE_SECONDS = 2.0


class Runaway(Exception):
    """Carries the one line said to the user."""


class _Run:
    def __init__(self) -> None:
        self.left = MAX_STEPS
        self.deadline = time.monotonic() + DEADLINE_SECONDS


_current: contextvars.ContextVar[_Run | None] = contextvars.ContextVar("render", default=None)


def start() -> contextvars.Token[_Run | None]:
    return _current.set(_Run())


def finish(token: contextvars.Token[_Run | None]) -> None:
    _current.reset(token)


def tick() -> None:
    run = _current.get()
    if run is None:
        return
    run.left -= 1
    if run.left < 0:
        raise Runaway(f"template stopped: over {MAX_STEPS} steps")
    # The clock every 256 steps: cheap, and still within milliseconds.
    if run.left & 0xFF == 0 and time.monotonic() > run.deadline:
        raise Runaway(f"template stopped: over {DEADLINE_SECONDS:g} seconds")


def steps(iterable: Iterable[Any]) -> Iterator[Any]:
    for item in iterable:
        tick()
        yield item


def measured(value: Any) -> Any:
    """`value`, unless it is text or a number past what a template may make."""
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise Runaway(f"template stopped: text past {MAX_TEXT} characters")
    if isinstance(value, int) and value.bit_length() > MAX_BITS:
        raise Runaway(f"template stopped: a number past {MAX_BITS} bits")
    return value


def _length(value: Any) -> int:
    try:
        return len(value)
    except TypeError:
        return 0


def check_filter(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Before the filters whose output can be far larger than their input."""
    if args and type(args[0]).__name__ == "EvalContext":  # join and others take it first
        args = args[1:]
    if not args:
        return
    value = args[0]
    if name == "join":
        separator = args[1] if len(args) > 1 else kwargs.get("d", "")
        items = list(value) if not isinstance(value, str) else value
        estimate = _length(separator) * len(items) + sum(_length(str(i)) for i in items[:1000])
    elif name == "indent":
        width = args[1] if len(args) > 1 else kwargs.get("width", 4)
        estimate = _length(value) + str(value).count("\n") * (_length(width) or int(width))
    else:
        return
    if estimate > MAX_TEXT:
        raise Runaway(f"template stopped: text past {MAX_TEXT} characters")


def check_call(method: Any, args: tuple[Any, ...]) -> None:
    if getattr(method, "__name__", "") == "expandtabs":
        text = getattr(method, "__self__", "")
        size = args[0] if args and isinstance(args[0], int) else 8
        if isinstance(text, str) and text.count("\t") * size + len(text) > MAX_TEXT:
            raise Runaway(f"template stopped: text past {MAX_TEXT} characters")


def check_power(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int) and right > 0 \
            and max(left.bit_length(), 1) * right > MAX_BITS:
        raise Runaway(f"template stopped: a number past {MAX_BITS} bits")
