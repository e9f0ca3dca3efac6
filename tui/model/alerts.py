"""Alerts as Prometheus reports them from its rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Alert:
    name: str
    severity: str
    state: str  # "firing" or "pending"
    since: datetime | None
    summary: str
    labels: tuple[tuple[str, str], ...] = ()

    @property
    def firing(self) -> bool:
        return self.state == "firing"


def newest_first(alerts: list[Alert]) -> tuple[Alert, ...]:
    """Firing before pending; within each, the most recent first."""
    def key(alert: Alert) -> tuple[bool, float]:
        return (not alert.firing, -(alert.since.timestamp() if alert.since else 0.0))

    return tuple(sorted(alerts, key=key))
