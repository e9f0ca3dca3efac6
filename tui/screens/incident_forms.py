"""Declaring, editing and opening incidents from the war room: `D` and `E`
open the incident form, `m` the status and milestones, `o` (and Enter on a
look-alike) another incident. Writes run off the UI thread; a failed save
goes back into the form with everything typed, and why (with someone
else's change when they changed a field typed in meanwhile); a declared or
opened incident is handed to the screen (`switch_to`) on the UI loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import tzinfo

from textual.screen import Screen

from tui import actions
from tui.actions.errors import RecordConflict
from tui.model.incident import Incident, IncidentDraft, LifecycleChange, Status
from tui.model.record import IncidentRecord
from tui.screens.failures import OPEN_FAILED
from tui.sources import describe_error
from tui.ui.context import WarroomContext
from tui.ui.workers import run_part


class IncidentForms:
    def __init__(self, host: Screen[None], context: WarroomContext, *,
                 publish: Callable[[str, str], None],
                 offer_playbooks: Callable[[Incident | None, Incident], None],
                 zone: Callable[[], tuple[tzinfo, str]],
                 switch_to: Callable[[IncidentRecord, str], None]) -> None:
        self.host = host
        self.context = context
        # From a worker: the committed record re-read and handed to the UI.
        self._publish = publish
        # From a worker: the playbooks a change made apply, proposed.
        self.offer_playbooks = offer_playbooks
        # The zone the timeline shows times in: typed times are read in it.
        self._zone = zone
        self._switch_to = switch_to

    def open_incident_form(self, incident: Incident | None, draft: IncidentDraft | None = None,
                           problem: str = "") -> None:
        from tui.screens.incident_form import IncidentForm

        zone, zone_label = self._zone()
        store = self.context.store

        def saved(result: IncidentDraft | None) -> None:
            if result is not None:
                run_part(self.host, self._save_incident, incident, result, group="incident",
                         failure=OPEN_FAILED)

        self.host.app.push_screen(IncidentForm(levels=self.context.severity_levels,
                                               now=self.context.clock.now(), zone=zone,
                                               zone_label=zone_label, incident=incident,
                                               draft=draft, problem=problem,
                                               roster=self.context.roster,
                                               look_alikes=store.incidents.look_alikes,
                                               open_incident=self.open_incident), saved)

    async def _save_incident(self, incident: Incident | None, draft: IncidentDraft) -> None:
        store = self.context.store

        def write() -> Incident:
            if incident is None:
                return actions.declare(store, draft, self.context.author)
            return actions.update_record(store, incident.id, draft, self.context.author,
                                         base=incident)

        try:
            saved = await asyncio.to_thread(write)
        except RecordConflict as conflict:
            # A field typed in was changed by someone else since the form
            # opened: theirs said, the typed values kept (the others as they
            # are now); saving again (on their record) saves over it.
            self.open_incident_form(conflict.current, conflict.merged, conflict.line(
                self.context.clock.now(), self._zone()[0]))
            return
        except Exception as error:
            # Back into the form with everything typed, and why it failed.
            self.open_incident_form(incident, draft, f"✖ not saved: {describe_error(error)}")
            return
        if incident is None:
            await self._load_incident(saved.id, f"Declared {saved.id}")
        else:
            await asyncio.to_thread(self._publish, incident.id, "Incident updated")
        await asyncio.to_thread(self.offer_playbooks, incident, saved)

    def open_lifecycle(self, incident: Incident) -> None:
        from tui.screens.lifecycle import LifecycleEditor

        zone, zone_label = self._zone()

        def saved(change: LifecycleChange | None) -> None:
            if change is not None:
                run_part(self.host, self._save_lifecycle, incident.id, incident.status, change,
                         group="store", thread=True)

        self.host.app.push_screen(LifecycleEditor(incident, now=self.context.clock.now(),
                                                  zone=zone, zone_label=zone_label), saved)

    def _save_lifecycle(self, incident_id: str, was: Status, change: LifecycleChange) -> None:
        store, author = self.context.store, self.context.author
        # One transaction: the milestones and the status land together or not at all.
        before, after = actions.change_lifecycle(store, incident_id, change.status,
                                                 change.milestones, author, was=was)
        if change.milestones or change.status is not was:
            self._publish(incident_id, "Lifecycle saved")
            self.offer_playbooks(before, after)

    def set_status(self, incident_id: str, status: Status) -> None:
        run_part(self.host, self._set_status, incident_id, status, group="store", thread=True)

    def _set_status(self, incident_id: str, status: Status) -> None:
        actions.change_status(self.context.store, incident_id, status, self.context.author)
        self._publish(incident_id, f"Status set to {status.label}")

    def open_incident(self, incident_id: str) -> None:
        # Not exclusive: that would cancel a declaration being saved in the group.
        run_part(self.host, self._load_incident, incident_id, f"Opened {incident_id}",
                 group="incident", failure=OPEN_FAILED)

    async def _load_incident(self, incident_id: str, saved: str) -> None:
        """Read an incident (off the UI thread) and make it the war room's."""
        store = self.context.store

        def read() -> IncidentRecord:
            if store.incidents.get(incident_id) is None:
                raise KeyError(f"no incident {incident_id}")
            return store.record(incident_id)

        self._switch_to(await asyncio.to_thread(read), saved)
