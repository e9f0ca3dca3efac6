"""The war room's word on the store's link: at each tick of its clock, what
the store's connections last found (no statement is run, nothing waits on
the network), shown in the header; and once the store is back, the notes
kept meanwhile saved and the record read again, so that the screen
catches up with what the other consoles wrote."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.model.store_link import NORMAL
from tui.widgets.incident_header import IncidentHeader

if TYPE_CHECKING:
    from tui.screens.warroom import WarroomScreen


class StoreLinkWatch:
    def __init__(self, host: WarroomScreen) -> None:
        self.host = host
        self._shown = NORMAL

    def tick(self) -> None:
        link = self.host.context.store.link()
        if link == self._shown:
            return
        was_down, self._shown = self._shown.down, link
        for header in self.host.query(IncidentHeader):
            header.link = link
        if was_down and not link.down:
            self._back()

    def _back(self) -> None:
        host = self.host
        # The notes' own retry may be 30 s away: they go now, in the order typed.
        if host.note_saving.start():
            host.note_saving.show_pending()
        host.record_sync.read(host.incident.id)
