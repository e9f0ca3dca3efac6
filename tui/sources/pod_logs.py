"""A container's log through the `kubernetes` client, as `kubectl logs`
reads it: one GET of pods/NAME/log, streamed (`_preload_content=False`)
and split into lines as the chunks arrive, so that `follow` shows each new
line as the server sends it. Blocking: the log screen reads it in a thread
worker, and `close` (from the UI thread) ends a read that waits."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from tui.model.pod_logs import MAX_LINE_CHARS, LogRequest, clean_line
from tui.model.pods import PodRow
from tui.sources import SourceError
from tui.sources.kube_calls import get, path
from tui.sources.kube_connect import CONNECT_TIMEOUT, describe, server_of

if TYPE_CHECKING:
    from kubernetes.client import ApiClient

# A followed log may be silent for hours: the read waits that long (the
# client takes no "never"); the screen's close hangs up sooner.
FOLLOW_READ_TIMEOUT = 24 * 3600
READ_TIMEOUT = 60


def _split(chunks: Iterator[bytes]) -> Iterator[list[str]]:
    """The whole lines of each chunk, decoded and cleaned; a partial line
    waits for its end, unless it grows past the longest line we keep."""
    pending = b""
    for chunk in chunks:
        pending += chunk
        *whole, pending = pending.split(b"\n")
        if len(pending) > MAX_LINE_CHARS * 4:  # a line without end: cut it
            whole.append(pending)
            pending = b""
        if whole:
            yield [clean_line(raw.decode("utf-8", "replace")) for raw in whole]
    if pending:
        yield [clean_line(pending.decode("utf-8", "replace"))]


class PodLogStream:
    """One read of one container's log."""

    def __init__(self, api: ApiClient, row: PodRow, request: LogRequest) -> None:
        self.row = row
        self.request = request
        self._api = api
        self._server = server_of(api)
        self._response: Any = None
        self._closed = threading.Event()

    def batches(self) -> Iterator[list[str]]:
        """Lines as they arrive, a list per chunk read. Raises SourceError
        with one line (the API's own words on a 400, 403 or 404)."""
        request = self.request
        query: dict[str, Any] = {
            "container": request.container or None, "follow": request.follow,
            "previous": request.previous, "tailLines": request.tail_lines,
            "timestamps": request.timestamps}
        timeout = (CONNECT_TIMEOUT, FOLLOW_READ_TIMEOUT if request.follow else READ_TIMEOUT)
        try:
            response = get(self._api, path("api", "v1", "namespaces", self.row.namespace, "pods",
                                           self.row.name, "log"), query, timeout=timeout)
        except Exception as error:
            raise SourceError(describe(error, self._server)) from None
        self._response = response
        if self._closed.is_set():  # closed while the request was on its way
            self._hang_up()
            return
        try:
            yield from _split(response.stream(amt=None, decode_content=True))
        except Exception as error:
            if self._closed.is_set():
                return  # our own hang-up, not a failure
            raise SourceError(describe(error, self._server)) from None
        finally:
            with contextlib.suppress(Exception):
                response.release_conn()

    def close(self) -> None:
        """Stop reading; safe from any thread, before or during the read."""
        self._closed.set()
        self._hang_up()

    def _hang_up(self) -> None:
        response = self._response
        if response is not None:
            # Shut the socket: a followed read otherwise waits for a line.
            with contextlib.suppress(Exception):
                response.shutdown() if hasattr(response, "shutdown") else response.close()
