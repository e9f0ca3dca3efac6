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


# The same ladder as most incident tools name it (SEV1 most severe).
SEV_LEVELS: tuple[SeverityLevel, ...] = tuple(
    SeverityLevel(f"SEV{rank}", item.name, item.description, item.update_every_minutes,
                  item.acknowledge_within_minutes)
    for rank, item in enumerate(DEFAULT_LEVELS, start=1))

SCHEMES: dict[str, tuple[SeverityLevel, ...]] = {"P": DEFAULT_LEVELS, "SEV": SEV_LEVELS}


def scheme(name: str) -> tuple[SeverityLevel, ...]:
    """A severity scheme by name: "P" (P1–P4, the default) or "SEV"."""
    try:
        return SCHEMES[name.upper()]
    except KeyError:
        raise ValueError(f"unknown severity scheme {name!r} (known: "
                         f"{', '.join(SCHEMES)})") from None


def level(key: str, levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS) -> SeverityLevel:
    for candidate in levels:
        if candidate.key == key:
            return candidate
    known = ", ".join(item.key for item in levels)
    raise ValueError(f"unknown severity {key!r} (known: {known})")
