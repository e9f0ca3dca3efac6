"""Editing the war room's timeline: Enter or `e` opens an entry in the
editor, `i` adds one at a typed time, `d` deletes and `u` undoes the
deletions one by one. Writes run off the UI thread; a failed save goes back
into the editor with everything typed, and why; so does one refused because
someone else changed the entry since it was opened, with their change."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.screen import Screen

from tui import actions
from tui.actions.errors import EntryConflict, describe_write_error
from tui.model.incident import Incident
from tui.model.timeline import EntryDraft, TimelineEntry
from tui.ui.context import WarroomContext
from tui.ui.workers import run_part
from tui.widgets.timeline_pane import TimelinePane


class TimelineEditing:
    def __init__(self, host: Screen[None], context: WarroomContext,
                 publish: Callable[[str, str], None]) -> None:
        self.host = host
        self.context = context
        # From a worker: the committed record re-read and handed to the UI.
        self._publish = publish
        # Entries deleted here, newest last: u restores them one by one.
        self._deleted: list[int] = []

    def forget(self) -> None:
        """Another incident: its deletions are not this one's to undo."""
        self._deleted.clear()

    def open_entry_editor(self, incident: Incident, entry: TimelineEntry | None,
                          draft: EntryDraft | None = None, problem: str = "") -> None:
        from tui.screens.entry_editor import EntryEditor

        pane = self.host.query_one(TimelinePane)

        def save(result: EntryDraft | None) -> None:
            if result is not None:
                run_part(self.host, self._save_entry, incident, entry, result, group="store")

        self.host.app.push_screen(EntryEditor(now=self.context.clock.now(), zone=pane.zone,
                                              zone_label=pane.zone_label,
                                              started_at=incident.started_at, entry=entry,
                                              draft=draft, problem=problem), save)

    async def _save_entry(self, incident: Incident, entry: TimelineEntry | None,
                          draft: EntryDraft) -> None:
        try:
            await asyncio.to_thread(self._write_entry, incident.id, entry, draft)
        except EntryConflict as conflict:
            # Someone else's change since it opened: theirs shown, what was
            # typed kept; saving again (on their version) saves over it.
            zone = self.host.query_one(TimelinePane).zone
            self.open_entry_editor(incident, conflict.current, draft,
                                   conflict.line(self.context.clock.now(), zone))
        except Exception as error:
            # Back into the editor with everything typed, and why it failed.
            self.open_entry_editor(incident, entry, draft,
                                   f"✖ not saved: {describe_write_error(error)}")

    def _write_entry(self, incident_id: str, entry: TimelineEntry | None,
                     draft: EntryDraft) -> None:
        store = self.context.store
        if entry is None:
            actions.add_entry(store, incident_id, draft.text, draft.kind, at=draft.at,
                              author=self.context.author, starred=draft.starred)
            self._publish(incident_id, "Entry added")
            return
        actions.edit_entry(store, entry.id, text=draft.text, at=draft.at, kind=draft.kind,
                           starred=draft.starred, base=entry,
                           author=self.context.author)
        self._publish(incident_id, "Entry saved")

    def delete(self, incident_id: str, entry: TimelineEntry) -> None:
        self._deleted.append(entry.id)
        run_part(self.host, self._delete_entry, incident_id, entry.id, group="store",
                 thread=True)

    def _delete_entry(self, incident_id: str, entry_id: int) -> None:
        actions.delete_entry(self.context.store, entry_id, self.context.author)
        self._publish(incident_id, "Entry deleted: u undoes it")

    def undo(self, incident_id: str) -> None:
        if not self._deleted:
            self.host.notify("Nothing deleted to undo", timeout=3)
            return
        run_part(self.host, self._restore_entry, incident_id, self._deleted.pop(),
                 group="store", thread=True)

    def _restore_entry(self, incident_id: str, entry_id: int) -> None:
        actions.restore_entry(self.context.store, entry_id, self.context.author)
        self._publish(incident_id, "Entry restored")
