"""Timeline suggestions from pod changes, and pod states kept with the
incident for offline review, on a real SQLite file and a real PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import open_store as open_store_at
from tests.factories import T0, make_incident, make_pod_row
from tui.model.clock import FrozenClock
from tui.model.pod_signals import SignalDetector
from tui.model.pods import PodSnapshot
from tui.model.timeline import EntryKind
from tui.store.location import PostgresLocation
from tui.store.pod_recorder import PodRecorder
from tui.store.store import Store

MINUTE = timedelta(minutes=1)
pytestmark = pytest.mark.both_engines


def test_the_first_snapshot_is_the_baseline() -> None:
    detector = SignalDetector()
    broken = make_pod_row("a", status="CrashLoopBackOff", ready=0, restarts=9)
    assert detector.observe([broken], T0) == []
    assert detector.observe([broken], T0 + MINUTE) == []  # nothing changed


def test_entering_crashloop_eviction_and_oom_are_suggested() -> None:
    detector = SignalDetector()
    a, b, c = make_pod_row("a"), make_pod_row("b"), make_pod_row("c", node="node-7")
    detector.observe([a, b, c], T0)
    found = detector.observe([
        replace(a, status="CrashLoopBackOff", ready=0, restarts=1, last_reason="Error",
                last_exit_code=1, last_restart_at=T0),
        replace(b, status="Running", restarts=1, last_reason="OOMKilled", last_exit_code=137,
                last_restart_at=T0 + timedelta(seconds=30)),
        replace(c, status="Evicted", ready=0),
    ], T0 + MINUTE)
    texts = {s.text for s in found}
    assert texts == {
        "Pod prod:shop/a entered CrashLoopBackOff (1 restart; last exit: Error, exit code 1)",
        "Pod prod:shop/b was OOMKilled (restart 1 on node-1)",
        "Pod prod:shop/c was evicted from node-7",
    }
    oom = next(s for s in found if "OOMKilled" in s.text)
    assert oom.at == T0 + timedelta(seconds=30) and oom.kind is EntryKind.POD_EVENT
    # A pod that stays in CrashLoopBackOff, OOMKilled or Evicted is not news
    # again; its third restart in five minutes is a burst.
    again = detector.observe([replace(a, status="CrashLoopBackOff", ready=0, restarts=2),
                              replace(b, restarts=1, last_reason="OOMKilled"),
                              replace(c, status="Evicted", ready=0)], T0 + 2 * MINUTE)
    assert [s.text for s in again] == [
        "Restart burst: 3 restarts in the last 5 min across 2 pods (a, b)"]


def test_a_restart_burst_is_offered_once_then_rests() -> None:
    detector = SignalDetector()
    pods = [make_pod_row(f"p{i}") for i in range(3)]
    detector.observe(pods, T0)
    restarted = [replace(p, restarts=1, last_restart_at=T0 + i * MINUTE)
                 for i, p in enumerate(pods[:2])]
    assert detector.observe([*restarted, pods[2]], T0 + 2 * MINUTE) == []  # 2 restarts
    third = replace(pods[2], restarts=1, last_restart_at=T0 + 3 * MINUTE)
    burst = detector.observe([*restarted, third], T0 + 3 * MINUTE)
    assert [s.text for s in burst] == [
        "Restart burst: 3 restarts in the last 5 min across 3 pods (p0, p1, p2)"]
    assert burst[0].at == T0 + 3 * MINUTE
    more = [replace(r, restarts=2, last_restart_at=T0 + 4 * MINUTE) for r in restarted]
    assert detector.observe([*more, third], T0 + 4 * MINUTE) == []  # quiet for 15 min


def open_store(where: Path | PostgresLocation) -> Store:
    return open_store_at(where, FrozenClock(T0))


def test_pod_states_are_stored_on_change_and_read_back_at_any_moment(
        store_location: Path | PostgresLocation) -> None:
    store = open_store(store_location)
    incident = make_incident().id
    store.incidents.create(make_incident())
    recorder = PodRecorder(store.archives, incident)
    a, b = make_pod_row("a"), make_pod_row("b")
    assert recorder.record(PodSnapshot((a, b), T0)) == 2
    assert recorder.record(PodSnapshot((a, b), T0 + MINUTE)) == 0  # unchanged: no write
    crashed = replace(a, status="CrashLoopBackOff", ready=0, restarts=3)
    assert recorder.record(PodSnapshot((crashed,), T0 + 2 * MINUTE)) == 2  # a changed, b gone
    assert recorder.record(PodSnapshot((), T0, synced=False)) == 0  # syncing is not "gone"

    assert store.archives.pods_at(incident, T0 - MINUTE).rows == ()
    assert set(store.archives.pods_at(incident, T0 + MINUTE).rows) == {a, b}
    later = store.archives.pods_at(incident, T0 + 5 * MINUTE)
    assert later.rows == (crashed,) and later.clusters == ("prod",)
    rows = store.conn.execute("SELECT COUNT(*) FROM pod_states").fetchone()[0]
    assert rows == 4

    # A restarted war room carries on from what is stored, not from scratch.
    again = PodRecorder(open_store(store_location).archives, incident)
    assert again.record(PodSnapshot((crashed,), T0 + 6 * MINUTE)) == 0


def test_hostile_text_and_odd_fields_survive_the_round_trip(
        store_location: Path | PostgresLocation) -> None:
    store = open_store(store_location)
    incident = make_incident().id
    store.incidents.create(make_incident())
    odd = make_pod_row("[red]x[/]\\x1b 日本", cluster="arn:aws:eks:eu-west-1:1:cluster/prod",
                       created_at=None, last_exit_code=137, last_reason="OOMKilled", ip="fd00::1")
    PodRecorder(store.archives, incident).record(PodSnapshot((odd,), T0))
    assert store.archives.pods_at(incident, T0).rows == (odd,)


def test_a_review_stepping_through_moments_reads_what_a_fresh_read_does(
        store_location: Path | PostgresLocation) -> None:
    """Moment after moment, forward, back and by jumps: the pods at each are
    those a new connection reads from scratch; with no state stored between
    two moments, the rows come back as the very same tuple."""
    store = open_store(store_location)
    incident = make_incident().id
    store.incidents.create(make_incident())
    recorder = PodRecorder(store.archives, incident)
    pods = {name: make_pod_row(name) for name in "abcdefgh"}
    recorder.record(PodSnapshot(tuple(pods.values()), T0))
    for minute in range(1, 8):
        name = "abcdefgh"[minute]
        pods[name] = replace(pods[name], restarts=minute, status="CrashLoopBackOff")
        if minute == 4:
            del pods["a"]  # gone, then back
        if minute == 6:
            pods["a"] = make_pod_row("a", node="node-2")
        recorder.record(PodSnapshot(tuple(pods.values()), T0 + minute * MINUTE))

    fresh = open_store(store_location)
    moments = [T0 + seconds * MINUTE / 60 for seconds in
               (0, 10, 20, 70, 130, 125, 30, 400, 250, 251, 460, 5, -60, 300, 300, 420, 90)]
    previous = None
    for moment in moments:
        snapshot = store.archives.pods_at(incident, moment)
        expected = fresh.archives.pods_at(incident, moment)
        assert sorted(snapshot.rows, key=lambda row: row.key) == sorted(
            expected.rows, key=lambda row: row.key), moment
        assert snapshot.as_of == moment and snapshot.clusters == expected.clusters
        if previous is not None and previous.as_of.replace(second=0) == moment.replace(
                second=0) and moment.second:
            assert snapshot.rows is previous.rows  # nothing stored between: the same rows
        previous = snapshot
    # Another writer's state is seen at the next read.
    PodRecorder(fresh.archives, incident).record(
        PodSnapshot((make_pod_row("z"),), T0 + 90 * MINUTE / 60))
    assert {row.name for row in store.archives.pods_at(incident, T0 + 2 * MINUTE).rows} == {"c",
                                                                                            "z"}


def test_metric_panes_read_back_in_the_order_last_stored(
        store_location: Path | PostgresLocation) -> None:
    """SQLite numbers a replaced row anew; PostgreSQL's rowid column is
    numbered again the same way, so a review lists the panes alike."""
    from tui.model.metrics import MetricSnapshot, PaneSpec, QuerySpec, Unit

    store = open_store(store_location)
    incident = make_incident().id
    store.incidents.create(make_incident())
    specs = {name: PaneSpec(id=name, title=name.title(), unit=Unit.RATIO,
                            queries=(QuerySpec("up", name),)) for name in ("errors", "latency")}
    for name in ("errors", "latency", "errors"):
        store.archives.save_metric_snapshot(incident, specs[name],
                                            MetricSnapshot(name, (), T0, 900))
    assert [spec.id for spec in store.archives.metric_panes(incident)] == ["latency", "errors"]
    document = store.export_incident(incident)
    assert all("rowid" not in row for table in ("incident", "metric_panes", "milestones")
               for row in ([document[table]] if table == "incident" else document[table]))
    store.close()
