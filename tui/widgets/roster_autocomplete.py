"""Pick a role's holder from the contacts roster while typing a name: the
dropdown offers the people whose name, role, team or rotation match; any
other name can still be typed. In a list field (SMEs) the name being typed
after the last comma is the one completed."""

from __future__ import annotations

from textual_autocomplete import AutoComplete, DropdownItem, TargetState

from tui.model.contacts import Roster
from tui.model.safe_text import printable

SEPARATOR = " · "


class RosterAutoComplete(AutoComplete):
    DEFAULT_CSS = """
    RosterAutoComplete { max-height: 8; }
    """

    def __init__(self, target: str, roster: Roster, *, listed: bool = False) -> None:
        super().__init__(target, candidates=None)
        self.roster = roster
        self.listed = listed

    def _typed(self, state: TargetState) -> tuple[int, str]:
        """Where the name being typed starts, and the name so far."""
        text = state.text[:state.cursor_position]
        start = text.rfind(",") + 1 if self.listed else 0
        while start < len(text) and text[start] == " ":
            start += 1
        return start, text[start:]

    def get_search_string(self, target_state: TargetState) -> str:
        return self._typed(target_state)[1]

    def should_show_dropdown(self, search_string: str) -> bool:
        return bool(search_string.strip()) and self.option_list.option_count > 0

    def get_candidates(self, target_state: TargetState) -> list[DropdownItem]:
        typed = self._typed(target_state)[1]
        found = [contact for contact in self.roster.search(typed) if contact.kind == "person"]
        return [DropdownItem(printable(SEPARATOR.join(
            part for part in (contact.name, contact.role, contact.team) if part)))
            for contact in found[:20]]

    def get_matches(self, target_state: TargetState, candidates: list[DropdownItem],
                    search_string: str) -> list[DropdownItem]:
        return candidates  # the roster's search already matched every word

    def apply_completion(self, value: str, state: TargetState) -> None:
        name = value.split(SEPARATOR, 1)[0]
        start, _ = self._typed(state)
        after = state.text[state.cursor_position:]
        # In a list the names after this one stay; a single name is replaced whole.
        rest = after[after.find(","):] if self.listed and "," in after else ""
        prefix = state.text[:start]
        self.target.value = prefix + name + rest
        self.target.cursor_position = len(prefix) + len(name)
