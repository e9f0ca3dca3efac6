"""The war room's workbench: the tabs below the live panes (timeline,
checklist, composer, rollouts, follow-ups, contacts). Its room is kept from
the first frame; what fills it is mounted once the header and the live panes
are on screen (`fill`), so nothing below the header moves when it comes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, TabbedContent, TabPane

from tui.model.contacts import Roster
from tui.model.playbook import Playbook
from tui.model.record import IncidentRecord
from tui.model.timeline import TimelineEntry
from tui.widgets.action_items_pane import ActionItemsPane
from tui.widgets.checklist_pane import ChecklistPane
from tui.widgets.composer_pane import ComposerPane
from tui.widgets.contacts_pane import ContactsPane
from tui.widgets.rollouts_pane import RolloutsPane
from tui.widgets.timeline_pane import TimelinePane


class Workbench(Vertical):
    DEFAULT_CSS = """
    Workbench #rollouts-problem { color: $warning; text-style: bold; }
    """

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

    @property
    def active(self) -> str:
        """The tab in view ("" until filled)."""
        return self.parts[0].active if self.parts is not None else ""

    def zone(self) -> tuple[tzinfo, str]:
        """The zone the timeline shows times in: typed times are read in it."""
        if self.parts is not None:
            timeline = self.parts[1]
            return timeline.zone, timeline.zone_label
        return UTC, "UTC"

    def show_tab(self, tab: str) -> None:
        if self.parts is not None:
            self.parts[0].active = tab

    def show_record(self, tab: str, record: IncidentRecord, playbooks: list[Playbook],
                    values: Callable[[], dict[str, str]], now: datetime, zone: tzinfo,
                    show_composer: Callable[[], None]) -> None:
        """The record in one tab, or (no tab) in all. Nothing until filled:
        a record read before that is shown once it is."""
        if self.parts is None:
            return
        if tab in ("", "timeline"):
            self.parts[1].show(record.entries)
        if tab in ("", "composer"):
            show_composer()
        if tab in ("", "checklist"):
            self.parts[2].show(record, playbooks, values(), now, zone)
        if tab in ("", "actions"):
            for actions in self.query(ActionItemsPane):
                actions.show(record.actions, now.date())

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
