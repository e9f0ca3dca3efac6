"""The pane layout aggregate, shared by every incident: panes added or
edited in the app, and configured panes hidden."""

from __future__ import annotations

from tui.model.metrics import PaneSpec
from tui.model.pane_layout import PaneOverride
from tui.store.database import Database
from tui.store.metric_archive import spec_from_json, spec_to_json


class Panes:
    def __init__(self, db: Database) -> None:
        self._db = db

    def overrides(self) -> list[PaneOverride]:
        with self._db.reading() as conn:
            rows = conn.execute("SELECT pane_id, spec, position FROM pane_overrides "
                                "ORDER BY position").fetchall()
        return [PaneOverride(pane_id, spec_from_json(spec) if spec else None, position)
                for pane_id, spec, position in rows]

    def save(self, spec: PaneSpec, author: str = "") -> None:
        """Add or replace a pane; an edited pane keeps its place."""
        self._override(spec.id, spec_to_json(spec), author)

    def remove(self, pane_id: str, *, configured: bool, author: str = "") -> None:
        """A pane from the config file is hidden; one added in the app is gone."""
        if configured:
            self._override(pane_id, None, author)
            return
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM pane_overrides WHERE pane_id = ?", [pane_id])

    def _override(self, pane_id: str, spec: str | None, author: str) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                """INSERT INTO pane_overrides (pane_id, spec, position, updated_at, updated_by)
                   VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM pane_overrides),
                           ?, ?)
                   ON CONFLICT (pane_id) DO UPDATE SET spec = excluded.spec,
                       updated_at = excluded.updated_at, updated_by = excluded.updated_by""",
                [pane_id, spec, self._db.now_iso(), author])
