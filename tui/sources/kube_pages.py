"""A pod list read page by page (`limit`/`continue`), as kubectl and
client-go page it, with the next page asked for as soon as the last one is
read: the API server prepares it while this side turns the last one into
rows, instead of each side waiting for the other."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from tui.model.pods import PodRow
from tui.sources import SourceError
from tui.sources.kubernetes_parse import pod_row


class ContinueExpired(Exception):
    """The continue token of a paged list is too old: list again, unpaged."""


class _Ahead:
    """One call run in a daemon thread (never one that holds up the exit):
    `result()` waits for it and raises what it raised."""

    def __init__(self, call: Callable[[], Any]) -> None:
        self._done = threading.Event()
        self._value: Any = None
        self._error: BaseException | None = None
        threading.Thread(target=self._run, args=(call,), daemon=True, name="pods page").start()

    def _run(self, call: Callable[[], Any]) -> None:
        try:
            self._value = call()
        except BaseException as error:
            self._error = error
        finally:
            self._done.set()

    def result(self) -> Any:
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._value


Page = tuple[list[Any], str, str]  # items, resourceVersion, continue token


def read_page(call: Callable[..., Any], server: str, limit: int, token: str) -> Page:
    """One page: `call(**query)` answers the raw response."""
    from kubernetes.client.exceptions import ApiException

    paging: dict[str, Any] = {"limit": limit} if limit else {}
    if token:
        paging["continue"] = token
    try:
        response = call(**paging)
    except ApiException as error:
        if token and error.status == 410:
            raise ContinueExpired from None
        raise
    try:
        body = json.loads(response.data)
        items = body["items"] or []
        metadata = body["metadata"]
        return items, str(metadata["resourceVersion"]), str(metadata.get("continue") or "")
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise SourceError(f"{server}: malformed pod list ({type(error).__name__})") from None


def list_pages(page: Callable[[str], Page], cluster: str, stop: threading.Event,
               progress: Callable[[int], None]) -> tuple[dict[str, PodRow], str]:
    """Every pod, a page at a time (`page(token)`), and the resourceVersion
    of the snapshot they all come from; `progress` hears the count so far."""
    pods: dict[str, PodRow] = {}
    ahead = _Ahead(lambda: page(""))
    while True:
        items, version, token = ahead.result()
        if token and not stop.is_set():
            ahead = _Ahead(partial(page, token))
        for item in items:
            row = pod_row(item, cluster)
            # The pane's default sort key, worked out here while the next
            # page is on its way rather than all at once when it is shown.
            row.by_status  # noqa: B018
            pods[f"{row.namespace}/{row.name}"] = row
        if not token or stop.is_set():
            return pods, version
        progress(len(pods))
