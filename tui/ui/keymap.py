"""The keys of a screen, grouped as a responder looks for them (incident,
timeline, live panes, communications, navigation), read from the bindings
Textual holds for it: the focused widget and its ancestors, the screen and
the app. `?` lists them and the footer orders by them, so neither drifts
from the BINDINGS that really act."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from textual.binding import Binding

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen

INCIDENT = "Incident"
TIMELINE = "Timeline"
LIVE = "Live panes"
COMMS = "Communications"
NAV = "Navigation"
# Keys no group names: another screen's own (the review, a dialog).
OTHER = "This screen"

# The screen's and the app's actions by group, each group in the order a
# responder needs them (pane actions first in "live panes": `p` is what a
# focused chart is for). An action not named here is still listed, in OTHER.
GROUPS: dict[str, tuple[str, ...]] = {
    INCIDENT: ("declare", "edit_incident", "lifecycle", "pick_incident", "escalate",
               "dismiss_escalation", "show_stats"),
    TIMELINE: ("add_note", "accept_suggestion", "dismiss_suggestion", "leave_input",
               "leave_note"),
    LIVE: ("pin", "refresh", "add_pane", "cycle_window", "pick_contexts", "pick_namespaces"),
    COMMS: ("copy_update", "mark_update_sent", "snooze_update"),
    NAV: ("show_tab('timeline')", "show_tab('checklist')", "show_tab('composer')",
          "show_tab('rollouts')", "show_tab('actions')", "show_tab('contacts')",
          "app.focus_next", "app.focus_previous", "toggle_presentation", "show_keys('?')",
          "show_keys", "command_palette", "colon_palette", "show_copied", "screen.copy_text",
          "quit"),
}
# A screen's own keys first (the war room has none outside the groups).
ORDER = (OTHER, INCIDENT, TIMELINE, LIVE, COMMS, NAV)
_RANK = {action: (ORDER.index(group), place)
         for group, actions in GROUPS.items() for place, action in enumerate(actions)}

# Which group a focused pane belongs to: its group's keys follow its own.
# By class name: this module must not import the widgets (they import it).
PANE_GROUPS = {
    "MetricPane": LIVE, "PodGrid": LIVE, "PodTable": LIVE, "AlertsPane": LIVE,
    "HealthPane": LIVE, "RolloutsPane": LIVE,
    "TimelinePane": TIMELINE, "TimelineGrid": TIMELINE,
    "ComposerPane": COMMS, "ContactsPane": COMMS, "ContactGrid": COMMS,
    "ChecklistPane": INCIDENT, "ChecklistGrid": INCIDENT,
    "ActionItemsPane": INCIDENT, "ActionItemGrid": INCIDENT,
}

_NAMES = {"question_mark": "?", "colon": ":", "slash": "/", "escape": "esc",
          "delete": "del", "exclamation_mark": "!"}

Scope = Literal["pane", "screen", "app"]


@dataclass(frozen=True)
class KeyEntry:
    keys: str          # as typed: "e", "F5", "ctrl+p", "d del"
    description: str
    group: str         # a group of ORDER, or the focused pane's section title
    scope: Scope
    action: str
    enabled: bool = True
    shown: bool = True  # in the footer (Binding.show)
    bound: str = ""     # the first key as Textual names it: active_bindings' key
    named: bool = False  # has a binding id: a key of Warroom's, not a cursor key


def key_label(key: str) -> str:
    """A key as the user types it: `?` not `question_mark`, `F5` not `f5`."""
    if key in _NAMES:
        return _NAMES[key]
    return key.upper() if re.fullmatch(r"f\d{1,2}", key) else key


def pane_name(node: DOMNode) -> str:
    """What the user calls the focused pane: its border title, else its
    class name in words ("MetricPane" → "metric pane")."""
    title = str(getattr(node, "border_title", "") or "")
    if title:
        return title
    return re.sub(r"(?<!^)(?=[A-Z])", " ", type(node).__name__).lower()


def pane_group(screen: Screen[object]) -> str | None:
    """The group of the focused pane (or of its nearest known ancestor)."""
    focused = screen.focused
    for node in focused.ancestors_with_self if focused is not None else ():
        if type(node).__name__ in PANE_GROUPS:
            return PANE_GROUPS[type(node).__name__]
    return None


def _scope(screen: Screen[object], node: DOMNode) -> Scope:
    if node is screen:
        return "screen"
    return "app" if node is screen.app else "pane"


def key_entries(screen: Screen[object], *, shown_only: bool = False) -> list[KeyEntry]:
    """Every active key of `screen`, one entry per action (its keys
    together), in help order: the focused pane's own keys, then its group,
    then the groups in ORDER. `shown_only` keeps the footer's (show=True)."""
    by_action: dict[tuple[int, str], list[tuple[str, Binding, bool, DOMNode]]] = {}
    for key, active in screen.active_bindings.items():
        if shown_only and not active.binding.show:
            continue
        if _scope(screen, active.node) == "pane" and not _ours(active.node, active.binding):
            continue
        slot = (id(active.node), active.binding.action)
        by_action.setdefault(slot, []).append((key, active.binding, active.enabled, active.node))
    if not shown_only:
        # A key the screen holds back for now (Z until an update is nearly
        # due) is not active, but belongs in the help: listed, disabled.
        # Not a key that is active under another action (the note box's
        # priority Escape, outside it): that one is listed.
        for binding in screen.BINDINGS:
            if isinstance(binding, Binding) and (id(screen), binding.action) not in by_action \
                    and binding.key not in screen.active_bindings \
                    and not screen.check_action(binding.action, ()):
                key = binding.key.split(",")[0].strip()
                by_action[(id(screen), binding.action)] = [(key, binding, False, screen)]
    near = pane_group(screen)
    focused = screen.focused
    section = f"This pane: {pane_name(_titled(focused))}" if focused is not None else ""
    entries: list[KeyEntry] = []
    for bound in by_action.values():
        key, binding, enabled, node = bound[0]
        scope = _scope(screen, node)
        group = section if scope == "pane" else _group(binding.action)
        entries.append(KeyEntry(" ".join(key_label(k) for k, *_ in bound),
                                binding.description, group, scope, binding.action, enabled,
                                binding.show, key, binding.id is not None))

    def rank(entry: KeyEntry) -> tuple[int, int, int]:
        if entry.scope == "pane":
            # The keys its footer shows, then those Warroom names (with an
            # id: `l` logs, the sorts), then the cursor keys; else stable.
            return (0, 0 if entry.shown else 1 if entry.named else 2, 0)
        group, place = _RANK.get(entry.action, (ORDER.index(OTHER), 0))
        return (1 if ORDER[group] == near else 2, group, place)

    return sorted(entries, key=rank)


def sections(entries: list[KeyEntry]) -> list[tuple[str, list[KeyEntry]]]:
    """`entries` (already in help order) cut into their groups."""
    grouped: dict[str, list[KeyEntry]] = {}
    for entry in entries:
        grouped.setdefault(entry.group, []).append(entry)
    return list(grouped.items())


def _ours(node: DOMNode, binding: Binding) -> bool:
    """Whether a pane's binding is declared by Warroom rather than by a
    Textual container around it (the scroll keys of every VerticalScroll
    would bury the pane's own keys)."""
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("tui."):
            continue
        for declared in cls.__dict__.get("BINDINGS", ()):
            if getattr(declared, "action", None) == binding.action:
                return True
    return False


def _group(action: str) -> str:
    rank = _RANK.get(action)
    return ORDER[rank[0]] if rank else OTHER


def _titled(node: DOMNode) -> DOMNode:
    """The nearest of `node` and its ancestors that names a pane (a pods
    grid sits inside the titled pods pane)."""
    for ancestor in node.ancestors_with_self:
        if getattr(ancestor, "border_title", None):
            return ancestor
    return node
