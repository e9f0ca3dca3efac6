"""A completion dropdown for a PromQL input: metric names and functions,
label names inside a selector or a `by (...)`, label values after `=`.

The names come from the screen (which discovers them in workers); this
widget only decides what to offer where, and how to insert it."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual_autocomplete import AutoComplete, DropdownItem, TargetState

from tui.model.promql_completion import (
    FUNCTIONS,
    CompletionKind,
    CompletionPoint,
    completion_at,
    escape_value,
)

# Enough to choose from; ranking thousands per keystroke would lag.
MAX_SHOWN = 40

NamesFor = Callable[[CompletionPoint], tuple[str, ...] | None]


def rank(prefix: str, names: tuple[str, ...], limit: int = MAX_SHOWN) -> list[str]:
    """Names containing `prefix` (any case): those starting with it first,
    then the shorter ones."""
    if not prefix:
        return list(names[:limit])
    wanted = prefix.lower()
    found = [(not name.lower().startswith(wanted), len(name), name)
             for name in names if wanted in name.lower()]
    found.sort()
    return [name for _, _, name in found[:limit]]


class PromQLAutoComplete(AutoComplete):
    DEFAULT_CSS = """
    PromQLAutoComplete { max-height: 10; }
    """

    def __init__(self, target: str, names_for: NamesFor, *, name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(target, candidates=None, name=name, id=id, classes=classes)
        self._names_for = names_for

    def refresh_candidates(self) -> None:
        """Names have arrived from a worker: redraw the dropdown if the
        cursor still waits on them."""
        if self.is_attached and self.target.has_focus:
            self._handle_target_update()

    def _point(self, state: TargetState) -> CompletionPoint | None:
        return completion_at(state.text, state.cursor_position)

    def get_search_string(self, target_state: TargetState) -> str:
        point = self._point(target_state)
        return point.prefix if point else ""

    def should_show_dropdown(self, search_string: str) -> bool:
        point = self._point(self._get_target_state())
        count = self.option_list.option_count
        if point is None or count == 0:
            return False
        if point.kind is CompletionKind.METRIC and not search_string:
            return False
        if count == 1:
            only = self.option_list.get_option_at_index(0)
            return isinstance(only, DropdownItem) and only.value != search_string
        return True

    def get_candidates(self, target_state: TargetState) -> list[DropdownItem]:
        point = self._point(target_state)
        if point is None:
            return []
        names = self._names_for(point) or ()
        if point.kind is CompletionKind.METRIC:
            names = names + FUNCTIONS
        return [DropdownItem(name) for name in rank(point.prefix, names)]

    def get_matches(self, target_state: TargetState, candidates: list[DropdownItem],
                    search_string: str) -> list[DropdownItem]:
        # Already filtered and ranked; only mark the matched part.
        if not search_string:
            return candidates
        wanted = search_string.lower()
        marked = []
        for item in candidates:
            start = item.value.lower().find(wanted)
            main = Content(item.value)
            if start >= 0:
                main = main.stylize("bold underline", start, start + len(wanted))
            marked.append(DropdownItem(main))
        return marked

    def apply_completion(self, value: str, state: TargetState) -> None:
        point = self._point(state)
        if point is None:
            return
        text, cursor = state.text, state.cursor_position
        end = cursor
        # Replace the whole token, also the part after the cursor.
        while end < len(text) and (text[end].isalnum() or text[end] in "_:"):
            end += 1
        if point.kind is CompletionKind.VALUE:
            if point.quoted:
                if text[end:end + 1] == '"':
                    end += 1  # the closing quote is typed already
                inserted = escape_value(value) + '"'
            else:
                inserted = f'"{escape_value(value)}"'
        elif point.kind is CompletionKind.LABEL and _inside_selector(text, point.start):
            inserted = f"{value}="
        else:
            inserted = value
        target = self.target
        target.value = text[:point.start] + inserted + text[end:]
        target.cursor_position = point.start + len(inserted)
        state = self._get_target_state()
        self._rebuild_options(state, self.get_search_string(state))

    def post_completion(self) -> None:
        # After `label=` the values are next: keep the dropdown going.
        state = self._get_target_state()
        point = self._point(state)
        if point is not None and point.kind is CompletionKind.VALUE and not point.prefix:
            self._handle_target_update()
        else:
            self.action_hide()


def _inside_selector(text: str, index: int) -> bool:
    head = text[:index]
    return head.rfind("{") > head.rfind("}")
