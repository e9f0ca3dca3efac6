"""The war room's keys, each with an id so users can remap it (keymap.py)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

WARROOM_BINDINGS: list[BindingType] = [
    Binding("n", "add_note", "Note", id="warroom.add-note"),
    Binding("o", "pick_incident", "Incidents", id="warroom.incidents"),
    Binding("D", "declare", "Declare", id="warroom.declare"),
    Binding("E", "edit_incident", "Edit incident", id="warroom.edit-incident"),
    Binding("m", "lifecycle", "Status/milestones", id="warroom.lifecycle"),
    Binding("w", "cycle_window", "Window", id="warroom.window"),
    Binding("1", "show_tab('timeline')", "Timeline", id="warroom.tab-timeline"),
    Binding("2", "show_tab('checklist')", "Checklist", id="warroom.tab-checklist"),
    Binding("3", "show_tab('composer')", "Composer", id="warroom.tab-composer"),
    Binding("4", "show_tab('rollouts')", "Rollouts", id="warroom.tab-rollouts"),
    Binding("5", "show_tab('actions')", "Follow-ups", id="warroom.tab-actions"),
    Binding("6", "show_tab('contacts')", "Contacts", id="warroom.tab-contacts"),
    Binding("K", "escalate", "Escalated", show=False, id="warroom.escalate"),
    Binding("W", "dismiss_escalation", "Dismiss missed escalation", show=False,
            id="warroom.dismiss-escalation"),
    Binding("M", "show_stats", "Metrics", show=False, id="warroom.stats"),
    Binding("y", "copy_update", "Copy update", id="warroom.copy-update"),
    Binding("U", "mark_update_sent", "Mark sent", show=False, id="warroom.update-sent"),
    # Shown (and working) only when an update is due or nearly: check_action.
    Binding("Z", "snooze_update", "Snooze update", id="warroom.snooze-update"),
    Binding("p", "pin", "Pin pane", id="warroom.pin"),
    Binding("r", "refresh", "Refresh", id="warroom.refresh"),
    Binding("a", "add_pane", "Add pane", id="warroom.add-pane"),
    Binding("c", "pick_contexts", "Contexts", id="warroom.contexts"),
    Binding("ctrl+n", "pick_namespaces", "Namespaces", id="warroom.namespaces"),
    Binding("t", "accept_suggestion", "Add suggestion", id="warroom.accept-suggestion"),
    Binding("T", "dismiss_suggestion", "Dismiss suggestion", show=False,
            id="warroom.dismiss-suggestion"),
    Binding("f5", "toggle_presentation", "Present", show=False,
            id="warroom.presentation"),
    Binding("escape", "leave_input", "Leave input", show=False),
]
