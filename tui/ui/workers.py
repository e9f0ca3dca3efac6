"""Textual's `work` decorator, describing each worker by its method's name,
and declaring with the worker what its failure tells the user.

Textual's default description is the repr of the worker's arguments, built
on the UI thread every time the worker starts: for a 50k-pod snapshot that
was a third of a second per refresh. Every worker in Warroom is declared
through this one, so none can fall into it again.

`failure=Failure(...)` says what a worker's error tells the user, beside the
worker; the incident screens' one Worker.StateChanged handler reads it
(`failure_of`), so no handler routes errors by group names."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal, ParamSpec, Protocol, TypeVar, overload

from textual import work as textual_work
from textual.dom import DOMNode
from textual.worker import Worker

from tui.actions import describe_write_error, store_unreachable
from tui.sources import describe_error
from tui.ui.toast_once import ToastOnce


class FailureHost(Protocol):
    toast_once: ToastOnce

    def notify(self, message: str, *, title: str = ..., severity: Any = ...,
               timeout: float | None = ..., markup: bool = ...) -> None: ...


@dataclass(frozen=True)
class Failure:
    # `{error}` is replaced by the error in one line.
    message: str = ""
    severity: Literal["information", "warning", "error"] = "error"
    timeout: float = 8
    # A write to the database: its error is worded for a responder (full
    # disk, locked file) rather than as the exception says.
    write: bool = False
    # Once while the trouble lasts, not once per failed call.
    once: bool = False
    # Called on the host after the toast (the live refresh reschedules itself).
    then: Callable[[Any], object] | None = None

    def report(self, host: FailureHost, error: BaseException | None) -> None:
        # A background write on a store gone away: the header's own line says
        # so while it lasts (StoreLinkWatch), a toast would only cover it.
        quiet = self.once and store_unreachable(error)
        if self.message and not quiet:
            said = describe_write_error(error) if self.write else describe_error(error)
            text = self.message.format(error=said)
            if self.once:
                host.toast_once.notify(host, text, severity=self.severity,
                                       timeout=self.timeout)
            else:
                host.notify(text, severity=self.severity, timeout=self.timeout, markup=False)
        if self.then is not None:
            self.then(host)


# Says its own failures (the note saver), or none worth a toast.
SILENT = Failure()

_FAILURES: dict[str, Failure] = {}


def failure_of(worker: Worker[Any]) -> Failure | None:
    return _FAILURES.get(worker.name)


P = ParamSpec("P")
R = TypeVar("R")


class WorkerDecorator(Protocol):
    """What `work(...)` returns: a method (async, or blocking with
    thread=True) made into one that starts a worker and returns it, typed
    by the method's own arguments and result."""

    @overload
    def __call__(self, method: Callable[P, Coroutine[Any, Any, R]]
                 ) -> Callable[P, Worker[R]]: ...

    @overload
    def __call__(self, method: Callable[P, R]) -> Callable[P, Worker[R]]: ...


def work(*, description: str | None = None, failure: Failure | None = None,
         group: str = "default", exit_on_error: bool = True, exclusive: bool = False,
         thread: bool = False) -> WorkerDecorator:
    def decorate(method: Callable[P, Any]) -> Callable[P, Worker[Any]]:
        name = f"{method.__module__}.{method.__qualname__}"
        if failure is not None:
            _FAILURES[name] = failure
        made: Callable[P, Worker[Any]] = textual_work(
            description=description or method.__name__, name=name, group=group,
            exit_on_error=exit_on_error, exclusive=exclusive, thread=thread)(method)
        return made

    return decorate


def run_part(host: DOMNode, method: Callable[..., object], *args: Any, group: str,
             failure: Failure | None = None, thread: bool = False,
             exclusive: bool = False) -> Worker[Any]:
    """For a part of a screen that is not a widget: `method(*args)` as a
    worker of `host` (an async method on its loop, or a blocking one in a
    thread), whose failure the host's Worker.StateChanged handler says."""
    name = f"{method.__module__}.{method.__qualname__}"
    if failure is not None:
        _FAILURES[name] = failure
    return host.run_worker(partial(method, *args), name=name, group=group,
                           description=method.__name__, exit_on_error=False, thread=thread,
                           exclusive=exclusive)
