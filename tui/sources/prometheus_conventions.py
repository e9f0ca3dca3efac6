"""Which HTTP metric conventions a Prometheus holds, asked of its index only
(no query touches samples): the names matching every convention's metrics
in one call, then per request metric found its label names and the values
of its service label. A handful of calls, whatever the number of series.

Answers are kept for the session; `r` and a pane that
finds nothing ask again."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol

from tui.model.red_conventions import (
    CONVENTIONS,
    Hit,
    convention_of,
    names_regex,
    names_selectors,
    read_hit,
)
from tui.model.red_panes import Detection
from tui.model.safe_text import printable
from tui.sources import SourceError

# Only series seen lately: a service renamed last month is not the incident.
LOOKBACK_SECONDS = 3600
# A fleet of `…_http_requests_total` (one per component) stays a few calls.
MAX_HITS = 12
# A dropdown of services needs far fewer than a fleet has.
MAX_SERVICES = 2000
# How decode_api words a request the server would not take (bad_data, 400,
# 404, 405, 422), as against credentials (401, 403) or a server error.
_REJECTED = re.compile(r"HTTP (400|404|405|422)\b")


class IndexApi(Protocol):
    async def api(self, path: str, params: dict[str, str]) -> dict[str, Any]: ...


def _strings(payload: dict[str, Any]) -> list[str]:
    """The list of names an index endpoint answers; any other shape is a
    bad answer, said as such (not read as "no metrics")."""
    data = payload.get("data")
    if not isinstance(data, list):
        raise SourceError("the index answered something other than a list of names")
    return [item for item in data if isinstance(item, str)]


def tried_names() -> str:
    return ", ".join(convention.requests.format(prefix="…") for convention in CONVENTIONS)


_ORDER = {convention.key: index for index, convention in enumerate(CONVENTIONS)}


def _rank(name: str) -> tuple[int, str]:
    found = convention_of(name)
    return (_ORDER[found[0].key] if found else len(_ORDER), name)


class ConventionDetector:
    """One per Prometheus client, for the session: it keeps what it found."""

    def __init__(self, client: IndexApi) -> None:
        self._client = client
        self._pattern = re.compile(names_regex())
        self._found: Detection | None = None

    @property
    def last(self) -> Detection | None:
        """What the last detection found; None before it answered."""
        return self._found

    async def detect(self, now: datetime, *, force: bool = False) -> Detection:
        """Raises SourceError when the Prometheus cannot be asked at all."""
        if not force and (known := self._found) is not None:
            return known
        window = {"start": f"{now.timestamp() - LOOKBACK_SECONDS:.0f}",
                  "end": f"{now.timestamp():.0f}"}
        names, notes, calls = await self._names(window)
        # Known conventions before the generic `…_http_requests_total`.
        requests = sorted((name for name in names if convention_of(name) is not None),
                          key=_rank)
        notes_list = list(notes)
        if len(requests) > MAX_HITS:
            notes_list.append(f"{len(requests)} request metrics found; read the first "
                              f"{MAX_HITS}: {', '.join(requests[MAX_HITS:MAX_HITS + 3])}… "
                              "left out")
            requests = requests[:MAX_HITS]
        hits = await asyncio.gather(*(self._hit(name, frozenset(names), window)
                                      for name in requests))
        calls += 2 * len(requests)
        found: list[Hit] = []
        for hit, note in hits:
            if hit is not None:
                found.append(hit)
            if note:
                notes_list.append(note)
        found.sort(key=lambda hit: _rank(hit.metric))
        detection = Detection(tuple(found), tuple(notes_list), calls, tried_names())
        self._found = detection
        return detection

    async def _names(self, window: dict[str, str]) -> tuple[set[str], tuple[str, ...], int]:
        """Names of the conventions' metrics, from the index. Older servers
        reject match[] on this endpoint (or ignore it and send every name):
        then every name is read and matched here, and that is said."""
        selectors = names_selectors()
        try:
            answers = await asyncio.gather(*(self._client.api(
                "/api/v1/label/__name__/values",
                {"match[]": '{__name__=~"' + regex + '"}', **window}) for regex in selectors))
        except SourceError as error:
            if not _REJECTED.match(str(error)):
                raise  # unreachable, refused credentials: the same without match[]
            every = _strings(await self._client.api("/api/v1/label/__name__/values", {}))
            names = {name for name in every if self._pattern.fullmatch(name)}
            return names, (f"this Prometheus refused match[] on the names endpoint "
                           f"({printable(str(error))[:80]}); read all {len(every)} names",), \
                len(selectors) + 1
        answer = {name for found in answers for name in _strings(found)}
        names = {name for name in answer if self._pattern.fullmatch(name)}
        if len(names) < len(answer):
            return names, (f"this Prometheus ignored match[] on the names endpoint; "
                           f"read all {len(answer)} names",), len(selectors)
        return names, (), len(selectors)

    async def _hit(self, name: str, names: frozenset[str], window: dict[str, str]
                   ) -> tuple[Hit | None, str]:
        try:
            labels = _strings(await self._client.api(
                "/api/v1/labels", {"match[]": name, **window}))
            hit = read_hit(name, names, tuple(sorted(label for label in labels
                                                     if label != "__name__")))
            if hit is None:
                return None, ""
            if not hit.service_label:
                return hit, ""
            matchers = ", ".join(f"{label}{value}" for label, value in hit.filters)
            values = _strings(await self._client.api(
                f"/api/v1/label/{hit.service_label}/values",
                {"match[]": f"{name}{{{matchers}}}", **window}))
        except SourceError as error:
            return None, f"{name}: {printable(str(error))}"
        services = tuple(sorted(printable(value) for value in values))[:MAX_SERVICES]
        note = "" if hit.error else (f"{name} has no status label "
                                     f"(labels: {', '.join(hit.labels) or 'none'})")
        return replace(hit, services=services), note
