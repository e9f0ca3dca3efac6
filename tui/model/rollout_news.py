"""What a new rollout history tells the timeline: each revision rolled out
and each rollout newly stalled since the last look, offered once."""

from __future__ import annotations

from datetime import datetime

from tui.model.pod_signals import Suggestion
from tui.model.rollouts import RolloutHistory, new_revisions, newly_stalled
from tui.model.timeline import EntryKind


class RolloutWatch:
    """The last history seen; the first one is the baseline, not news."""

    def __init__(self) -> None:
        self.last: RolloutHistory | None = None

    def reset(self) -> None:
        """Another cluster's deployments are not news: a new baseline."""
        self.last = None

    def observe(self, history: RolloutHistory, now: datetime) -> list[Suggestion]:
        previous, self.last = self.last, history
        if previous is None:
            return []
        fresh = []
        for revision in new_revisions(previous, history):
            images = ", ".join(revision.images)
            cause = f"; {revision.change_cause}" if revision.change_cause else ""
            fresh.append(Suggestion(
                f"rollout/{revision.deployment_key}/{revision.revision}", now,
                EntryKind.DEPLOY,
                f"Deployment {revision.namespace}/{revision.deployment} rolled out "
                f"revision {revision.revision} ({images}{cause})"))
        for state in newly_stalled(previous, history):
            why = f" ({state.stalled_message})" if state.stalled_message else ""
            fresh.append(Suggestion(
                f"stalled/{state.deployment_key}/{now.isoformat()}", now, EntryKind.DEPLOY,
                f"Deployment {state.namespace}/{state.deployment} rollout stalled: "
                f"{state.stalled_reason}, {state.updated}/{state.desired} updated{why}"))
        return fresh
