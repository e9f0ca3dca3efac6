"""What the war room's mixins (checklist work, composer work) may use of
WarroomScreen: declared once, for the type checker only."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.app import WarroomApp
    from tui.context import WarroomContext
    from tui.model.action_item import ActionDraft, ActionItem
    from tui.model.incident import Incident
    from tui.model.metrics import PaneSpec
    from tui.model.pane_state import PaneState
    from tui.model.record import IncidentRecord


class WarroomParts:
    if TYPE_CHECKING:
        context: WarroomContext
        record: IncidentRecord
        pane_states: dict[str, PaneState]

        def refresh_live(self, force: bool = False) -> object: ...

        @property
        def incident(self) -> Incident: ...
        def _publish(self, incident_id: str, saved: str) -> None: ...
        def _open_editor(self, spec: PaneSpec | None, draft: PaneSpec | None = None
                         ) -> None: ...
        def values(self) -> dict[str, str]: ...
        def _open_incident(self, incident_id: str) -> None: ...
        def post_message(self, message: object) -> bool: ...
        def edit_action(self, item: ActionItem | None, draft: ActionDraft | None) -> None: ...
        @property
        def app(self) -> WarroomApp: ...
        def notify(self, message: str, **kwargs: object) -> None: ...
        def query(self, selector: str | type) -> object: ...
