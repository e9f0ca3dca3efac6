"""Escape on a form throws away what was typed only after asking, and only
when something was typed: a reflex Escape at 3 a.m. must not cost a
half-written incident, entry, pane or follow-up, and an untouched form
still closes at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Checkbox, Input, Select, TextArea

if TYPE_CHECKING:
    from textual.screen import ModalScreen

    # For the type checker the mixin is the screen it is mixed into.
    _Screen = ModalScreen[Any]
else:
    _Screen = object

# What a form holds, field by field: (widget id, value).
FormState = tuple[tuple[str, object], ...]


class DiscardGuard(_Screen):
    """Mixed into a form's ModalScreen: call `remember_form` once the form
    is filled in (on mount), and bind Escape to `cancel_form`."""

    # What the question calls the thing thrown away: "the changes to this incident".
    discard_what = "the changes"

    _form_at_open: FormState
    _typed_before = False

    def form_state(self) -> FormState:
        fields = self.query("Input, TextArea, Select, Checkbox")
        state: list[tuple[str, object]] = []
        for index, field in enumerate(fields):
            key = field.id or str(index)
            if isinstance(field, TextArea):
                state.append((key, field.text))
            elif isinstance(field, (Input, Select, Checkbox)):
                state.append((key, field.value))
        return tuple(state)

    def remember_form(self, *, typed: bool = False) -> None:
        """What the form held when it opened. Taken after a refresh, so that
        values the form sets itself while mounting count as the start.
        `typed`: the form was refilled with what the user typed (after a
        failed save), so Escape asks even before anything is changed."""
        self._typed_before = typed
        self._form_at_open = self.form_state()

        def settled() -> None:
            self._form_at_open = self.form_state()

        self.call_after_refresh(settled)

    def has_changes(self) -> bool:
        if self._typed_before:
            return True
        return self.form_state() != getattr(self, "_form_at_open", self.form_state())

    def action_cancel_form(self) -> None:
        self.cancel_form()

    def cancel_form(self) -> None:
        """Escape: close if nothing changed, else ask (y throws it away, n
        or Escape goes back to the form as typed)."""
        from tui.screens.quit_confirm import ConfirmScreen

        if not self.has_changes():
            self.dismiss(None)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(f"Throw away {self.discard_what}? y: throw away · n: keep editing"),
            answered)
