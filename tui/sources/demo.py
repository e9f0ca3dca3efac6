"""Replays the recorded incident in `sample_data/demo` as if it were live.

The recording holds real API shapes (Prometheus `query_range` responses, a
Kubernetes pod list then watch events), parsed by the same functions as the
live sources, so the demo yields exactly the snapshot types they do."""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tui.model.alerts import Alert, newest_first
from tui.model.demo_story import StoryStep, parse_story
from tui.model.health import HealthResult
from tui.model.incident import Incident
from tui.model.metrics import MetricSnapshot, PaneSpec, QuerySpec, Series, Thresholds, Unit
from tui.model.pod_detail import PodDetail
from tui.model.pods import PodRow, PodSnapshot
from tui.model.promql_completion import FUNCTIONS
from tui.model.rollouts import RolloutHistory, revisions_newest_first
from tui.model.slo import SloEvents, SloSpec, check_selector
from tui.model.timefmt import from_iso
from tui.model.timeline import TimelineEntry
from tui.sources import SourceError
from tui.sources.demo_incident import recorded_incident
from tui.sources.kubernetes_parse import pod_detail, pod_row, revision
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


class DemoSource:
    """Answers "what would Prometheus and the pod watch show at time t"."""

    def __init__(self, recording: Recording) -> None:
        self.recording = recording
        self._recorded = {spec.id: spec for spec in recording.panes}
        self._pods: dict[str, dict[str, Any]] = {}
        self._applied = 0  # pod events applied so far
        self._synced = False
        self._now: datetime | None = None

    def pane(self, spec: PaneSpec, now: datetime, window_seconds: int) -> MetricSnapshot:
        start, end = now.timestamp() - window_seconds, now.timestamp()
        sliced = []
        for series in self.recording.series.get(spec.id, ()):
            lo = bisect_left(series.timestamps, start)
            hi = bisect_right(series.timestamps, end)
            sliced.append(Series(series.name, series.labels, series.timestamps[lo:hi],
                                 series.values[lo:hi]))
        return MetricSnapshot(spec.id, tuple(sliced), now, window_seconds)

    # The same calls as the live sources make, answered from the recording.

    async def fetch_pane(self, spec: PaneSpec, now: datetime, window_seconds: int,
                         points: int) -> MetricSnapshot:
        recorded = self._recorded.get(spec.id)
        if recorded is None or recorded.queries != spec.queries:
            raise SourceError("the demo recording has no data for this query")
        return self.pane(spec, now, window_seconds)

    async def slo_events(self, spec: SloSpec, start: datetime, end: datetime,
                         now: datetime) -> SloEvents:
        return self.measure_slo(spec, start, end, now)

    def measure_slo(self, spec: SloSpec, start: datetime, end: datetime,
                    now: datetime) -> SloEvents:
        demo = next((slo for slo in self.recording.slos if slo.spec.id == spec.id), None)
        if demo is None:
            raise SourceError(f"the demo recording has no traffic for the SLO {spec.id!r}")
        a, b = start.timestamp(), end.timestamp()
        rate = demo.requests_per_second
        total = rate * max(0.0, b - a)
        bad = rate * self.recording.bad_share_integral(demo.pane, demo.series, a, b)
        # Steady traffic: the SLO's window holds its length in events at that rate.
        return SloEvents(spec.id, start, end, total - bad, total, rate * spec.window_seconds,
                         now, "demo")

    async def aclose(self) -> None:
        """Nothing to release: the recording is in memory."""

    async def alerts(self, now: datetime) -> tuple[Alert, ...]:
        at = now.timestamp()
        found = []
        for rule in self.recording.alert_rules:
            since = self.recording.above_since(rule.pane, rule.series, rule.above, at)
            if since is None:
                continue
            state = "firing" if at - since >= rule.for_seconds else "pending"
            found.append(Alert(rule.name, rule.severity, state, datetime.fromtimestamp(since, UTC),
                               rule.summary, (("alertname", rule.name),
                                              ("severity", rule.severity))))
        return newest_first(found)

    async def health(self, now: datetime) -> tuple[HealthResult, ...]:
        at = now.timestamp()
        results = []
        for check in self.recording.health:
            ratio = self.recording.value_at(check.pane, check.series, at)
            latency = self.recording.value_at(check.latency_pane, check.latency_series, at)
            down = ratio is not None and ratio > check.down_above
            results.append(HealthResult(
                check.name, not down, now, 503 if down else 200,
                None if latency is None else latency * check.latency_scale,
                "expected 200" if down else "",
            ))
        return tuple(results)

    def pods(self, now: datetime) -> PodSnapshot:
        """Apply the watch events up to `now`, like a watch cache would."""
        events = self.recording.pod_events
        if self._applied and events[self._applied - 1].at > now:
            # Asked for an earlier moment: replay from the list again.
            self._pods, self._applied, self._synced = {}, 0, False
        self._now = now
        while self._applied < len(events) and events[self._applied].at <= now:
            event = events[self._applied]
            self._apply(event)
            self._applied += 1
        rows = tuple(pod_row(pod, self.recording.cluster) for pod in self._pods.values())
        return PodSnapshot(rows=rows, as_of=now, synced=self._synced,
                           clusters=(self.recording.cluster,))

    def detail(self, row: PodRow) -> PodDetail:
        """The pod as last replayed, with the Events recorded about it so far."""
        pod = self._pods.get(f"{row.namespace}/{row.name}")
        if pod is None:
            raise SourceError(f"pod {row.namespace}/{row.name} is gone")
        now = self._now
        events = [event.object for event in self.recording.kube_events
                  if (now is None or event.at <= now)
                  and (event.object.get("involvedObject") or {}).get("name") == row.name]
        return pod_detail(pod, _aggregated(events), self.recording.cluster)

    def rollouts(self, now: datetime) -> RolloutHistory:
        """Each ReplicaSet as it stood at `now`."""
        latest: dict[str, dict[str, Any]] = {}
        for change in self.recording.replicasets:
            if change.at <= now:
                latest[self._key(change.object)] = change.object
        found = (revision(item, self.recording.cluster) for item in latest.values())
        return RolloutHistory(revisions_newest_first(r for r in found if r is not None))

    def close(self) -> None:
        """Nothing runs in the background: the replay is driven by pods()."""

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


