"""The war room's record kept current from elsewhere, at each live refresh:
the demo story's steps as the replay reaches them, and what another Warroom
on the same database file (a second laptop in the war room) committed."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from datetime import datetime

from textual.screen import Screen

from tui.actions import describe_write_error, store_unreachable
from tui.model.record import IncidentRecord
from tui.screens.messages import RecordChanged
from tui.ui.context import WarroomContext
from tui.ui.toast_once import ToastOnce
from tui.ui.workers import run_part
from tui.widgets.incident_header import IncidentHeader


class RecordSync:
    def __init__(self, host: Screen[None], context: WarroomContext, toast_once: ToastOnce, *,
                 take_record: Callable[[IncidentRecord], None]) -> None:
        self.host = host
        self.context = context
        self.toast_once = toast_once
        # Shows a record read here, if it is still the screen's incident.
        self._take_record = take_record
        # SQLite's count of commits by other connections: another Warroom
        # on the same file (a second laptop in the war room) changed the record.
        self._data_version: int | None = None
        self._incident_id = context.incident.id
        # The reads pushed changes started, one at a time, held until done
        # (asyncio keeps none); `_again`: a change came while one was reading.
        self._pushed: asyncio.Future[None] | None = None
        self._watching = False
        self._again = False

    async def play_story(self, incident_id: str, now: datetime) -> None:
        """The demo story's steps the replay has reached, written through the
        store (once, whichever war room gets there first). Another war
        room's steps arrive through `follow_other_writers`."""
        story = self.context.story
        assert story is not None
        try:
            applied = await asyncio.to_thread(self.context.store.play_story, story, now)
        except Exception as error:  # a locked file: the next refresh plays it
            if store_unreachable(error):
                return  # the header says so
            self.toast_once.notify(self.host, f"Demo step not stored yet: "
                                   f"{describe_write_error(error)}", severity="warning",
                                   timeout=5)
            return
        if applied and incident_id == story.incident_id:
            self.read(incident_id)

    def read(self, incident_id: str) -> None:
        """The record read again in a worker (RecordChanged), and shown."""
        run_part(self.host, self._read, incident_id, group="store", thread=True)

    def _read(self, incident_id: str) -> None:
        self.host.post_message(RecordChanged(self.context.store.record(incident_id), ""))

    async def follow_other_writers(self, incident_id: str) -> None:
        store = self.context.store
        self._incident_id = incident_id
        if not self._watching:  # on PostgreSQL, woken at once by a change too
            self._watching = True
            loop, app = asyncio.get_running_loop(), contextvars.copy_context()  # active_app
            store.watch(lambda: self._incident_id,
                        lambda: loop.call_soon_threadsafe(self._wake, context=app))

        def read() -> tuple[int, IncidentRecord | None, tuple[str, ...]]:
            present = store.presence.here(incident_id, self.context.author)
            version = store.data_version()
            if version == self._data_version:
                return version, None, present
            return version, store.record(incident_id), present

        first = self._data_version is None
        try:
            version, record, present = await asyncio.to_thread(read)
        except Exception as error:
            if not store_unreachable(error):
                raise
            return  # the header says so (StoreLinkWatch); the next refresh tries again
        self._data_version = version
        for header in self.host.query(IncidentHeader):  # who else is in the room
            header.present = present
        if record is not None and not first:
            self._take_record(record)

    def _wake(self) -> None:
        """A burst of pushed changes (ten consoles typing) is one read under
        way and at most one after it, not a whole record read per change."""
        self._again = True
        if self._pushed is None or self._pushed.done():
            self._pushed = asyncio.ensure_future(self._follow_pushed())

    async def _follow_pushed(self) -> None:
        while self._again:
            self._again = False
            await self.follow_other_writers(self._incident_id)
