"""What the war room offers for the timeline (a pod crash-looping, a new
rollout revision): shown in the suggestion bar, each offered once; `t` adds
the first to the timeline, `T` dismisses it."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from tui import actions
from tui.model.pod_signals import Suggestion
from tui.ui.context import WarroomContext
from tui.ui.workers import run_part
from tui.widgets.suggestion_bar import SuggestionBar


class Suggestions:
    def __init__(self, host: Screen[None], context: WarroomContext,
                 publish: Callable[[str, str], None]) -> None:
        self.host = host
        self.context = context
        # From a worker: the committed record re-read and handed to the UI.
        self._publish = publish
        self.pending: list[Suggestion] = []
        self._offered: set[str] = set()

    def offer(self, found: list[Suggestion]) -> None:
        fresh = [s for s in found if s.key not in self._offered]
        if fresh:
            self._offered.update(s.key for s in fresh)
            self.pending.extend(fresh)
            self._show_suggestions()

    def _show_suggestions(self) -> None:
        self.host.query_one(SuggestionBar).show(self.pending)
        self.host.refresh_bindings()

    def accept(self, incident_id: str) -> None:
        if self.pending:
            suggestion = self.pending.pop(0)
            self._show_suggestions()
            run_part(self.host, self._add_suggestion, incident_id, suggestion, group="store",
                     thread=True)

    def dismiss(self) -> None:
        if self.pending:
            self.pending.pop(0)
            self._show_suggestions()

    def _add_suggestion(self, incident_id: str, suggestion: Suggestion) -> None:
        actions.add_entry(self.context.store, incident_id, suggestion.text, suggestion.kind,
                          at=suggestion.at, author=self.context.author)
        self._publish(incident_id, "Added to the timeline")
