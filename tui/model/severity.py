"""Severity levels. P1–P4 by default; each level carries its meaning and the
response targets that drive the update cadence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SeverityLevel:
    key: str
    name: str
    description: str
    update_every_minutes: int
    acknowledge_within_minutes: int


DEFAULT_LEVELS: tuple[SeverityLevel, ...] = (
    SeverityLevel("P1", "Critical", "Complete outage or severe degradation for many users", 15, 5),
    SeverityLevel("P2", "High", "Major feature unavailable or degraded for many users", 30, 15),
    SeverityLevel("P3", "Medium", "Partial degradation, workaround exists", 60, 60),
    SeverityLevel("P4", "Low", "Cosmetic or minor issue, few users", 240, 240),
)


def level(key: str, levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS) -> SeverityLevel:
    for candidate in levels:
        if candidate.key == key:
            return candidate
    known = ", ".join(item.key for item in levels)
    raise ValueError(f"unknown severity {key!r} (known: {known})")
