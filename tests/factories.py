"""Model objects for tests, with defaults that any field can override."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tui.model.incident import Incident, Milestone, Roles, Status
from tui.model.pods import PodRow

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


def make_pod_row(name: str, **changes: object) -> PodRow:
    """A healthy pod of namespace "shop", created an hour before T0."""
    fields: dict[str, object] = dict(
        cluster="prod", namespace="shop", name=name, ready=1, containers=1,
        status="Running", restarts=0, last_restart_at=None,
        created_at=T0 - timedelta(hours=1), node="node-1",
    )
    fields.update(changes)
    return PodRow(**fields)  # type: ignore[arg-type]
