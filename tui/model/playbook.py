"""Playbooks: checklists of what to do in an incident, with when they apply.

A playbook applies to an incident when each condition it names holds
(severity, scenario tags, services, status); a condition it does not name
always holds, so a playbook with none (initial triage) applies to every
incident."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from tui.model.incident import Incident
from tui.model.timefmt import parse_duration


@dataclass(frozen=True)
class Conditions:
    severities: tuple[str, ...] = ()
    scenarios: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    def matches(self, incident: Incident) -> bool:
        if self.severities and not any(same_level(key, incident.severity)
                                       for key in self.severities):
            return False
        if self.scenarios and not set(map(str.lower, self.scenarios)) & set(
                map(str.lower, incident.scenarios)):
            return False
        if self.services and not set(self.services) & set(incident.services):
            return False
        return not self.statuses or incident.status.value in self.statuses

    def particularity(self) -> int:
        """How many kinds of condition it names: 0 applies to everything."""
        return sum(bool(group) for group in (self.severities, self.scenarios, self.services,
                                             self.statuses))

    def describe(self) -> str:
        """`P1/P2 · scenario db-pool · resolved`, or "every incident"."""
        parts = []
        if self.severities:
            parts.append("/".join(self.severities))
        if self.scenarios:
            parts.append("scenario " + "/".join(self.scenarios))
        if self.services:
            parts.append("service " + "/".join(self.services))
        if self.statuses:
            parts.append("/".join(self.statuses))
        return " · ".join(parts) or "every incident"


def same_level(a: str, b: str) -> bool:
    """P2 and SEV2 are the same level: a playbook written for one severity
    scheme still applies under the other."""
    if a.upper() == b.upper():
        return True
    rank_a, rank_b = re.search(r"(\d+)$", a), re.search(r"(\d+)$", b)
    return bool(rank_a and rank_b and int(rank_a[1]) == int(rank_b[1]))


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    text: str
    hint: str = ""
    command: str = ""
    promql: str = ""
    # Within this long of the declaration (see checklist.due_anchor).
    due: timedelta | None = None


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class Playbook:
    id: str
    title: str
    sections: tuple[Section, ...]
    when: Conditions = Conditions()
    description: str = ""
    source: str = ""

    def items(self) -> Iterator[ChecklistItem]:
        for section in self.sections:
            yield from section.items

    def item(self, key: str) -> ChecklistItem | None:
        return next((item for item in self.items() if item.key == key), None)


def parse_due(text: str) -> timedelta:
    """`5m`, `90s`, `1h`: how long after the declaration an item is due."""
    due = parse_duration(text)
    if due is None:
        raise ValueError(f"due {text!r} is not a duration such as 5m, 90s or 1h")
    return due


def placeholder_values(incident: Incident, namespace: str = "") -> dict[str, str]:
    """What `<service>`, `<namespace>`… in a playbook become for this incident."""
    service = incident.services[0] if incident.services else ""
    return {"service": service, "deployment": service, "name": service,
            "services": ", ".join(incident.services), "namespace": namespace,
            "incident": incident.id, "severity": incident.severity, "title": incident.title}


def fill(text: str, values: dict[str, str]) -> str:
    """Replace `<namespace>`-style placeholders; unknown or empty ones stay
    visible, so a command is never silently half-filled."""
    for key, value in values.items():
        if value:
            text = text.replace(f"<{key}>", value)
    return text