def _aggregated(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Repeats of one reason and message folded into one Event with a count,
    as the API server's event correlator does."""
    folded: dict[tuple[str, str], dict[str, Any]] = {}
    for event in events:
        key = (str(event.get("reason")), str(event.get("message")))
        seen = folded.get(key)
        if seen is None:
            folded[key] = {**event, "count": 1}
        else:
            seen["count"] += 1
            seen["lastTimestamp"] = event.get("lastTimestamp")
    return list(folded.values())


_METRIC_IN_EXPR = re.compile(r"\b([A-Za-z_:][A-Za-z0-9_:]*)\s*(?=[{\[])")


class DemoCatalog:
    """Completion names from the recording: the metrics its queries name and
    the labels of the series it holds."""

    def __init__(self, recording: Recording) -> None:
        self._metrics = tuple(sorted({
            name for spec in recording.panes for query in spec.queries
            for name in _METRIC_IN_EXPR.findall(query.expr)
            if name not in FUNCTIONS and name not in ("by", "without")
        }))
        labels: dict[str, set[str]] = {}
        for pane_series in recording.series.values():
            for series in pane_series:
                for name, value in series.labels:
                    labels.setdefault(name, set()).add(value)
        self._labels = {name: tuple(sorted(values)) for name, values in labels.items()}

    def metric_names(self) -> tuple[str, ...]:
        return self._metrics

    def label_names(self, metric: str = "") -> tuple[str, ...]:
        return tuple(sorted(self._labels))

    def label_values(self, label: str, metric: str = "") -> tuple[str, ...]:
        return self._labels.get(label, ())
