"""The archive aggregate: what the live panes showed (metric snapshots,
pod states, SLO measurements), kept for the review. These writes give way
on a locked file: the next refresh stores again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from tui.model.metrics import MetricSnapshot, PaneSpec
from tui.model.pods import PodRow, PodSnapshot
from tui.model.slo import SloEvents, SloImpact, SloSpec
from tui.model.timefmt import from_iso
from tui.store import response_log as response_sql
from tui.store.database import Database
from tui.store.metric_archive import MetricArchive
from tui.store.pod_archive import PodArchive
from tui.store.pod_recorder import PodRecorder


class Archives:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._metrics = MetricArchive()
        self._pods = PodArchive()

    # -- metrics ---------------------------------------------------------------

    def save_metric_snapshot(self, incident_id: str, spec: PaneSpec,
                             snapshot: MetricSnapshot) -> int:
        with self._db.transaction(give_way=True) as conn:
            return self._metrics.save(conn, incident_id, spec, snapshot)

    def save_metric_failure(self, incident_id: str, pane_id: str, at: datetime,
                            window_seconds: int, error: str) -> None:
        with self._db.transaction(give_way=True) as conn:
            self._metrics.save_failure(conn, incident_id, pane_id, at, window_seconds, error)

    def metric_panes(self, incident_id: str) -> tuple[PaneSpec, ...]:
        with self._db.reading() as conn:
            return self._metrics.panes(conn, incident_id)

    def metric_snapshot(self, incident_id: str, pane_id: str, at: datetime,
                        window_seconds: int) -> MetricSnapshot:
        with self._db.reading() as conn:
            return self._metrics.snapshot(conn, incident_id, pane_id, at, window_seconds)

    # -- pods ------------------------------------------------------------------

    def save_pod_changes(self, incident_id: str, at: datetime, changed: Sequence[PodRow],
                         gone: Sequence[str]) -> None:
        if not changed and not gone:
            return
        with self._db.transaction(give_way=True) as conn:
            self._pods.save(conn, incident_id, at, changed, gone)

    def pod_recorder(self, incident_id: str) -> PodRecorder:
        """Keeps the incident's stored pods in step with the live ones."""
        return PodRecorder(self, incident_id)

    def pods_at(self, incident_id: str, at: datetime) -> PodSnapshot:
        with self._db.reading() as conn:
            return self._pods.at(conn, incident_id, at)

    def stored_pods(self, incident_id: str) -> dict[str, PodRow]:
        with self._db.reading() as conn:
            return self._pods.latest(conn, incident_id)

    def last_stored_at(self, incident_id: str) -> datetime | None:
        """When the war room last stored metrics or pods for the incident."""
        with self._db.reading() as conn:
            row = conn.execute(
                "SELECT max(at) FROM (SELECT max(at) AS at FROM metric_fetches WHERE "
                "incident_id = ? UNION ALL SELECT max(at) FROM pod_states WHERE "
                "incident_id = ?) AS stored", [incident_id, incident_id]).fetchone()
        return from_iso(row[0]) if row and row[0] else None

    # -- SLOs ------------------------------------------------------------------

    def save_slo_events(self, incident_id: str, spec: SloSpec, events: SloEvents) -> None:
        with self._db.transaction(give_way=True) as conn:
            response_sql.save_measurement(conn, incident_id, spec, events)

    def slo_impacts(self, incident_id: str) -> list[SloImpact]:
        """Each SLO's error budget spent, as last measured (with the stored
        SLO, so that a review needs neither the config nor a Prometheus)."""
        with self._db.reading() as conn:
            return [SloImpact(spec, events) for spec, events
                    in response_sql.measurements(conn, incident_id)]
