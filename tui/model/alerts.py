"""Alerts as Prometheus evaluates them from its rules, or as Alertmanager
holds them (with its silences and inhibitions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Alert:
    name: str
    severity: str
    # "firing" or "pending" (Prometheus); "suppressed" (Alertmanager: a
    # silence or an inhibition holds its notifications back).
    state: str
    since: datetime | None
    summary: str
    labels: tuple[tuple[str, str], ...] = ()
    # Alertmanager only: its id of the label set, the silences and the
    # alerts inhibiting it, and the silence that ends last (who, until, why).
    fingerprint: str = ""
    silenced_by: tuple[str, ...] = ()
    inhibited_by: tuple[str, ...] = ()
    silence_author: str = ""
    silence_until: datetime | None = None
    silence_comment: str = ""

    @property
    def muted(self) -> bool:
        """Someone already knows: silenced or inhibited, never shown as firing."""
        return self.state == "suppressed" or bool(self.silenced_by or self.inhibited_by)

    @property
    def firing(self) -> bool:
        return self.state == "firing" and not self.muted

    def label(self, name: str) -> str:
        return dict(self.labels).get(name, "")


def _rank(alert: Alert) -> int:
    return 0 if alert.firing else 2 if alert.muted else 1


def newest_first(alerts: list[Alert]) -> tuple[Alert, ...]:
    """Firing, then pending, then muted; within each, the most recent first."""
    def key(alert: Alert) -> tuple[int, float]:
        return (_rank(alert), -(alert.since.timestamp() if alert.since else 0.0))

    return tuple(sorted(alerts, key=key))


@dataclass(frozen=True)
class AlertGroup:
    """Alerts of one alertname and service: one problem, however many
    instances report it."""

    name: str
    service: str
    alerts: tuple[Alert, ...]


def grouped(alerts: tuple[Alert, ...]) -> tuple[AlertGroup, ...]:
    """Alerts gathered by alertname and service, the group of the most
    urgent alert first (firing, then pending, then muted), each group in
    that order too."""
    groups: dict[tuple[str, str], list[Alert]] = {}
    for alert in newest_first(list(alerts)):
        groups.setdefault((alert.name, alert.label("service")), []).append(alert)
    return tuple(AlertGroup(name, service, tuple(members))
                 for (name, service), members in groups.items())


@dataclass(frozen=True)
class AlertReport:
    """What the alerts pane shows: the alerts, whether Alertmanager gave
    them, and why Prometheus did instead when an Alertmanager was wanted."""

    alerts: tuple[Alert, ...]
    from_alertmanager: bool = False
    fallback_reason: str = ""
