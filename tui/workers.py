"""Textual's `work` decorator, describing each worker by its method's name.

Textual's default description is the repr of the worker's arguments, built
on the UI thread every time the worker starts: for a 50k-pod snapshot that
was a third of a second per refresh. Every worker in Warroom is declared
through this one, so none can fall into it again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import work as textual_work


def work(*, description: str | None = None, **options: Any) -> Callable[[Any], Any]:
    def decorate(method: Callable[..., Any]) -> Any:
        return textual_work(description=description or method.__name__, **options)(method)

    return decorate
