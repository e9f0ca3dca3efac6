"""The war room's keys, each with an id so users can remap it (keymap.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from textual.widget import Widget

WARROOM_BINDINGS: list[BindingType] = [
    # Priority: checked as the key arrives, before the keys read with it are
    # handed to the focused pane, so a note typed (or pasted) in one burst
    # with its `n` lands in the note box, not as pane commands.
    # check_action lets a text field type the n.
    Binding("n", "add_note", "Note", priority=True, id="warroom.add-note"),
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
    # The note box's Escape, for the same reason as `n`: the key typed right
    # after it goes to the panes, not into the note.
    Binding("escape", "leave_note", "Leave note", show=False, priority=True),
]

# The priority keys that move focus into or out of the note box. Their
# actions set focus at once (Screen.set_focus), not after a refresh as
# Widget.focus does: a terminal read holding the key and what was typed
# after it is handed, key by key, to whatever is focused when each is read.
TYPED_AHEAD = ("add_note", "leave_note")


def typed_ahead_allowed(action: str, focused: Widget | None) -> bool:
    """`n` everywhere but in a field that types it (False: not shown, the
    field gets the key); the priority Escape only in the note box (elsewhere
    the ordinary Escape, leave_input, keeps its meaning)."""
    if action == "add_note":
        return focused is None or not focused.check_consume_key("n", "n")
    return focused is not None and focused.id == "note-input"
