"""The Warroom application."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui.context import WarroomContext
from tui.model.incident import Status
from tui.model.safe_text import printable
from tui.screens.warroom import WarroomScreen


class WarroomApp(App[None]):
    TITLE = "Warroom"
    # A mode rather than get_default_screen(): only screens reached through a
    # mode or a push get their CSS_PATH loaded.
    DEFAULT_MODE = "warroom"
    BINDINGS = [Binding("q", "quit", "Quit", id="app.quit")]

    def __init__(self, context: WarroomContext) -> None:
        super().__init__()
        self.context = context
        self.sub_title = context.incident.title
        self.add_mode("warroom", partial(WarroomScreen, context))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, WarroomScreen):
            current = screen.incident.status
            for status in Status:
                if status is not current:
                    yield SystemCommand(
                        f"Set status: {status.label}",
                        f"Move the incident from {current.label} to {status.label} "
                        "(logged on the timeline)",
                        partial(screen.set_status, status),
                    )
            yield SystemCommand("Declare an incident", "Title, impact, severity, roles (D)",
                                screen.action_declare)
            yield SystemCommand("Edit the incident", "Title, severity, impact, services, roles (E)",
                                screen.action_edit_incident)
            yield SystemCommand("Status and milestones",
                                "Move the status, set or correct milestones, MTTx (m)",
                                screen.action_lifecycle)
            yield SystemCommand("Open another incident", "Open, resolved or all; search (o)",
                                screen.action_pick_incident)
            yield SystemCommand("Add a timeline note", "Focus the note box", screen.action_add_note)
            yield SystemCommand("Export the post-mortem",
                                "Markdown from the record, written to the current folder",
                                screen.action_export_postmortem)
            yield SystemCommand("Export the incident as JSON",
                                "Everything kept for it, for `warroom import` elsewhere",
                                screen.action_export_json)
            yield SystemCommand("Mark the communication sent",
                                "Log the chosen communication (composer tab) on the timeline; "
                                "a status update restarts the countdown (U)",
                                screen.action_mark_update_sent)
            yield SystemCommand("Snooze the update reminder",
                                "Put the next update off, with a reason (Z)",
                                screen.action_snooze_update)
            yield SystemCommand("Copy the communication",
                                "Copy the chosen communication (composer tab) (y)",
                                screen.action_copy_update)
            for template in screen.context.templates:
                audience = f" (for {template.audience})" if template.audience else ""
                yield SystemCommand(printable(f"Compose: {template.title}"),
                                    printable(f"Write it, filled from the incident{audience}"),
                                    partial(screen.compose_with, template.id))
