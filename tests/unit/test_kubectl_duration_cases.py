"""kubectl's own duration test cases, transcribed: AGE and the restart time
read as `kubectl get pods` prints them.

Source, in kubernetes/kubernetes:
staging/src/k8s.io/apimachinery/pkg/util/duration/duration_test.go:
TestHumanDuration, TestHumanDurationBoundaries,
TestShortHumanDurationBoundaries
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tui.model.timefmt import human_duration, short_human_duration

S = timedelta(seconds=1)
M = timedelta(minutes=1)
D = timedelta(days=1)
# duration_test.go works in nanoseconds; Python's timedelta stops at
# microseconds, so Go's `-2*time.Second + 1` (one nanosecond) is written
# here as one microsecond: the same side of the boundary.
H = timedelta(hours=1)
MS = timedelta(milliseconds=1)
Y = 365 * D
NS = timedelta(microseconds=1)

TEST_HUMAN_DURATION = [
    (S, "1s"), (70 * S, "70s"), (190 * S, "3m10s"), (70 * M, "70m"), (47 * H, "47h"),
    (49 * H, "2d1h"), ((8 * 24 + 2) * H, "8d"), (367 * 24 * H, "367d"),
    ((365 * 2 * 24 + 25) * H, "2y1d"), ((365 * 8 * 24 + 2) * H, "8y"),
]
TEST_HUMAN_DURATION_BOUNDARIES = [
    (-2 * S, "<invalid>"), (-2 * S + NS, "0s"), (timedelta(0), "0s"), (S - MS, "0s"),
    (2 * M - MS, "119s"), (2 * M, "2m"), (2 * M + S, "2m1s"), (10 * M - MS, "9m59s"),
    (10 * M, "10m"), (10 * M + S, "10m"), (3 * H - MS, "179m"), (3 * H, "3h"),
    (3 * H + M, "3h1m"), (8 * H - MS, "7h59m"), (8 * H, "8h"), (8 * H + 59 * M, "8h"),
    (2 * D - MS, "47h"), (2 * D, "2d"), (2 * D + H, "2d1h"), (8 * D - MS, "7d23h"),
    (8 * D, "8d"), (8 * D + 23 * H, "8d"), (2 * Y - MS, "729d"), (2 * Y, "2y"),
    (2 * Y + 23 * H, "2y"), (2 * Y + 23 * H + 59 * M, "2y"), (2 * Y + D - MS, "2y"),
    (2 * Y + D, "2y1d"), (3 * Y, "3y"), (4 * Y, "4y"), (5 * Y, "5y"), (6 * Y, "6y"),
    (7 * Y, "7y"), (8 * Y - MS, "7y364d"), (8 * Y, "8y"), (8 * Y + 364 * D, "8y"),
    (9 * Y, "9y"),
]
TEST_SHORT_HUMAN_DURATION_BOUNDARIES = [
    (-2 * S, "<invalid>"), (-2 * S + NS, "0s"), (timedelta(0), "0s"), (S - MS, "0s"),
    (S, "1s"), (2 * S - MS, "1s"), (M - MS, "59s"), (M, "1m"), (2 * M - MS, "1m"),
    (H - MS, "59m"), (H, "1h"), (2 * H - MS, "1h"), (D - MS, "23h"), (D, "1d"),
    (2 * D - MS, "1d"), (Y - MS, "364d"), (Y, "1y"), (2 * Y - MS, "1y"), (2 * Y, "2y"),
]


@pytest.mark.parametrize(("span", "expected"),
                         TEST_HUMAN_DURATION + TEST_HUMAN_DURATION_BOUNDARIES,
                         ids=[f"HumanDuration {text} {span}" for span, text in
                              TEST_HUMAN_DURATION + TEST_HUMAN_DURATION_BOUNDARIES])
def test_human_duration_as_kubectl(span: timedelta, expected: str) -> None:
    assert human_duration(span) == expected


@pytest.mark.parametrize(("span", "expected"), TEST_SHORT_HUMAN_DURATION_BOUNDARIES,
                         ids=[f"ShortHumanDuration {text} {span}" for span, text in
                              TEST_SHORT_HUMAN_DURATION_BOUNDARIES])
def test_short_human_duration_as_kubectl(span: timedelta, expected: str) -> None:
    assert short_human_duration(span) == expected

