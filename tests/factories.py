"""Model objects for tests, with defaults that any field can override."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tui.model.incident import Incident, Milestone, Roles, Status

T0 = datetime(2026, 3, 14, 14, 0, tzinfo=UTC)


def make_incident(**changes: object) -> Incident:
    """P1 "Checkout down", started at T0 and declared 8 minutes later."""
    fields: dict[str, object] = dict(
        id="INC-1", title="Checkout down", severity="P1", status=Status.INVESTIGATING,
        milestones={Milestone.STARTED: T0, Milestone.DECLARED: T0 + timedelta(minutes=8)},
        roles=Roles(incident_commander="Priya"), services=("checkout",),
    )
    fields.update(changes)
    return Incident(**fields)  # type: ignore[arg-type]
