from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import T0
from tests.factories import make_incident as incident
from tui.model.incident import Milestone, Status, mttx
from tui.model.metrics import (
    Level,
    MetricSnapshot,
    PaneSpec,
    QuerySpec,
    Series,
    Thresholds,
    Unit,
    format_value,
    pin_text,
)
from tui.model.pods import Health, PodRow, PodSnapshot, summarize
from tui.model.safe_text import printable
from tui.model.timefmt import format_age, format_duration, from_iso, to_iso


def test_elapsed_counts_from_start_and_stops_at_resolution() -> None:
    assert incident().elapsed(T0 + timedelta(minutes=30)) == timedelta(minutes=30)
    resolved = incident(
        status=Status.RESOLVED,
        milestones={Milestone.STARTED: T0, Milestone.RESOLVED: T0 + timedelta(minutes=50)},
    )
    assert resolved.elapsed(T0 + timedelta(hours=5)) == timedelta(minutes=50)


def test_next_update_follows_severity_cadence_from_last_update() -> None:
    assert incident().next_update_due() == T0 + timedelta(minutes=8 + 15)
    later = incident(last_update_at=T0 + timedelta(minutes=20), severity="P2")
    assert later.next_update_due() == T0 + timedelta(minutes=50)
    assert incident(status=Status.RESOLVED).next_update_due() is None


def test_mttx_from_milestones() -> None:
    minutes = [0, 4, 6, 8, 16, 28, 63]
    record = incident(milestones={m: T0 + timedelta(minutes=n)
                                  for m, n in zip(Milestone, minutes, strict=True)})
    assert mttx(record) == {
        "MTTD": timedelta(minutes=4),
        "MTTA": timedelta(minutes=2),
        "TTM": timedelta(minutes=28),
        "MTTR": timedelta(minutes=63),
    }
    assert mttx(incident())["MTTR"] is None


def test_unknown_severity_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="P1, P2, P3, P4"):
        incident(severity="SEV9").severity_level()


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.004, Level.OK), (0.01, Level.WARNING), (0.049, Level.WARNING), (0.2, Level.CRITICAL),
     (None, Level.UNKNOWN), (float("nan"), Level.UNKNOWN)],
)
def test_thresholds(value: float | None, expected: Level) -> None:
    assert Thresholds(warning=0.01, critical=0.05).level(value) is expected


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(0.0052, Unit.RATIO, "0.5%"), (0.2, Unit.RATIO, "20%"), (0.549, Unit.SECONDS, "549ms"),
     (1.25, Unit.SECONDS, "1.25s"), (3 * 1024**2, Unit.BYTES, "3.0MiB"),
     (412.0, Unit.PER_SECOND, "412/s"), (None, Unit.RATIO, "–")],
)
def test_format_value(value: float | None, unit: Unit, text: str) -> None:
    assert format_value(value, unit) == text


def test_times_round_trip_in_utc_with_milliseconds() -> None:
    moment = datetime(2026, 3, 14, 15, 4, 5, 250000, tzinfo=UTC)
    assert to_iso(moment) == "2026-03-14T15:04:05.250Z"
    assert from_iso(to_iso(moment)) == moment
    with pytest.raises(ValueError):
        to_iso(datetime(2026, 3, 14))  # naive times are refused, never guessed


def test_durations_and_ages_read_like_kubectl() -> None:
    assert format_duration(timedelta(hours=1, minutes=7, seconds=3)) == "1h 07m 03s"
    assert format_duration(timedelta(seconds=-90)) == "-1m 30s"
    assert [format_age(timedelta(seconds=s)) for s in (45, 720, 11520, 5 * 86400)] == \
        ["45s", "12m", "3h12m", "5d"]


def test_printable_shows_escape_codes_instead_of_sending_them() -> None:
    hostile = "pod-\x1b[2J\x1b]52;c;ZXZpbA==\x07name\r\nnext"
    cleaned = printable(hostile)
    assert "\x1b" not in cleaned and "\x07" not in cleaned and "\r" not in cleaned
    assert cleaned == "pod-\\x1b[2J\\x1b]52;c;ZXZpbA==\\x07name\\x0d next"
    assert printable("[red]not markup[/red]") == "[red]not markup[/red]"


def pod(status: str, ready: int = 1, restarts: int = 0, at: datetime | None = None) -> PodRow:
    return PodRow("c", "ns", f"p-{status}", ready, 1, status, restarts, at, T0, "node")


@pytest.mark.parametrize(
    ("status", "ready", "health"),
    [("Running", 1, Health.OK), ("Running", 0, Health.FAILING),
     ("CrashLoopBackOff", 0, Health.FAILING), ("OOMKilled", 0, Health.FAILING),
     ("ContainerCreating", 0, Health.PENDING), ("Init:1/2", 0, Health.PENDING),
     ("Init:CrashLoopBackOff", 0, Health.FAILING), ("Completed", 0, Health.COMPLETED),
     ("Terminating", 1, Health.TERMINATING), ("ExitCode:3", 0, Health.FAILING),
     # kubectl's other words: a gated pod waits; NotReady serves nothing;
     # an init container that exited without a reason failed.
     ("SchedulingGated", 0, Health.PENDING), ("NotReady", 0, Health.FAILING),
     ("Init:Signal:9", 0, Health.FAILING), ("Init:ExitCode:1", 0, Health.FAILING)],
)
def test_pod_health(status: str, ready: int, health: Health) -> None:
    assert pod(status, ready).health is health


def test_summary_counts_recent_restarts_only() -> None:
    now = T0 + timedelta(hours=1)
    rows = (pod("Running"), pod("CrashLoopBackOff", 0, 5, now - timedelta(minutes=2)),
            pod("Pending", 0, 1, now - timedelta(minutes=40)))
    summary = summarize(PodSnapshot(rows, now), now)
    assert (summary.total, summary.running, summary.failing, summary.pending) == (3, 1, 1, 1)
    assert summary.restarted_recently == 1


def test_pin_text_freezes_values_worst_first_with_level_and_query() -> None:
    spec = PaneSpec("err", "Error ratio", Unit.RATIO, (QuerySpec("sum(rate(x[5m]))"),),
                    Thresholds(0.01, 0.05), headline="checkout")
    series = (Series("cart", (), (1.0,), (0.003,)), Series("checkout", (), (1.0,), (0.245,)))
    text = pin_text(spec, MetricSnapshot("err", series, T0, 3600))
    assert text.startswith("Error ratio: checkout 24%, cart 0.3% [critical] as of ")
    assert text.endswith("· sum(rate(x[5m]))")
