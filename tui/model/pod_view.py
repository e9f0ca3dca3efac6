"""Which pods the pods pane shows, in which order: the `/` filter, the
faults-only toggle and the sort keys, as k9s users know them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import partial
from operator import attrgetter

from tui.model.pods import Health, PodRow


class SortKey(StrEnum):
    STATUS = "status"
    NAME = "name"
    RESTARTS = "restarts"
    AGE = "age"


# The column whose header carries the sort arrow.
SORT_COLUMN = {SortKey.STATUS: "STATUS", SortKey.NAME: "NAME", SortKey.RESTARTS: "RESTARTS",
               SortKey.AGE: "AGE"}

# What the faults-only toggle hides.
HEALTHY = frozenset({Health.OK, Health.COMPLETED})


# Each key's cached tuple on the row (see PodRow.by_status and the rest).
SORT_ATTRIBUTE = {SortKey.STATUS: "by_status", SortKey.NAME: "by_name",
                  SortKey.RESTARTS: "by_restarts", SortKey.AGE: "by_age"}


@dataclass(frozen=True)
class PodFilter:
    """What was typed after `/`: a case-insensitive regular expression, or
    plain text when it is not a valid one; a leading `!` keeps the pods that
    do not match. Matched against cluster, namespace, name, status and node."""

    text: str = ""

    @property
    def active(self) -> bool:
        return bool(self.pattern_text)

    @property
    def inverted(self) -> bool:
        return self.text.startswith("!")

    @property
    def pattern_text(self) -> str:
        return self.text.removeprefix("!")

    @property
    def problem(self) -> str:
        """Why the text is matched literally, if it is."""
        try:
            re.compile(self.pattern_text)
        except re.error as error:
            return f"not a regular expression ({error.msg}): matching the text as typed"
        return ""

    def matcher(self) -> Callable[[PodRow], bool]:
        if not self.active:
            return lambda row: True
        search: Callable[[str], object]
        try:
            search = re.compile(self.pattern_text, re.IGNORECASE).search
        except re.error:
            search = partial(_contains_folded, self.pattern_text.casefold())

        if self.inverted:
            return lambda row: not search(row.search_text)
        return lambda row: bool(search(row.search_text))


def _contains_folded(literal: str, haystack: str) -> bool:
    return literal in haystack.casefold()


@dataclass(frozen=True)
class PodView:
    """The pane's settings: what to show and in which order."""

    filter: PodFilter = PodFilter()
    faults_only: bool = False
    sort: SortKey = SortKey.STATUS
    reverse: bool = False

    def apply(self, rows: Iterable[PodRow]) -> list[PodRow]:
        matches = self.filter.matcher()
        kept = [row for row in rows
                if matches(row) and not (self.faults_only and row.health in HEALTHY)]
        kept.sort(key=attrgetter(SORT_ATTRIBUTE[self.sort]), reverse=self.reverse)
        return kept

    def sorted_by(self, key: SortKey) -> PodView:
        """Pressing a sort key again reverses the order."""
        if key is self.sort:
            return replace(self, reverse=not self.reverse)
        return replace(self, sort=key, reverse=False)


def changed_keys(before: Sequence[PodRow], after: Sequence[PodRow]) -> set[str]:
    """Pods that are new or differ from the previous refresh."""
    if len(before) == len(after):
        # The usual refresh: the same pods in the same order (a watch keeps
        # its pods in arrival order), most of them the very same objects.
        moved = [(old, new) for old, new in zip(before, after, strict=True) if old is not new]
        if all(old.key == new.key for old, new in moved):
            return {new.key for old, new in moved if old != new}
    previous = {row.key: row for row in before}
    # Identity first: a watch hands back the same row object while a pod
    # is unchanged, and comparing 10k dataclasses field by field is slow.
    return {row.key for row in after
            if (old := previous.get(row.key)) is not row and old != row}
