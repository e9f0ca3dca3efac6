"""The recorded incident tells the story the README promises."""

from datetime import timedelta

from tui.model.metrics import MetricSnapshot
from tui.model.pods import Health
from tui.model.timefmt import from_iso
from tui.sources.demo import DemoSource, Recording

HOUR = timedelta(hours=1)


def at(hhmm: str):
    return from_iso(f"2026-03-14T{hhmm}:00Z")


def pane_at(source: DemoSource, hhmm: str, pane: str, window: timedelta) -> MetricSnapshot:
    spec = next(spec for spec in source.recording.panes if spec.id == pane)
    return source.pane(spec, at(hhmm), int(window.total_seconds()))


def latest(source: DemoSource, hhmm: str, pane: str, name: str) -> float:
    snapshot = pane_at(source, hhmm, pane, HOUR)
    return next(s for s in snapshot.series if s.name == name).latest  # type: ignore[return-value]


def test_error_ratio_and_latency_climb_then_recover(recording: Recording) -> None:
    source = DemoSource(recording)
    assert latest(source, "13:50", "error_ratio", "checkout") < 0.01
    assert 0.15 < latest(source, "14:18", "error_ratio", "checkout") < 0.3
    assert latest(source, "14:40", "error_ratio", "checkout") < 0.01
    assert latest(source, "13:50", "latency", "p95") < 0.2
    assert latest(source, "14:18", "latency", "p95") > 0.5
    assert latest(source, "14:40", "latency", "p95") < 0.2


def test_window_slices_the_recording_up_to_now(recording: Recording) -> None:
    snapshot = pane_at(DemoSource(recording), "14:12", "latency", timedelta(minutes=15))
    for series in snapshot.series:
        assert series.timestamps[0] >= at("13:57").timestamp()
        assert series.timestamps[-1] <= at("14:12").timestamp()
        assert len(series.timestamps) == 61  # 15 minutes at a 15 s step, both ends included
    assert snapshot.as_of == at("14:12")


def status_of(source: DemoSource, hhmm: str) -> dict[str, str]:
    return {row.name: row.status for row in source.pods(at(hhmm)).rows}


def test_pods_deploy_crashloop_and_roll_back(recording: Recording) -> None:
    source = DemoSource(recording)
    before = status_of(source, "13:50")
    assert all(name.startswith("checkout-5c8d7b9f4-") for name in before
               if name.startswith("checkout-") and "migrate" not in name)
    assert "CrashLoopBackOff" in status_of(source, "14:12").values()
    assert "Terminating" in status_of(source, "14:23").values()
    after = source.pods(at("14:40"))
    checkout = [r for r in after.rows if r.name.startswith("checkout-") and "migrate" not in r.name]
    assert len(checkout) == 4
    assert all(r.name.startswith("checkout-5c8d7b9f4-") and r.health is Health.OK
               for r in checkout)
    assert any(r.status == "Completed" for r in after.rows)  # the migration job


def test_rewinding_replays_from_the_list(recording: Recording) -> None:
    source = DemoSource(recording)
    late = status_of(source, "14:40")
    assert status_of(source, "14:12") == status_of(DemoSource(recording), "14:12")
    assert status_of(source, "14:40") == late


def test_before_the_first_list_the_pods_are_syncing(recording: Recording) -> None:
    snapshot = DemoSource(recording).pods(recording.start - timedelta(seconds=1))
    assert not snapshot.synced and snapshot.rows == ()


def test_demo_panes_carry_runbook_thresholds(recording: Recording) -> None:
    panes = {pane.id: pane for pane in recording.panes}
    assert panes["error_ratio"].thresholds.critical == 0.05
    assert (panes["latency"].thresholds.warning, panes["latency"].thresholds.critical) == \
        (0.2, 0.5)
    assert all("histogram_quantile" in q.expr for q in panes["latency"].queries)


async def test_demo_alerts_follow_the_recorded_values(recording: Recording) -> None:
    source = DemoSource(recording)
    assert await source.alerts(at("13:50")) == ()
    alerts = {alert.name: alert for alert in await source.alerts(at("14:20"))}
    errors = alerts["CheckoutHighErrorRate"]
    assert errors.firing and errors.since is not None and errors.since <= at("14:07")
    assert alerts["PaymentsErrorBudgetBurn"].state == "pending"
    assert (await source.alerts(at("14:20")))[0].firing  # firing first
    assert await source.alerts(at("14:40")) == ()  # recovered


async def test_demo_health_fails_while_checkout_errors_peak(recording: Recording) -> None:
    source = DemoSource(recording)
    quiet = {r.name: r for r in await source.health(at("13:50"))}
    assert all(result.ok and result.status_code == 200 for result in quiet.values())
    peak = {r.name: r for r in await source.health(at("14:20"))}
    assert not peak["checkout"].ok and peak["checkout"].status_code == 503
    assert peak["cart"].ok
    assert peak["checkout"].latency_seconds is not None
    assert peak["checkout"].latency_seconds > quiet["checkout"].latency_seconds  # type: ignore[operator]
