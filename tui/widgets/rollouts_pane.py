"""Rollout history of the deployments in view: which deploy came last."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import DataTable

from tui.model.rollouts import Progress, Revision, RolloutHistory, current, is_rollback
from tui.model.timefmt import clock_and_age, format_age


class RolloutsPane(DataTable[Text]):
    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        "rollouts-pane--current", "rollouts-pane--muted", "rollouts-pane--problem",
        "rollouts-pane--rolling",
    }
    DEFAULT_CSS = """
    RolloutsPane > .rollouts-pane--current { color: $text; text-style: bold; }
    RolloutsPane > .rollouts-pane--muted { color: $text-muted; }
    RolloutsPane > .rollouts-pane--problem { color: $error; text-style: bold; }
    RolloutsPane > .rollouts-pane--rolling { color: $warning; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self.history: RolloutHistory | None = None

    def on_mount(self) -> None:
        for column in ("DEPLOYMENT", "REV", "CREATED", "IMAGE", "READY", "CHANGE CAUSE"):
            self.add_column(column, key=column)

    def show(self, history: RolloutHistory, now: datetime) -> None:
        self.history = history
        current_style = self.get_component_rich_style("rollouts-pane--current")
        muted = self.get_component_rich_style("rollouts-pane--muted")
        latest = {revision.replicaset for revision in current(history.revisions).values()}
        clusters = {revision.cluster for revision in history.revisions}
        self.clear()
        for revision in history.revisions:
            live = revision.replicaset in latest
            style = current_style if live else muted
            where = f"{revision.namespace}/{revision.deployment}"
            if len(clusters) > 1:
                where = f"{revision.cluster}:{where}"
            created = "?"
            if revision.created_at is not None:
                age = now - revision.created_at
                # The time of day only where it is today's news.
                created = (clock_and_age(revision.created_at, now) if age.days < 1
                           else f"{format_age(age)} ago")
            cause = revision.change_cause
            if is_rollback(revision, history.revisions):
                cause = f"rollback · {cause}" if cause else "rollback"
            self.add_row(
                Text(("▶ " if live else "  ") + where, style=style),
                Text(str(revision.revision), style=style),
                Text(created),
                Text(", ".join(revision.images), no_wrap=True, overflow="ellipsis"),
                self._ready(revision, live, history),
                Text(cause, no_wrap=True, overflow="ellipsis", style=muted),
                key=f"{revision.cluster}/{revision.namespace}/{revision.replicaset}")
        if not history.revisions and not history.problem:
            self.add_row(Text("no deployments in view", style=muted),
                         *(Text("") for _ in range(5)))

    def _ready(self, revision: Revision, live: bool, history: RolloutHistory) -> Text:
        """Ready pods of the revision; on the current one, where its
        Deployment's rollout stands (a stalled rollout in the problem colour)."""
        muted = self.get_component_rich_style("rollouts-pane--muted")
        text = Text(f"{revision.ready}/{revision.replicas}", style="" if live else muted)
        state = history.state_of(revision.deployment_key) if live else None
        if state is not None and state.progress is not Progress.COMPLETE:
            stalled = state.progress is Progress.STALLED
            mark = "✖" if stalled else "◌"
            style = "rollouts-pane--problem" if stalled else "rollouts-pane--rolling"
            text.append(f" {mark} {state.describe()}", style=self.get_component_rich_style(style))
        return text
