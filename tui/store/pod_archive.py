"""Pod states kept with the incident, so that a review can show the pods as
they were at any moment with no cluster.

Compact: a row is written only when a pod appears, changes or goes (state
NULL), never again while it stays the same. 10k steady pods cost one row
each for the whole incident; ages are recomputed from creation times."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tui.model.pods import PodRow, PodSnapshot
from tui.model.safe_text import printable
from tui.model.timefmt import to_iso
from tui.store.row_reading import readable, stored_time

if TYPE_CHECKING:
    from tui.store.database import Connection


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


@dataclass(frozen=True)
class _Read:
    """The pods last read for a moment, and what the file was like then."""

    incident_id: str
    written: tuple[int, int]  # see PodArchive._written
    moment: datetime
    pods: dict[str, PodRow]
    snapshot: PodSnapshot


class PodArchive:
    """Used by the archives repository (archives.py), inside its transactions.

    A review asks for the pods at one moment after another, a step apart:
    the pods of the last moment asked are kept, and the next is read as
    the changes stored between the two (an index on the time), which is
    usually none at all. The rows then come back as the very same tuple,
    so the pane knows at once that nothing moved."""

    def __init__(self) -> None:
        self._last: _Read | None = None

    def save(self, conn: Connection, incident_id: str, at: datetime,
             changed: Sequence[PodRow], gone: Sequence[str]) -> None:
        self._last = None
        moment = to_iso(at)
        conn.executemany(
            "INSERT INTO pod_states (incident_id, at, pod, state) VALUES (?, ?, ?, ?)",
            [(incident_id, moment, row.key, row_to_json(row)) for row in changed]
            + [(incident_id, moment, key, None) for key in gone])

    def at(self, conn: Connection, incident_id: str, moment: datetime) -> PodSnapshot:
        """The pods as last stored at or before `moment`."""
        written = self._written(conn)
        last = self._last
        if last is not None and (last.incident_id, last.written) == (incident_id, written):
            if last.moment == moment:
                return last.snapshot
            pods = self._moved(conn, last, moment)
            if pods is None:  # nothing stored in between: the same rows
                snapshot = replace(last.snapshot, as_of=moment)
                self._last = replace(last, moment=moment, snapshot=snapshot)
                return snapshot
        else:
            pods = self._newest(conn, incident_id, moment, by_stored_key=True)
        rows = tuple(pods.values())
        clusters = tuple(sorted({row.cluster for row in rows}))
        snapshot = PodSnapshot(rows=rows, as_of=moment, synced=bool(rows), clusters=clusters)
        self._last = _Read(incident_id, written, moment, pods, snapshot)
        return snapshot

    @staticmethod
    def _written(conn: Connection) -> tuple[int, int]:
        """Changes whenever this connection or another one writes."""
        version = int(conn.execute("PRAGMA data_version").fetchone()[0])
        return version, conn.total_changes

    def _moved(self, conn: Connection, last: _Read, moment: datetime
               ) -> dict[str, PodRow] | None:
        """The pods at `moment` from those at `last.moment`: the pods with a
        state stored between the two are read again as they stood at
        `moment`. None when no pod has one."""
        early, late = sorted((last.moment, moment))
        touched = [pod for (pod,) in conn.execute(
            # Named: left to itself the planner walks every state of the
            # incident in the (incident, pod, at) index to return them by pod.
            "SELECT DISTINCT pod FROM pod_states INDEXED BY pod_states_by_time "
            "WHERE incident_id = ? AND at > ? AND at <= ?",
            [last.incident_id, to_iso(early), to_iso(late)])]
        if not touched:
            return None
        if len(touched) > len(last.pods) // 2:
            return self._newest(conn, last.incident_id, moment, by_stored_key=True)
        rows = conn.execute(
            """SELECT pod, state FROM (
                   SELECT pod, state, ROW_NUMBER() OVER (
                       PARTITION BY pod ORDER BY at DESC, rowid DESC) AS newest
                   FROM pod_states WHERE incident_id = ? AND at <= ?
                       AND pod IN (SELECT value FROM json_each(?))) AS states
               WHERE newest = 1 AND state IS NOT NULL""",
            [last.incident_id, to_iso(moment), json.dumps(touched)]).fetchall()
        pods = dict(last.pods)
        for key in touched:
            pods.pop(key, None)
        pods.update(readable(rows, lambda row: (row[0], row_from_json(row[1]))))
        return pods

    def latest(self, conn: Connection, incident_id: str) -> dict[str, PodRow]:
        """Every pod as last stored: where a restarted war room picks up."""
        return self._newest(conn, incident_id, None)

    @staticmethod
    def _newest(conn: Connection, incident_id: str, moment: datetime | None, *,
                by_stored_key: bool = False) -> dict[str, PodRow]:
        """Each pod's newest state, by the pod's key (`by_stored_key`: the
        key stored with the state, by which its later states are found)."""
        until = "AND at <= ?" if moment is not None else ""
        params = [incident_id, to_iso(moment)] if moment is not None else [incident_id]
        rows = conn.execute(
            f"""SELECT pod, state FROM (
                    SELECT pod, state, ROW_NUMBER() OVER (
                        PARTITION BY pod ORDER BY at DESC, rowid DESC) AS newest
                    FROM pod_states WHERE incident_id = ? {until}) AS states
                WHERE newest = 1 AND state IS NOT NULL""", params).fetchall()
        # A pod state that cannot be read is left out (see readable).
        if by_stored_key:
            return dict(readable(rows, lambda row: (row[0], row_from_json(row[1]))))
        return {row.key: row for row in readable(rows, lambda row: row_from_json(row[1]))}
