"""HTTP health checks, the runbooks' first step (`curl -f .../health`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class HealthCheck:
    name: str
    url: str
    expect_status: int = 200
    body_contains: str = ""
    timeout_seconds: float = 5.0


@dataclass(frozen=True)
class HealthResult:
    name: str
    ok: bool
    checked_at: datetime
    status_code: int | None = None
    latency_seconds: float | None = None
    detail: str = ""  # why it failed, in a few words
