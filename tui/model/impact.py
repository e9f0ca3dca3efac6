"""The impact helper: how many users, and how badly, propose a severity
level, as the runbooks' impact matrix does."""

from __future__ import annotations

from enum import StrEnum

from tui.model.severity import SeverityLevel


class Scope(StrEnum):
    FEW = "under 100 users"
    SOME = "100–1000 users"
    MANY = "over 1000 users"


class ImpactKind(StrEnum):
    OUTAGE = "complete outage"
    FEATURE = "feature unavailable"
    DEGRADED = "degraded performance"
    COSMETIC = "cosmetic"


# Rank 0 is the most severe level of the scheme (P1 / SEV1).
_RANK = {
    ImpactKind.OUTAGE: {Scope.MANY: 0, Scope.SOME: 0, Scope.FEW: 1},
    ImpactKind.FEATURE: {Scope.MANY: 1, Scope.SOME: 1, Scope.FEW: 2},
    ImpactKind.DEGRADED: {Scope.MANY: 1, Scope.SOME: 2, Scope.FEW: 2},
    ImpactKind.COSMETIC: {Scope.MANY: 3, Scope.SOME: 3, Scope.FEW: 3},
}


def propose_severity(scope: Scope, kind: ImpactKind,
                     levels: tuple[SeverityLevel, ...]) -> SeverityLevel:
    """The level the matrix proposes, in the scheme in use (most severe
    first); a scheme with fewer levels gets its least severe one."""
    return levels[min(_RANK[kind][scope], len(levels) - 1)]


def impact_summary(scope: Scope, kind: ImpactKind) -> str:
    """The customer-impact line the helper fills in: `Degraded performance
    for 100–1000 users`."""
    return f"{kind.value.capitalize()} for {scope.value}"
