"""Pod rows as k9s and `kubectl get pods` show them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cached_property


class Health(StrEnum):
    """How a row is coloured; also shown as a word for colour-blind readers."""

    OK = "ok"
    PENDING = "pending"
    FAILING = "failing"
    COMPLETED = "completed"
    TERMINATING = "terminating"


# Reasons that mean the pod is failing even though its phase may say Running.
FAILING_REASONS = frozenset(
    {
        "CrashLoopBackOff",
        "Error",
        "OOMKilled",
        "ImagePullBackOff",
        "ErrImagePull",
        "InvalidImageName",
        "CreateContainerConfigError",
        "CreateContainerError",
        "RunContainerError",
        "Evicted",
        "Failed",
        "Unknown",
        "NodeLost",
        "ContainerStatusUnknown",
        # kubectl's word for a pod with a finished container beside a
        # running one while the pod is not Ready: it serves no traffic.
        "NotReady",
    }
)
# SchedulingGated: the scheduler waits for the pod's gates to be removed.
PENDING_REASONS = frozenset({"Pending", "ContainerCreating", "PodInitializing",
                             "SchedulingGated"})
# How kubectl words a container that exited without a reason.
EXIT_PREFIXES = ("Signal:", "ExitCode:")


# Worst first, as on-call engineers triage.
HEALTH_ORDER = {Health.FAILING: 0, Health.PENDING: 1, Health.TERMINATING: 2, Health.OK: 3,
                Health.COMPLETED: 4}


@dataclass(frozen=True)
class PodRow:
    cluster: str
    namespace: str
    name: str
    ready: int
    containers: int
    status: str
    restarts: int
    last_restart_at: datetime | None
    created_at: datetime | None
    node: str
    ip: str = ""
    qos: str = ""
    last_reason: str = ""
    last_exit_code: int | None = None

    @cached_property  # the pane diffs 10k pods by key at each refresh
    def key(self) -> str:
        return f"{self.cluster}/{self.namespace}/{self.name}"

    @property
    def last_termination(self) -> str:
        """`OOMKilled (137)`: why the last container run ended, and its code."""
        if not self.last_reason and self.last_exit_code is None:
            return ""
        code = f" ({self.last_exit_code})" if self.last_exit_code is not None else ""
        return f"{self.last_reason or 'exit'}{code}"

    @cached_property  # the `/` filter searches it for every pod at each keystroke
    def search_text(self) -> str:
        return f"{self.cluster} {self.namespace}/{self.name} {self.status} {self.node}"

    # Sort keys, each in the order that puts what matters in an incident
    # first. Cached: an unchanged pod keeps its row object from refresh to
    # refresh, and building 50k key tuples took most of a sort's time.
    @cached_property
    def by_status(self) -> tuple[int, str, str, str]:
        return (HEALTH_ORDER[self.health], self.status, self.namespace, self.name)

    @cached_property
    def by_name(self) -> tuple[str, str, str]:
        return (self.name, self.namespace, self.cluster)

    @cached_property
    def by_restarts(self) -> tuple[int, str, str]:
        return (-self.restarts, self.namespace, self.name)

    @cached_property
    def by_age(self) -> tuple[bool, float, str, str]:
        """Youngest first; pods without a creation time last."""
        created = self.created_at
        return (created is None, -(created.timestamp() if created else 0.0),
                self.namespace, self.name)

    @cached_property  # asked several times per pod per refresh; 10k pods add up
    def health(self) -> Health:
        if self.status == "Terminating":
            return Health.TERMINATING
        if self.status == "Completed":
            return Health.COMPLETED
        if self.status.startswith("Init:"):
            # "Init:1/2" is still starting; "Init:CrashLoopBackOff" is not.
            reason = self.status.removeprefix("Init:")
            failed = reason in FAILING_REASONS or reason.startswith(EXIT_PREFIXES)
            return Health.FAILING if failed else Health.PENDING
        if self.status in FAILING_REASONS or self.status.startswith(EXIT_PREFIXES):
            return Health.FAILING
        if self.status in PENDING_REASONS:
            return Health.PENDING
        if self.status == "Running" and self.ready < self.containers:
            return Health.FAILING
        return Health.OK


@dataclass(frozen=True)
class PodSnapshot:
    """Every pod in view at one moment. `synced` is False until the first list
    has arrived, so the pane can say "syncing…" rather than "no pods"."""

    rows: tuple[PodRow, ...]
    as_of: datetime
    synced: bool = True
    # The latest failure of a list or watch, shown on one line; the rows
    # are then the last known ones, stale since `stale_since`.
    problem: str = ""
    stale_since: datetime | None = None
    # Contexts in view: a CLUSTER column is shown when there are several.
    clusters: tuple[str, ...] = ()
    # Namespaces watched, () for all; None where the source has no such
    # notion (the demo recording).
    namespaces: tuple[str, ...] | None = None
    # While not synced: how many pods the lists in progress have brought so
    # far, so that a big cluster shows progress rather than a still line.
    listed: int = 0


@dataclass(frozen=True)
class PodSummary:
    total: int
    running: int
    pending: int
    failing: int
    restarted_recently: int


# "restarted in 15m", as the pods pane counts them.
RECENT_RESTART_SECONDS = 900


def summarize(snapshot: PodSnapshot, now: datetime,
              recent_seconds: int = RECENT_RESTART_SECONDS) -> PodSummary:
    rows = snapshot.rows
    since = now - timedelta(seconds=recent_seconds)
    recent = sum(1 for row in rows
                 if row.last_restart_at is not None and row.last_restart_at >= since)
    health = Counter(row.health for row in rows)
    return PodSummary(
        total=len(rows),
        running=health[Health.OK],
        pending=health[Health.PENDING],
        failing=health[Health.FAILING],
        restarted_recently=recent,
    )
