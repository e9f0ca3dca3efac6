"""Rollout history of the deployments in view: every ReplicaSet a
Deployment made is one revision, with its images and when it was created.
Every runbook asks first which deploy came last."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True)
class Revision:
    cluster: str
    namespace: str
    deployment: str
    revision: int
    replicaset: str
    images: tuple[str, ...]
    created_at: datetime | None
    replicas: int = 0
    ready: int = 0
    change_cause: str = ""

    @property
    def deployment_key(self) -> str:
        return f"{self.cluster}/{self.namespace}/{self.deployment}"


class Progress(StrEnum):
    COMPLETE = "complete"
    ROLLING = "rolling"  # pods of the new revision still coming up
    STALLED = "stalled"  # the Deployment gave up: ProgressDeadlineExceeded


@dataclass(frozen=True)
class DeploymentState:
    """Where a Deployment's current rollout stands, from its status."""

    cluster: str
    namespace: str
    deployment: str
    desired: int
    updated: int
    ready: int
    available: int
    # The Progressing condition's reason and message, when it is False.
    stalled_reason: str = ""
    stalled_message: str = ""

    @property
    def deployment_key(self) -> str:
        return f"{self.cluster}/{self.namespace}/{self.deployment}"

    @property
    def progress(self) -> Progress:
        if self.stalled_reason:
            return Progress.STALLED
        if self.updated < self.desired or self.available < self.desired:
            return Progress.ROLLING
        return Progress.COMPLETE

    def describe(self) -> str:
        """`rolling 2/4 updated`, `stalled: ProgressDeadlineExceeded`, ``."""
        progress = self.progress
        if progress is Progress.STALLED:
            return f"stalled: {self.stalled_reason}"
        if progress is Progress.ROLLING:
            return f"rolling {self.updated}/{self.desired} updated"
        return ""


@dataclass(frozen=True)
class RolloutHistory:
    revisions: tuple[Revision, ...]
    problem: str = ""  # why some or all of the history is missing
    deployments: tuple[DeploymentState, ...] = ()

    def state_of(self, deployment_key: str) -> DeploymentState | None:
        return next((state for state in self.deployments
                     if state.deployment_key == deployment_key), None)


def revisions_newest_first(revisions: Iterable[Revision]) -> tuple[Revision, ...]:
    """Deployments changed most recently first, each with its revisions
    newest first. Within a deployment the revision orders the changes, not
    the creation time: a rollback re-labels an old ReplicaSet with a new
    revision number."""
    revisions = list(revisions)
    changed: dict[str, float] = {}
    for revision in revisions:
        created = revision.created_at.timestamp() if revision.created_at else 0.0
        changed[revision.deployment_key] = max(changed.get(revision.deployment_key, 0.0),
                                               created)
    return tuple(sorted(revisions, key=lambda r: (-changed[r.deployment_key],
                                                  r.deployment_key, -r.revision)))


def is_rollback(revision: Revision, revisions: Iterable[Revision]) -> bool:
    """A revision whose ReplicaSet is older than an earlier revision's: an
    old template brought back (`kubectl rollout undo`)."""
    if revision.created_at is None:
        return False
    return any(other.deployment_key == revision.deployment_key
               and other.revision < revision.revision and other.created_at is not None
               and other.created_at > revision.created_at for other in revisions)


def current(revisions: Iterable[Revision]) -> dict[str, Revision]:
    """Each deployment's highest revision."""
    latest: dict[str, Revision] = {}
    for revision in revisions:
        known = latest.get(revision.deployment_key)
        if known is None or revision.revision > known.revision:
            latest[revision.deployment_key] = revision
    return latest


def new_revisions(before: RolloutHistory, after: RolloutHistory) -> list[Revision]:
    """Deployments whose current revision moved on between two fetches, and
    deployments created since, when the earlier fetch saw everything."""
    old = current(before.revisions)
    complete = not before.problem
    return [revision for key, revision in sorted(current(after.revisions).items())
            if (key in old and revision.revision > old[key].revision)
            or (key not in old and complete)]


def newly_stalled(before: RolloutHistory, after: RolloutHistory) -> list[DeploymentState]:
    """Deployments whose rollout stalled between two fetches."""
    was = {state.deployment_key for state in before.deployments
           if state.progress is Progress.STALLED}
    return [state for state in after.deployments
            if state.progress is Progress.STALLED and state.deployment_key not in was]
