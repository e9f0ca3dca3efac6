"""Replays the recorded incident in `sample_data/demo` as if it were live.

The recording holds real API shapes (Prometheus `query_range` responses, a
Kubernetes pod list then watch events), parsed by the same functions as the
live sources, so the demo yields exactly the snapshot types they do."""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tui.model.incident import Incident, Milestone, Roles, Status
from tui.model.metrics import MetricSnapshot, PaneSpec, QuerySpec, Series, Thresholds, Unit
from tui.model.pods import PodSnapshot
from tui.model.timefmt import from_iso
from tui.model.timeline import EntryKind, TimelineEntry
from tui.sources import SourceError
from tui.sources.kubernetes_parse import pod_row
from tui.sources.prometheus_parse import parse_matrix

FORMAT = 1


@dataclass(frozen=True)
class PodEvent:
    at: datetime
    type: str
    object: dict[str, Any]


@dataclass(frozen=True)
class Recording:
    name: str
    cluster: str
    start: datetime
    end: datetime
    playback_start: datetime
    panes: tuple[PaneSpec, ...]
    series: dict[str, tuple[Series, ...]]
    pod_events: tuple[PodEvent, ...]
    incident: Incident
    timeline: tuple[TimelineEntry, ...]


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SourceError(f"cannot read {path}: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise SourceError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from error


def _pane(raw: dict[str, Any], folder: Path) -> tuple[PaneSpec, tuple[Series, ...]]:
    queries, series = [], []
    for query in raw["queries"]:
        queries.append(QuerySpec(expr=query["expr"], legend=query.get("legend", "")))
        parsed, _warnings = parse_matrix(_read_json(folder / query["recording"]), query["legend"])
        series.extend(parsed)
    thresholds = raw.get("thresholds", {})
    spec = PaneSpec(
        id=raw["id"],
        title=raw["title"],
        unit=Unit(raw["unit"]),
        queries=tuple(queries),
        thresholds=Thresholds(thresholds.get("warning"), thresholds.get("critical")),
        headline=raw.get("headline", ""),
    )
    return spec, tuple(series)


def _pod_events(path: Path) -> tuple[PodEvent, ...]:
    events = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise SourceError(f"cannot read {path}: {error.strerror}") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            events.append(PodEvent(from_iso(raw["at"]), raw["type"], raw["object"]))
        except (json.JSONDecodeError, KeyError, ValueError) as error:
            raise SourceError(f"{path}:{number}: malformed watch event ({error})") from error
    return tuple(sorted(events, key=lambda event: event.at))


def _incident(raw: dict[str, Any]) -> tuple[Incident, tuple[TimelineEntry, ...]]:
    roles = dict(raw.get("roles", {}))
    roles["smes"] = tuple(roles.get("smes", ()))
    incident = Incident(
        id=raw["id"],
        title=raw["title"],
        description=raw.get("description", ""),
        severity=raw["severity"],
        status=Status(raw["status"]),
        impact=raw.get("impact", ""),
        services=tuple(raw.get("services", ())),
        roles=Roles(**roles),
        milestones={Milestone(k): from_iso(v) for k, v in raw["milestones"].items()},
        last_update_at=from_iso(raw["last_update_at"]) if raw.get("last_update_at") else None,
        is_demo=True,
    )
    timeline = tuple(
        TimelineEntry(0, incident.id, from_iso(e["at"]), EntryKind(e["kind"]), e["text"],
                      e.get("author", ""))
        for e in raw.get("timeline", ())
    )
    return incident, timeline


def load_recording(folder: Path) -> Recording:
    manifest = _read_json(folder / "recording.json")
    if manifest.get("format") != FORMAT:
        raise SourceError(f"{folder / 'recording.json'}: unknown recording format "
                          f"{manifest.get('format')!r}")
    try:
        panes, series = [], {}
        for raw in manifest["panes"]:
            spec, pane_series = _pane(raw, folder)
            panes.append(spec)
            series[spec.id] = pane_series
        incident, timeline = _incident(manifest["incident"])
        return Recording(
            name=manifest["name"],
            cluster=manifest["cluster"],
            start=from_iso(manifest["start"]),
            end=from_iso(manifest["end"]),
            playback_start=from_iso(manifest["playback_start"]),
            panes=tuple(panes),
            series=series,
            pod_events=_pod_events(folder / manifest["pods"]),
            incident=incident,
            timeline=timeline,
        )
    except (KeyError, ValueError, TypeError) as error:
        raise SourceError(f"{folder / 'recording.json'}: malformed ({error!r})") from error


class DemoSource:
    """Answers "what would Prometheus and the pod watch show at time t"."""

    def __init__(self, recording: Recording) -> None:
        self.recording = recording
        self._pods: dict[str, dict[str, Any]] = {}
        self._applied = 0  # pod events applied so far
        self._synced = False

    def metrics(self, now: datetime, window: timedelta) -> dict[str, MetricSnapshot]:
        start, end = (now - window).timestamp(), now.timestamp()
        snapshots = {}
        for spec in self.recording.panes:
            sliced = []
            for series in self.recording.series[spec.id]:
                lo = bisect_left(series.timestamps, start)
                hi = bisect_right(series.timestamps, end)
                sliced.append(Series(series.name, series.labels, series.timestamps[lo:hi],
                                     series.values[lo:hi]))
            snapshots[spec.id] = MetricSnapshot(spec.id, tuple(sliced), now,
                                                int(window.total_seconds()))
        return snapshots

    def pods(self, now: datetime) -> PodSnapshot:
        """Apply the watch events up to `now`, like a watch cache would."""
        events = self.recording.pod_events
        if self._applied and events[self._applied - 1].at > now:
            # Asked for an earlier moment: replay from the list again.
            self._pods, self._applied, self._synced = {}, 0, False
        while self._applied < len(events) and events[self._applied].at <= now:
            event = events[self._applied]
            self._apply(event)
            self._applied += 1
        rows = tuple(pod_row(pod, self.recording.cluster) for pod in self._pods.values())
        return PodSnapshot(rows=rows, as_of=now, synced=self._synced)

    def _apply(self, event: PodEvent) -> None:
        if event.type == "LIST":
            self._pods = {self._key(item): item for item in event.object.get("items", ())}
            self._synced = True
        elif event.type == "DELETED":
            self._pods.pop(self._key(event.object), None)
        else:
            self._pods[self._key(event.object)] = event.object

    @staticmethod
    def _key(pod: dict[str, Any]) -> str:
        metadata = pod.get("metadata", {})
        return f"{metadata.get('namespace')}/{metadata.get('name')}"
