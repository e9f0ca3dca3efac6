"""Service level objectives, and the error budget an incident spends.

An SLO names two counters, good events and all events, as plain PromQL
selectors (Pyrra's shape): `http_requests_total{service="checkout"}`.
Over the incident's window the bad events are total − good; the budget is
what the objective allows over its whole window, counted as Pyrra and
Sloth count it: 0.1 % (for 99.9 %) of the events of the 30 days that end
with the incident (of the days Prometheus holds, where it keeps less). The
share of that budget the incident's bad events used is what the room and
the review want to know."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from tui.model.incident import Incident

# metric{label="v", other=~"x|y"}: a selector increase() can take directly.
_SELECTOR = re.compile(r"^[A-Za-z_:][A-Za-z0-9_:]*\s*(\{[^{}]*\})?$")


def check_selector(text: str) -> str:
    """The selector, stripped; ValueError when it is not a plain one."""
    text = text.strip()
    if not _SELECTOR.match(text):
        raise ValueError(f"{text!r} is not a counter selector such as "
                         "http_requests_total{service=\"checkout\"}")
    return text


@dataclass(frozen=True)
class SloSpec:
    id: str
    service: str
    objective: float  # the share of good events, 0.999
    window_days: int
    good: str
    total: str

    @property
    def window_seconds(self) -> int:
        return self.window_days * 86400

    def describe(self) -> str:
        """`checkout 99.9 %/30d`"""
        return f"{self.service or self.id} {self.objective * 100:g}%/{self.window_days}d"

    def events_query(self, selector: str, seconds: int) -> str:
        """How many events the counter counted in the last `seconds`."""
        return f"sum(increase({selector}[{max(seconds, 60)}s]))"

    def window_total_query(self) -> str:
        """All events over the SLO's window."""
        return self.events_query(self.total, self.window_seconds)


@dataclass(frozen=True)
class SloEvents:
    """What was counted for one SLO over an incident's window."""

    slo_id: str
    start: datetime
    end: datetime
    good: float
    total: float
    # All events over the SLO's window ending at `end`: sizes the budget.
    window_total: float
    measured_at: datetime
    source: str  # who counted them: "prometheus" or "demo"


@dataclass(frozen=True)
class SloImpact:
    spec: SloSpec
    events: SloEvents

    @property
    def bad(self) -> float:
        return max(0.0, self.events.total - self.events.good)

    @property
    def allowed_bad(self) -> float:
        """The bad events the objective allows over its whole window."""
        return (1 - self.spec.objective) * self.events.window_total

    @property
    def budget_used(self) -> float | None:
        """The share of the window's error budget the incident spent
        (0.25 is a quarter; over 1 is more than the whole budget), or None
        when there was no traffic to size a budget by."""
        allowed = self.allowed_bad
        return self.bad / allowed if allowed > 0 else None

    @property
    def good_share(self) -> float | None:
        """Availability during the incident."""
        return self.events.good / self.events.total if self.events.total > 0 else None

    def headline(self) -> str:
        """`checkout 99.9%/30d: 6.9% of budget`: the header's words."""
        used = self.budget_used
        spent = "no traffic" if used is None else f"{_percent(used)} of budget"
        return f"{self.spec.describe()}: {spent}"

    def sentence(self) -> str:
        """The post-mortem's line."""
        used, share = self.budget_used, self.good_share
        if used is None or share is None:
            return (f"{self.spec.describe()}: no traffic counted between "
                    f"{self.events.start:%H:%MZ} and {self.events.end:%H:%MZ}.")
        start, end = self.events.start, self.events.end
        return (f"{self.spec.describe()}: {_count(self.bad)} bad of {_count(self.events.total)} "
                f"events ({_percent(1 - share)} failed) between {start:%Y-%m-%d %H:%MZ} and "
                f"{end:%H:%MZ}; the {self.spec.window_days}-day budget allows "
                f"{_count(self.allowed_bad)}, so the incident spent {_percent(used)} of it "
                f"({self.events.source}, measured {self.events.measured_at:%H:%MZ}).")


def _percent(share: float) -> str:
    value = share * 100
    return f"{value:.1f}%" if value < 100 else f"{value:,.0f}%"


def _count(value: float) -> str:
    return f"{value:,.0f}"


def window_end(incident: Incident, now: datetime) -> datetime:
    """Where the incident's window for the budget ends: now while it is
    open, when it ended after."""
    return now if incident.status.is_open else incident.ended_at or now
