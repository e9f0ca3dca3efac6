"""The incident a write names, for its change notice (tui/store/touched.py),
and the notice's payload read back by a console (change_feed.concerns)."""

from __future__ import annotations

import pytest

from tui.store.change_feed import concerns, payload
from tui.store.touched import touched_incident


@pytest.mark.parametrize(("sql", "params", "expected"), [
    ("INSERT INTO timeline (incident_id, at, kind) VALUES (?, ?, ?)", ["INC-1", "t", "n"],
     "INC-1"),
    ("INSERT INTO response_log (key, incident_id, author) VALUES (?, ?, '')", ["k", "INC-2"],
     "INC-2"),
    ("INSERT OR IGNORE INTO milestones (incident_id, name, at) VALUES (?, ?, ?)",
     ["INC-3", "m", "t"], "INC-3"),
    ("UPDATE incidents SET status = ?, updated_at = ? WHERE id = ?", ["open", "t", "INC-4"],
     "INC-4"),
    ("DELETE FROM comms_drafts WHERE incident_id = ? AND template_id = ?", ["INC-5", "x"],
     "INC-5"),
    ("UPDATE timeline SET starred = ? WHERE id = ?", [1, 7], None),
    ("DELETE FROM pane_overrides WHERE pane_id = ?", ["errors"], None),
    ("SELECT 1 FROM incidents WHERE id = ?", ["INC-1"], None),
])
def test_the_incident_a_write_names(sql: str, params: list[object],
                                    expected: str | None) -> None:
    assert touched_incident(sql, params) == expected


def test_a_notice_concerns_its_incidents_or_everyone() -> None:
    assert payload({"INC-2", "INC-1"}) == "INC-1,INC-2"
    assert concerns("INC-1,INC-2", "INC-2") and not concerns("INC-1", "INC-2")
    assert concerns("", "INC-9")
    assert payload({f"INC-{n:06}" for n in range(2000)}) == ""  # too long: "everyone"
