"""Adding, editing and removing the war room's metric panes: `a` opens the
editor (from the HTTP convention found), `e` on a pane edits it, `x` twice
removes it; each change is saved in the store off the UI thread."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping

from textual.screen import Screen

from tui import actions
from tui.model.metrics import PaneSpec
from tui.model.pane_state import PaneState
from tui.model.red_panes import starting_point
from tui.model.safe_text import printable
from tui.ui.confirmation import SecondPress
from tui.ui.context import WarroomContext
from tui.ui.workers import run_part
from tui.widgets.metric_pane import MetricPane

REMOVE_CONFIRM_SECONDS = 4.0


class PaneEditing:
    def __init__(self, host: Screen[None], context: WarroomContext,
                 pane_states: MutableMapping[str, PaneState], panes_changed: Callable[[], None],
                 refresh_live: Callable[[bool], object]) -> None:
        self.host = host
        self.context = context
        self.pane_states = pane_states
        self.panes_changed = panes_changed
        self.refresh_live = refresh_live
        # A pane is removed on a second `x` within a few seconds.
        self._removal = SecondPress(REMOVE_CONFIRM_SECONDS)

    def open_editor(self, spec: PaneSpec | None, draft: PaneSpec | None = None) -> None:
        # Imported here: the editor and its completion are not start-up work.
        from tui.screens.pane_editor import PaneEditor

        editor = PaneEditor(spec=spec, taken_ids={pane.id for pane in self.context.panes},
                            catalog=self.context.catalog, metrics=self.context.metrics,
                            now=self.context.clock.now(), draft=draft)
        self.host.app.push_screen(editor, self._pane_edited)

    def add(self, services: tuple[str, ...]) -> None:
        # Started from the convention found: its metric, service and labels.
        found = self.context.detector.last if self.context.detector else None
        self.open_editor(None, starting_point(found, services) if found else None)

    def edit(self) -> None:
        if isinstance(self.host.focused, MetricPane):
            self.open_editor(self.host.focused.spec)

    def _pane_edited(self, spec: PaneSpec | None) -> None:
        if spec is None:
            return
        panes = list(self.context.panes)
        index = next((i for i, pane in enumerate(panes) if pane.id == spec.id), None)
        if index is None:
            panes.append(spec)
            self.host.query_one("#metrics").mount(MetricPane(spec, id=f"pane-{spec.id}"))
            self.host.call_after_refresh(self.panes_changed)
        else:
            panes[index] = spec
            self.host.query_one(f"#pane-{spec.id}", MetricPane).set_spec(spec)
        self.context.panes = tuple(panes)
        self.pane_states[spec.id] = PaneState()
        run_part(self.host, self._save_pane, spec, group="store", thread=True)
        self.host.call_after_refresh(self.refresh_live, True)

    def _save_pane(self, spec: PaneSpec) -> None:
        actions.save_pane(self.context.store, spec, self.context.author)
        self.host.notify(f"Pane saved: {spec.title}", timeout=3)

    def remove(self) -> None:
        focused = self.host.focused
        pane = focused if isinstance(focused, MetricPane) else None
        if pane is None:
            return
        if not self._removal.confirmed(pane.spec.id):
            self.host.notify(f"Press x again to remove the pane {printable(pane.spec.title)!r}",
                             severity="warning", timeout=REMOVE_CONFIRM_SECONDS, markup=False)
            return
        spec = pane.spec
        self.context.panes = tuple(p for p in self.context.panes if p.id != spec.id)
        self.pane_states.pop(spec.id, None)
        pane.remove()
        self.host.call_after_refresh(self.panes_changed)
        configured = any(p.id == spec.id for p in self.context.configured_panes)
        run_part(self.host, self._remove_pane, spec, configured, group="store", thread=True)

    def _remove_pane(self, spec: PaneSpec, configured: bool) -> None:
        actions.remove_pane(self.context.store, spec.id, configured=configured,
                            author=self.context.author)
        self.host.notify(f"Pane removed: {spec.title}", timeout=3)
