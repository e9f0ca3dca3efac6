"""Pod states kept with the incident, so that a review can show the pods as
they were at any moment with no cluster.

Compact: a row is written only when a pod appears, changes or goes (state
NULL), never again while it stays the same. 10k steady pods cost one row
each for the whole incident; ages are recomputed from creation times."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tui.model.pods import PodRow, PodSnapshot
from tui.model.safe_text import printable
from tui.model.timefmt import to_iso
from tui.store.row_reading import readable, stored_time


def _time(moment: datetime | None) -> str | None:
    return to_iso(moment) if moment is not None else None


def row_to_json(row: PodRow) -> str:
    # Cluster, namespace and name in full: context names such as EKS ARNs
    # hold "/", so the key cannot be split back into them.
    return json.dumps([row.cluster, row.namespace, row.name, row.ready, row.containers,
                       row.status, row.restarts, _time(row.last_restart_at),
                       _time(row.created_at), row.node, row.ip, row.qos, row.last_reason,
                       row.last_exit_code],
                      separators=(",", ":"), ensure_ascii=False)


def _inert(value: Any) -> Any:
    # Live rows are made printable as they are parsed; an imported dump's
    # rows never were, and the review draws them.
    return printable(value) if isinstance(value, str) else value


def row_from_json(text: str) -> PodRow:
    (cluster, namespace, name, ready, containers, status, restarts, restarted, created, node,
     ip, qos, last_reason, last_exit_code) = json.loads(text)
    cluster, namespace, name, status, node, ip, qos, last_reason = (
        _inert(value) for value in (cluster, namespace, name, status, node, ip, qos,
                                    last_reason))
    return PodRow(cluster=cluster, namespace=namespace, name=name, ready=ready,
                  containers=containers, status=status, restarts=restarts,
                  last_restart_at=stored_time(restarted) if restarted else None,
                  created_at=stored_time(created) if created else None, node=node, ip=ip,
                  qos=qos, last_reason=last_reason, last_exit_code=last_exit_code)


def pod_changes(stored: dict[str, PodRow], rows: Sequence[PodRow]
                ) -> tuple[list[PodRow], list[str]]:
    """What to write so that the archive matches `rows`: pods new or changed
    since `stored`, and keys of pods gone."""
    changed = [row for row in rows
               if (old := stored.get(row.key)) is not row and old != row]
    present = {row.key for row in rows}
    gone = [key for key in stored if key not in present]
    return changed, gone


class PodArchive:
    """Used by the Store under its lock, inside its transactions."""

    def save(self, conn: sqlite3.Connection, incident_id: str, at: datetime,
             changed: Sequence[PodRow], gone: Sequence[str]) -> None:
        moment = to_iso(at)
        conn.executemany(
            "INSERT INTO pod_states (incident_id, at, pod, state) VALUES (?, ?, ?, ?)",
            [(incident_id, moment, row.key, row_to_json(row)) for row in changed]
            + [(incident_id, moment, key, None) for key in gone])

    def at(self, conn: sqlite3.Connection, incident_id: str, moment: datetime) -> PodSnapshot:
        """The pods as last stored at or before `moment`."""
        pods = tuple(self._newest(conn, incident_id, moment).values())
        clusters = tuple(sorted({row.cluster for row in pods}))
        return PodSnapshot(rows=pods, as_of=moment, synced=bool(pods), clusters=clusters)

    def latest(self, conn: sqlite3.Connection, incident_id: str) -> dict[str, PodRow]:
        """Every pod as last stored: where a restarted war room picks up."""
        return self._newest(conn, incident_id, None)

    @staticmethod
    def _newest(conn: sqlite3.Connection, incident_id: str,
                moment: datetime | None) -> dict[str, PodRow]:
        until = "AND at <= ?" if moment is not None else ""
        params = [incident_id, to_iso(moment)] if moment is not None else [incident_id]
        rows = conn.execute(
            f"""SELECT pod, state FROM (
                    SELECT pod, state, ROW_NUMBER() OVER (
                        PARTITION BY pod ORDER BY at DESC, rowid DESC) AS newest
                    FROM pod_states WHERE incident_id = ? {until})
                WHERE newest = 1 AND state IS NOT NULL""", params).fetchall()
        # A pod state that cannot be read is left out (see readable).
        return {row.key: row for row in readable(rows, lambda row: row_from_json(row[1]))}
