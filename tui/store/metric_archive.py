"""What the metric panes showed, kept with the incident so that a review
can redraw the charts with no Prometheus.

Thinning: a series keeps one row per timestamp it was fetched at, and a
refresh only writes points newer than the last one kept. Panes fetch at a
step fitted to the chart's width, so the archive holds what was drawn and
never more than one point per step."""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tui.model.metrics import MetricSnapshot, PaneSpec, QuerySpec, Series, Thresholds, Unit
from tui.model.timefmt import readable_time, to_iso
from tui.store.row_reading import UNREADABLE, readable, text

if TYPE_CHECKING:
    from tui.store.database import Connection


def spec_to_json(spec: PaneSpec) -> str:
    return json.dumps(asdict(spec), sort_keys=True)


def spec_from_json(text: str) -> PaneSpec:
    raw: dict[str, Any] = json.loads(text)
    return PaneSpec(
        id=raw["id"],
        title=raw["title"],
        unit=Unit(raw["unit"]),
        queries=tuple(QuerySpec(**query) for query in raw["queries"]),
        thresholds=Thresholds(**raw["thresholds"]),
        headline=raw.get("headline", ""),
        source=raw.get("source", ""),
    )


def _series(row: tuple[Any, str, list[Any]]) -> Series:
    name, labels, points = row
    return Series(name=text(name, 500),
                  labels=tuple((text(k, 500), text(v, 500)) for k, v in json.loads(labels)),
                  timestamps=tuple(float(t) for t, _ in points),
                  values=tuple(math.nan if v is None else float(v) for _, v in points))


def _json_list(raw: Any) -> list[Any]:
    # Warnings written outside Warroom: none rather than a failed pane.
    try:
        value = json.loads(raw)
    except UNREADABLE:
        return []
    return value if isinstance(value, list) else []


class MetricArchive:
    """Used by the archives repository (archives.py), inside its transactions."""

    def __init__(self) -> None:
        # (series id) -> newest timestamp stored: spares a read per refresh.
        self._newest: dict[int, float] = {}
        self._series_ids: dict[tuple[str, str, str, str], int] = {}

    def _series_id(self, conn: Connection, incident_id: str, pane_id: str,
                   series: Series) -> int:
        labels = json.dumps(series.labels)
        key = (incident_id, pane_id, labels, series.name)
        if key in self._series_ids:
            return self._series_ids[key]
        conn.execute(
            """INSERT OR IGNORE INTO metric_series (incident_id, pane_id, name, labels)
               VALUES (?, ?, ?, ?)""", [incident_id, pane_id, series.name, labels])
        row = conn.execute(
            """SELECT id, (SELECT max(t) FROM metric_points WHERE series_id = metric_series.id)
               FROM metric_series WHERE incident_id = ? AND pane_id = ? AND labels = ?
               AND name = ?""", [incident_id, pane_id, labels, series.name]).fetchone()
        series_id = int(row[0])
        self._series_ids[key] = series_id
        if row[1] is not None:
            self._newest[series_id] = float(row[1])
        return series_id

    def save(self, conn: Connection, incident_id: str, spec: PaneSpec,
             snapshot: MetricSnapshot) -> int:
        """Record one refresh; returns how many new points were written."""
        conn.execute(
            "INSERT OR REPLACE INTO metric_panes (incident_id, pane_id, spec) VALUES (?, ?, ?)",
            [incident_id, spec.id, spec_to_json(spec)])
        conn.execute(
            """INSERT INTO metric_fetches (incident_id, pane_id, at, window_seconds,
               step_seconds, warnings) VALUES (?, ?, ?, ?, ?, ?)""",
            [incident_id, spec.id, to_iso(snapshot.as_of), snapshot.window_seconds,
             snapshot.step_seconds, json.dumps(snapshot.warnings)])
        written = 0
        for series in snapshot.series:
            series_id = self._series_id(conn, incident_id, spec.id, series)
            newest = self._newest.get(series_id, -math.inf)
            rows = [
                (series_id, t, None if math.isnan(v) else v)
                for t, v in zip(series.timestamps, series.values, strict=True) if t > newest
            ]
            if rows:
                conn.executemany(
                    "INSERT OR IGNORE INTO metric_points (series_id, t, v) VALUES (?, ?, ?)",
                    rows)
                self._newest[series_id] = rows[-1][1]
                written += len(rows)
        return written

    def save_failure(self, conn: Connection, incident_id: str, pane_id: str,
                     at: datetime, window_seconds: int, error: str) -> None:
        conn.execute(
            """INSERT INTO metric_fetches (incident_id, pane_id, at, window_seconds, error)
               VALUES (?, ?, ?, ?, ?)""",
            [incident_id, pane_id, to_iso(at), window_seconds, error])

    @staticmethod
    def panes(conn: Connection, incident_id: str) -> tuple[PaneSpec, ...]:
        rows = conn.execute(
            "SELECT spec FROM metric_panes WHERE incident_id = ? ORDER BY rowid",
            [incident_id]).fetchall()
        return tuple(readable(rows, lambda row: spec_from_json(row[0])))

    @staticmethod
    def snapshot(conn: Connection, incident_id: str, pane_id: str, at: datetime,
                 window_seconds: int) -> MetricSnapshot:
        """The pane as it stood at `at`: the stored points of the window
        before it, and the warnings of the last refresh up to then."""
        last = conn.execute(
            """SELECT at, warnings, step_seconds FROM metric_fetches WHERE incident_id = ?
               AND pane_id = ? AND at <= ? AND error = '' ORDER BY at DESC LIMIT 1""",
            [incident_id, pane_id, to_iso(at)]).fetchone()
        step = int(last[2]) if last else 0
        end = at.timestamp()
        # A range ends on a step boundary, so it starts up to a step early.
        start = math.floor(end / step) * step - window_seconds if step else end - window_seconds
        series: list[Series] = []
        for series_id, name, labels in conn.execute(
                "SELECT id, name, labels FROM metric_series WHERE incident_id = ? AND pane_id = ?"
                " ORDER BY id", [incident_id, pane_id]).fetchall():
            points = conn.execute(
                "SELECT t, v FROM metric_points WHERE series_id = ? AND t >= ? AND t <= ?"
                " ORDER BY t", [series_id, start, end]).fetchall()
            if not points:
                continue
            series.extend(readable([(name, labels, points)], _series))
        warnings = tuple(readable(_json_list(last[1]) if last else [], str))
        as_of = (readable_time(last[0]) or at) if last else at
        return MetricSnapshot(pane_id, tuple(series), as_of, window_seconds, warnings, step)
