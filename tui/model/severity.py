"""Severity levels. P1–P4 by default; each level carries its meaning, the
update cadence and its response targets (acknowledge, resolve)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tui.model.targets import ResponseTargets, default_targets


@dataclass(frozen=True)
class SeverityLevel:
    key: str
    name: str
    description: str
    update_every_minutes: int
    targets: ResponseTargets


DEFAULT_LEVELS: tuple[SeverityLevel, ...] = tuple(
    SeverityLevel(key, name, description, every, default_targets(rank))
    for rank, (key, name, description, every) in enumerate((
        ("P1", "Critical", "Complete outage or severe degradation for many users", 15),
        ("P2", "High", "Major feature unavailable or degraded for many users", 30),
        ("P3", "Medium", "Partial degradation, workaround exists", 60),
        ("P4", "Low", "Cosmetic or minor issue, few users", 240),
    )))


# The same ladder as most incident tools name it (SEV1 most severe).
SEV_LEVELS: tuple[SeverityLevel, ...] = tuple(
    replace(item, key=f"SEV{rank}") for rank, item in enumerate(DEFAULT_LEVELS, start=1))

SCHEMES: dict[str, tuple[SeverityLevel, ...]] = {"P": DEFAULT_LEVELS, "SEV": SEV_LEVELS}


def scheme(name: str) -> tuple[SeverityLevel, ...]:
    """A severity scheme by name: "P" (P1–P4, the default) or "SEV"."""
    try:
        return SCHEMES[name.upper()]
    except KeyError:
        raise ValueError(f"unknown severity scheme {name!r} (known: "
                         f"{', '.join(SCHEMES)})") from None


def level(key: str, levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS) -> SeverityLevel:
    """The level named `key`. A record made under another scheme (P2 read
    with SEV1–SEV4 configured) keeps its key and takes the meaning of the
    level of the same rank, so changing the scheme never breaks old incidents."""
    for candidate in levels:
        if candidate.key == key:
            return candidate
    rank = re.fullmatch(r"[A-Za-z]*\s*([0-9]+)", key.strip())
    if rank and 1 <= int(rank[1]) <= len(levels):
        return replace(levels[int(rank[1]) - 1], key=key)
    known = ", ".join(item.key for item in levels)
    raise ValueError(f"unknown severity {key!r} (known: {known})")


def describe_targets(item: SeverityLevel) -> str:
    """The response targets of a level, as the declare dialog says them."""
    return (f"acknowledge within {item.targets.acknowledge.describe()}, "
            f"resolve within {item.targets.resolve.describe()}, "
            f"status update every {_minutes(item.update_every_minutes)}")


def _minutes(value: int) -> str:
    if value % 60 == 0:
        hours = value // 60
        return "1 hour" if hours == 1 else f"{hours} hours"
    return f"{value} min"
