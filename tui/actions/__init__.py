"""The use cases: one function per thing a user does, each one transaction
on the store, each returning what it made or changed. Screens, the CLI and
the demo call these; they never reach into the store's internals."""

from tui.actions.checklists import attach_playbooks, change_playbooks, detach_playbook, tick_item
from tui.actions.comms import (
    escalate,
    log_once,
    mark_sent,
    mark_update_sent,
    save_draft,
    save_review_note,
    snooze_update,
)
from tui.actions.errors import describe_write_error, store_unreachable
from tui.actions.follow_ups import add_follow_up, update_follow_up
from tui.actions.incidents import (
    change_lifecycle,
    change_severity,
    change_status,
    declare,
    set_milestone,
    set_roles,
    update_record,
)
from tui.actions.panes import remove_pane, save_pane
from tui.actions.timeline import (
    add_entry,
    add_note,
    delete_entry,
    edit_entry,
    restore_entry,
    star_entry,
)

__all__ = [
    "add_entry", "add_follow_up", "add_note", "attach_playbooks", "change_lifecycle",
    "change_playbooks", "change_severity", "change_status", "declare", "delete_entry",
    "describe_write_error", "detach_playbook", "edit_entry", "escalate", "log_once",
    "mark_sent", "mark_update_sent", "remove_pane", "restore_entry", "save_draft", "save_pane",
    "save_review_note", "set_milestone", "set_roles", "snooze_update", "star_entry",
    "store_unreachable", "tick_item", "update_follow_up", "update_record",
]
