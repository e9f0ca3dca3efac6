"""The war room's workbench: the tabs below the live panes (timeline,
checklist, composer, rollouts, follow-ups, contacts). Its room is kept from
the first frame; what fills it is mounted once the header and the live panes
are on screen (`fill`), so nothing below the header moves when it comes:
the tab bar and the timeline first, what the other tabs hold once the
whole room is painted (`fill_rest`; hidden, nothing moves then either)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
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
        self._tabs: TabbedContent | None = None
        self._timeline: TimelinePane | None = None
        # Found once filled, for the clock's tick: the tabs, the timeline
        # (its zone) and the checklist.
        self.parts: tuple[TabbedContent, TimelinePane, ChecklistPane] | None = None
        self._roster = (Roster(), "")

    async def fill(self, entries: list[TimelineEntry], roster: Roster,
                   roster_problem: str) -> None:
        """The tab bar and the timeline: what the first look needs."""
        self._roster = (roster, roster_problem)
        await self.mount_compose(self._tabs_of(entries))
        self._tabs, self._timeline = self.query_one(TabbedContent), self.query_one(TimelinePane)

    async def fill_rest(self, show: Callable[[str], None]) -> None:
        """What the other tabs hold: five panes mounted in the first frame
        made the whole room paint later, and they are hidden until asked for.
        `show(tab)`: the record in a tab asked for before it was filled."""
        if self.parts is not None or self._tabs is None or self._timeline is None:
            return
        roster, roster_problem = self._roster
        panes: dict[str, list[Widget]] = {
            "checklist": [ChecklistPane(id="checklist-pane")],
            "composer": [ComposerPane(id="composer-pane")],
            "rollouts": [Static("", id="rollouts-problem"), RolloutsPane(id="rollouts-table")],
            "actions": [ActionItemsPane(id="actions-pane")],
            "contacts": [ContactsPane(roster, id="contacts-pane", problem=roster_problem)],
        }
        for tab, widgets in panes.items():
            if not self.is_attached:
                return  # the room went meanwhile (quit, another incident opened)
            await self._tabs.get_pane(tab).mount_all(widgets)
        checklist = self.query(ChecklistPane)
        if not self.is_attached or not checklist:
            return
        self.parts = (self._tabs, self._timeline, checklist.first())
        if self._tabs.active != "timeline":
            show(self._tabs.active)

    @property
    def active(self) -> str:
        """The tab in view ("" until filled)."""
        return self._tabs.active if self._tabs is not None else ""

    def zone(self) -> tuple[tzinfo, str]:
        """The zone the timeline shows times in: typed times are read in it."""
        if self._timeline is not None:
            return self._timeline.zone, self._timeline.zone_label
        return UTC, "UTC"

    def show_tab(self, tab: str) -> None:
        if self._tabs is not None:
            self._tabs.active = tab

    def show_record(self, tab: str, record: IncidentRecord, playbooks: list[Playbook],
                    values: Callable[[], dict[str, str]], now: datetime, zone: tzinfo,
                    show_composer: Callable[[], None]) -> None:
        """The record in one tab, or (no tab) in all. Nothing until filled:
        a record read before that is shown once it is."""
        if self._timeline is not None and tab in ("", "timeline"):
            self._timeline.show(record.entries)
        if self.parts is None:
            return
        if tab in ("", "composer"):
            show_composer()
        if tab in ("", "checklist"):
            self.parts[2].show(record, playbooks, values(), now, zone)
        if tab in ("", "actions"):
            for actions in self.query(ActionItemsPane):
                actions.show(record.actions, now.date())

    @staticmethod
    def _tabs_of(entries: list[TimelineEntry]) -> ComposeResult:
        with TabbedContent(initial="timeline"):
            with TabPane("Timeline", id="timeline"):
                yield TimelinePane(entries)
            for title, tab in (("Checklist", "checklist"), ("Composer", "composer"),
                               ("Rollouts", "rollouts"), ("Follow-ups", "actions"),
                               ("Contacts", "contacts")):
                yield TabPane(title, id=tab)
