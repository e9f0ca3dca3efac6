"""The war room's workbench: the tabs below the live panes (timeline,
checklist, composer, rollouts, follow-ups, contacts). Its room is kept from
the first frame; what fills it is mounted once the header and the live panes
are on screen (`fill`), so nothing below the header moves when it comes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, TabbedContent, TabPane

from tui.model.contacts import Roster
from tui.model.timeline import TimelineEntry
from tui.widgets.action_items_pane import ActionItemsPane
from tui.widgets.checklist_pane import ChecklistPane
from tui.widgets.composer_pane import ComposerPane
from tui.widgets.contacts_pane import ContactsPane
from tui.widgets.rollouts_pane import RolloutsPane
from tui.widgets.timeline_pane import TimelinePane


class Workbench(Vertical):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # Found once filled, for the clock's tick: the tabs, the timeline
        # (its zone) and the checklist.
        self.parts: tuple[TabbedContent, TimelinePane, ChecklistPane] | None = None

    async def fill(self, entries: list[TimelineEntry], roster: Roster,
                   roster_problem: str) -> None:
        await self.mount_compose(self._tabs(entries, roster, roster_problem))
        self.parts = (self.query_one(TabbedContent), self.query_one(TimelinePane),
                      self.query_one(ChecklistPane))

    @staticmethod
    def _tabs(entries: list[TimelineEntry], roster: Roster, roster_problem: str
              ) -> ComposeResult:
        with TabbedContent(initial="timeline"):
            with TabPane("Timeline", id="timeline"):
                yield TimelinePane(entries)
            with TabPane("Checklist", id="checklist"):
                yield ChecklistPane(id="checklist-pane")
            with TabPane("Composer", id="composer"):
                yield ComposerPane(id="composer-pane")
            with TabPane("Rollouts", id="rollouts"):
                yield Static("", id="rollouts-problem")
                yield RolloutsPane(id="rollouts-table")
            with TabPane("Follow-ups", id="actions"):
                yield ActionItemsPane(id="actions-pane")
            with TabPane("Contacts", id="contacts"):
                yield ContactsPane(roster, id="contacts-pane", problem=roster_problem)
