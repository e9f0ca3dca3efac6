"""Which metric panes the war room shows: the configured ones, as the user
has edited, removed or added to them in the app."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.model.metrics import PaneSpec


@dataclass(frozen=True)
class PaneOverride:
    pane_id: str
    spec: PaneSpec | None  # None: a configured pane the user removed
    position: int  # order among the panes the user added


def arrange(configured: tuple[PaneSpec, ...], overrides: list[PaneOverride]
            ) -> tuple[PaneSpec, ...]:
    """Configured panes keep their order (edited in place, or dropped);
    panes added in the app follow, oldest first."""
    by_id = {override.pane_id: override for override in overrides}
    shown: list[PaneSpec] = []
    for spec in configured:
        override = by_id.pop(spec.id, None)
        if override is None:
            shown.append(spec)
        elif override.spec is not None:
            shown.append(override.spec)
    added = sorted(by_id.values(), key=lambda override: override.position)
    shown.extend(override.spec for override in added if override.spec is not None)
    return tuple(shown)


def new_pane_id(title: str, taken: set[str]) -> str:
    """A readable, unique id from the title: "DB pool wait" → "db-pool-wait"."""
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "pane"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate
