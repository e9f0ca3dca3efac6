"""The pods of one (context, namespace), kept current through the
`kubernetes` client: list, then watch from the list's resourceVersion, in
one daemon thread.

Lists are paged (`limit`/`continue`), as kubectl and client-go page them:
a 10k-pod namespace arrives in pieces the server can serve without a
multi-megabyte answer, and the pane counts them in. A continue token that
expires mid-list (the cluster changed faster than we paged) falls back to
one unpaged list, as client-go's pager does.

Responses are parsed as raw JSON (`_preload_content=False`): the client's
model objects cost seconds for 10k pods. A watch that ends is resumed from
the last resourceVersion seen; 410 Gone means that version is compacted
away, so the pods are listed again. Failures keep the last rows, are shown
on one line, and are retried with backoff."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tui.model.pods import PodRow
from tui.model.safe_text import printable
from tui.sources import SourceError
from tui.sources.kube_calls import get, pods_path
from tui.sources.kube_connect import CONNECT_TIMEOUT, describe, server_of
from tui.sources.kube_pages import ContinueExpired, list_pages, read_page
from tui.sources.kubernetes_parse import pod_row

if TYPE_CHECKING:
    from kubernetes.client import ApiClient

# The server ends a watch after this long; it is then resumed at once.
WATCH_SECONDS = 240
# A watch silent for longer than this (no event, no bookmark, no end) is
# a dead connection, e.g. a laptop that slept or a NAT that forgot.
READ_TIMEOUT = WATCH_SECONDS + 30
LIST_READ_TIMEOUT = 120
PAGE_SIZE = 500  # kubectl's default chunk size
BACKOFF_START = 1.0
BACKOFF_MAX = 30.0


class _Gone(Exception):
    """The resourceVersion we resume from is too old: list again."""


def _lines(response: Any) -> Iterator[bytes]:
    """Whole lines of a streamed body, however the chunks fall."""
    buffer = b""
    for chunk in response.stream(amt=None, decode_content=False):
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        yield from (line for line in lines if line.strip())
    if buffer.strip():
        yield buffer



@dataclass
class _State:
    pods: dict[str, PodRow]
    synced: bool = False
    problem: str = ""
    stale_since: datetime | None = None
    listed: int = 0  # pods received by a first list still in progress


class PodWatch:
    """Pods of one namespace (or all) of one context, kept current by a
    list then watch loop in a daemon thread."""

    def __init__(self, api: ApiClient, cluster: str, namespace: str, selector: str,
                 now: Callable[[], datetime]) -> None:
        self.cluster = cluster
        self.namespace = namespace
        self.selector = selector
        self._api = api
        self._server = server_of(api)
        self._now = now
        self._state = _State({})
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._response: Any = None
        self._resource_version = ""
        # Seconds to wait before the next retry; 0 while all is well.
        self._delay = 0.0
        self.lists = 0  # how many times the pods were listed (relists included)
        self._thread = threading.Thread(target=self._run, daemon=True,
                                        name=f"pods {cluster}/{namespace or '*'}")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        response = self._response
        if response is not None:
            # Unblock a read that may otherwise wait for the next event.
            with contextlib.suppress(Exception):
                response.shutdown() if hasattr(response, "shutdown") else response.close()

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    def state(self) -> tuple[tuple[PodRow, ...], bool, str, datetime | None, int]:
        with self._lock:
            state = self._state
            return (tuple(state.pods.values()), state.synced, state.problem,
                    state.stale_since, state.listed)

    # -- the loop, in the thread ----------------------------------------------

    def _run(self) -> None:
        from urllib3.exceptions import ProtocolError

        while not self._stop.is_set():
            watching = False
            try:
                if not self._resource_version:
                    self._list()
                watching = True
                began = time.monotonic()
                self._watch()
                if time.monotonic() - began < 1.0:
                    # A watch that ends at once, again and again, must not spin.
                    self._stop.wait(BACKOFF_START)
            except _Gone:
                self._resource_version = ""
            except Exception as error:
                if self._stop.is_set():
                    return
                if watching and isinstance(error, ProtocolError) and self._delay == 0:
                    # Servers and load balancers drop long watches now and
                    # then: resume at once, and only report a second failure.
                    self._delay = BACKOFF_START
                    continue
                self._failed(describe(error, self._server))
                self._stop.wait(self._delay or BACKOFF_START)
                self._delay = min(max(self._delay, BACKOFF_START) * 2, BACKOFF_MAX)

    def _call(self, timeout: tuple[float, float], **query: Any) -> Any:
        return get(self._api, pods_path(self.namespace),
                   {"labelSelector": self.selector, **query}, timeout=timeout)

    def _list(self) -> None:
        try:
            pods, version = self._list_pages(PAGE_SIZE)
        except ContinueExpired:
            pods, version = self._list_pages(0)
        with self._lock:
            self._state = _State(pods, synced=True)
        self._resource_version = version
        self._delay = 0.0
        self.lists += 1

    def _list_pages(self, limit: int) -> tuple[dict[str, PodRow], str]:
        """Every pod, one page of `limit` at a time (0: all at once), and the
        resourceVersion of the snapshot they all come from."""
        def call(**paging: Any) -> Any:
            return self._call((CONNECT_TIMEOUT, LIST_READ_TIMEOUT), **paging)

        def progress(listed: int) -> None:
            with self._lock:
                self._state.listed = listed

        return list_pages(lambda token: read_page(call, self._server, limit, token),
                          self.cluster, self._stop, progress)

    def _watch(self) -> None:
        response = self._call(
            (CONNECT_TIMEOUT, READ_TIMEOUT), watch=True, resourceVersion=self._resource_version,
            allowWatchBookmarks=True, timeoutSeconds=WATCH_SECONDS)
        self._response = response
        # The server took the watch: whatever failed before is over.
        self._recovered()
        try:
            for line in _lines(response):
                if self._stop.is_set():
                    return
                self._apply(line)
        finally:
            self._response = None
            response.release_conn()

    def _apply(self, line: bytes) -> None:
        try:
            event = json.loads(line)
            kind, pod = event["type"], event["object"]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise SourceError(f"{self._server}: malformed watch event") from None
        if kind == "ERROR":
            code = pod.get("code") if isinstance(pod, dict) else None
            if code == 410:
                raise _Gone
            message = printable(str(pod.get("message", ""))) if isinstance(pod, dict) else ""
            raise SourceError(f"watch error {code or ''} from {self._server}: {message}")
        metadata = pod.get("metadata") or {} if isinstance(pod, dict) else {}
        version = metadata.get("resourceVersion")
        if kind == "BOOKMARK":
            if version:
                self._resource_version = str(version)
            return
        row = pod_row(pod, self.cluster)
        key = f"{row.namespace}/{row.name}"
        with self._lock:
            if kind == "DELETED":
                self._state.pods.pop(key, None)
            else:
                self._state.pods[key] = row
        self._recovered()
        if version:
            self._resource_version = str(version)

    def _recovered(self) -> None:
        self._delay = 0.0
        with self._lock:
            self._state.problem, self._state.stale_since = "", None

    def _failed(self, problem: str) -> None:
        with self._lock:
            self._state.problem = problem
            if self._state.stale_since is None:
                self._state.stale_since = self._now()


def stop_all(watches: list[PodWatch]) -> None:
    """Stop watches, then wait for them: all stop at once, not one by one."""
    for watch in watches:
        watch.stop()
    for watch in watches:
        watch.join(2.0)
