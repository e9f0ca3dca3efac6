"""A recorded incident, read from `sample_data/demo`: its series, pod watch
events, Events, ReplicaSets, alert rules, health checks and SLOs, parsed by
the same functions as the live sources."""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tui.model.demo_story import StoryStep, parse_story
from tui.model.incident import Incident
from tui.model.metrics import PaneSpec, QuerySpec, Series, Thresholds, Unit
from tui.model.slo import SloSpec, check_selector
from tui.model.timefmt import from_iso
from tui.model.timeline import TimelineEntry
from tui.sources import SourceError
from tui.sources.demo_incident import recorded_incident
from tui.sources.prometheus_parse import parse_matrix

FORMAT = 1


@dataclass(frozen=True)
class PodEvent:
    at: datetime
    type: str
    object: dict[str, Any]


@dataclass(frozen=True)
class DemoAlertRule:
    """An alert as Prometheus would evaluate it on the recorded series:
    pending once the value is above the threshold, firing after `for`."""

    name: str
    severity: str
    pane: str
    series: str
    above: float
    for_seconds: float
    summary: str


@dataclass(frozen=True)
class DemoHealthCheck:
    """A health endpoint that answers 503 while the recorded error ratio of
    its service is above `down_above`, with latency from a recorded series."""

    name: str
    url: str
    pane: str
    series: str
    down_above: float
    latency_pane: str
    latency_series: str
    latency_scale: float = 1.0


@dataclass(frozen=True)
class DemoSlo:
    """An SLO the demo measures: its traffic is steady, and its bad share is
    a recorded error-ratio series."""

    spec: SloSpec
    pane: str
    series: str
    requests_per_second: float


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
    alert_rules: tuple[DemoAlertRule, ...] = ()
    health: tuple[DemoHealthCheck, ...] = ()
    # Kubernetes Events, each at the moment it was (last) observed.
    kube_events: tuple[PodEvent, ...] = ()
    # ReplicaSets as they changed: the rollout history.
    replicasets: tuple[PodEvent, ...] = ()
    slos: tuple[DemoSlo, ...] = ()
    # What the team does after the replay starts, up to the resolution.
    story: tuple[StoryStep, ...] = ()

    def bad_share_integral(self, pane: str, name: str, start: float, end: float) -> float:
        """∫ ratio dt over [start, end], each sample holding until the next."""
        for series in self.series.get(pane, ()):
            if series.name != name:
                continue
            total, times = 0.0, series.timestamps
            for index, (t, value) in enumerate(zip(times, series.values, strict=True)):
                following = times[index + 1] if index + 1 < len(times) else end
                lo, hi = max(t, start), min(following, end)
                if hi > lo and value == value:  # NaN is no data
                    total += value * (hi - lo)
            return total
        return 0.0

    def value_at(self, pane: str, name: str, at: float) -> float | None:
        for series in self.series.get(pane, ()):
            if series.name == name:
                index = bisect_right(series.timestamps, at) - 1
                return series.values[index] if index >= 0 else None
        return None

    def above_since(self, pane: str, name: str, threshold: float, at: float) -> float | None:
        """When the current run of samples above `threshold` began, if the
        latest sample at `at` is above it."""
        for series in self.series.get(pane, ()):
            if series.name != name:
                continue
            index = bisect_right(series.timestamps, at) - 1
            since = None
            while index >= 0 and series.values[index] > threshold:
                since = series.timestamps[index]
                index -= 1
            return since
        return None


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SourceError(f"cannot read {path}: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise SourceError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from error


def _pane(raw: dict[str, Any], folder: Path) -> tuple[PaneSpec, tuple[Series, ...]]:
    queries: list[QuerySpec] = []
    series: list[Series] = []
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


def _demo_slo(raw: dict[str, Any]) -> DemoSlo:
    spec = SloSpec(raw["id"], raw["service"], raw["objective"] / 100, raw["window_days"],
                   check_selector(raw["good"]), check_selector(raw["total"]))
    return DemoSlo(spec, raw["pane"], raw["series"], float(raw["requests_per_second"]))


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
        incident, timeline = recorded_incident(manifest["incident"])
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
            alert_rules=tuple(DemoAlertRule(**rule) for rule in manifest.get("alerts", ())),
            health=tuple(DemoHealthCheck(**check) for check in manifest.get("health", ())),
            kube_events=(_pod_events(folder / manifest["events"]) if "events" in manifest
                         else ()),
            replicasets=(_pod_events(folder / manifest["replicasets"])
                         if "replicasets" in manifest else ()),
            slos=tuple(_demo_slo(raw) for raw in manifest.get("slos", ())),
            story=parse_story(manifest.get("story", ())),
        )
    except (KeyError, ValueError, TypeError) as error:
        raise SourceError(f"{folder / 'recording.json'}: malformed ({error!r})") from error

