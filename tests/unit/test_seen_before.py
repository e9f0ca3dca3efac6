"""The line that names a look-alike in the declare form and the picker."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import T0, make_incident
from tui.model.incident import Milestone, Status
from tui.model.seen_before import ago, seen_before_line


def test_ago_reads_as_words() -> None:
    assert ago(timedelta(seconds=30)) == "just now"
    assert ago(timedelta(minutes=1)) == "1 minute ago"
    assert ago(timedelta(hours=5, minutes=59)) == "5 hours ago"
    assert ago(timedelta(days=3, hours=2)) == "3 days ago"
    assert ago(timedelta(seconds=-5)) == "just now"  # a clock a little ahead


def test_resolved_and_open_look_alikes() -> None:
    resolved = make_incident(id="INC-7", title="Checkout 5xx", status=Status.RESOLVED,
                             milestones={Milestone.STARTED: T0,
                                         Milestone.RESOLVED: T0 + timedelta(minutes=42)})
    assert seen_before_line(resolved, T0 + timedelta(days=3, minutes=50)) == (
        "INC-7 Checkout 5xx (resolved 3 days ago, MTTR 42m)")
    still_open = make_incident(id="INC-8", title="Cart \x1b[31mred")
    line = seen_before_line(still_open, T0 + timedelta(hours=2))
    assert "\x1b" not in line  # a title's escapes never reach the terminal
    assert line.startswith("INC-8 Cart ")
    assert line.endswith(" (investigating, started 2 hours ago)")
