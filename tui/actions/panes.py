"""Use cases on the shared pane layout: a pane saved, a pane removed."""

from __future__ import annotations

from tui.model.metrics import PaneSpec
from tui.store import Store


def save_pane(store: Store, spec: PaneSpec, author: str = "") -> None:
    """Add or replace a pane; an edited pane keeps its place."""
    store.panes.save(spec, author)


def remove_pane(store: Store, pane_id: str, *, configured: bool, author: str = "") -> None:
    """A pane from the config file is hidden; one added in the app is gone."""
    store.panes.remove(pane_id, configured=configured, author=author)
