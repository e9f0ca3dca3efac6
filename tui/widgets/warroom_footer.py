"""The war room's footer: the focused pane's keys first, then its group's
(tui.ui.keymap), then the rest; `? Help` docked at the right beside the
palette's key, so that however many keys a pane adds, the one that lists
them all stays on screen (80 columns cut the rest).

Redrawn only when its keys change, and then in place. Textual's Footer
remounts every key each time the screen says its bindings changed, which
is twice per focus change: opening and leaving the note box remounted 25
keys four times, 60–75 ms each, the longest frames of typing a note. Here
a change of focus that leaves the keys as they were costs nothing, and one
that changes them relabels the keys already mounted (adding or removing
only the difference)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.ui.keymap import key_entries

if TYPE_CHECKING:
    from textual.screen import Screen

HELP_KEY = "question_mark"
HELP_F1 = "f1"


class KeySpec(NamedTuple):
    """One key of the footer as drawn: what a FooterKey is made from."""

    key: str
    display: str
    description: str
    action: str
    disabled: bool
    tooltip: str


class WarroomFooter(Footer):
    # One group docked at the right: two widgets docked to the same edge
    # overlap in Textual, and the palette's key hid the help's.
    DEFAULT_CSS = """
    WarroomFooter #footer-always { dock: right; width: auto; height: 1;
                                   border-left: vkey $foreground 20%; }
    WarroomFooter #footer-always FooterKey.-command-palette { dock: none; border-left: none; }
    """

    def __init__(self, *, hold: bool = False, id: str | None = None) -> None:
        """`hold`: no keys until `release` (the war room's first frame is
        painted without them, and the line stays empty until then)."""
        super().__init__(id=id)
        # What is drawn: the keys, then the docked group (help, palette).
        self._drawn: tuple[tuple[KeySpec, ...], KeySpec | None,
                           tuple[object, ...] | None] | None = None
        self._update_pending = False
        self._held = hold
        self._then: Callable[[], object] | None = None

    def release(self, then: Callable[[], object] | None = None) -> None:
        """Show the keys from now on; `then` is called once they are."""
        if self._held:
            self._held = False
            self._then = then
            self._bindings_ready = self._update_pending = True
            # Now, not after a refresh: an idle screen may not refresh soon.
            self.call_later(self._update_keys)
        elif then is not None:
            then()

    def _keys(self) -> list[KeySpec]:
        """The keys to show, in tui.ui.keymap's order; Warroom's bindings have
        no binding groups, so Footer's KeyGroup branch is not needed here."""
        active = self.screen.active_bindings
        entries = [entry for entry in key_entries(self.screen, shown_only=True)
                   if entry.bound not in (HELP_KEY, HELP_F1)]
        # Keys that do nothing just now (no suggestion, no cluster) after the
        # ones that do: greyed, they took the room of live keys at 160 columns.
        entries.sort(key=lambda entry: entry.scope != "pane" and not entry.enabled)
        keys = []
        for entry in entries:
            first = active[entry.bound]
            binding = first.binding
            keys.append(KeySpec(binding.key, self.app.get_key_display(binding),
                                binding.description, binding.action, not first.enabled,
                                first.tooltip))
        return keys

    def _help(self) -> KeySpec | None:
        """`? Help`; `F1 Help` while the focused field types `?` (a note,
        the composer's text), since F1 still opens the help there."""
        active = self.screen.active_bindings
        # This screen's focus, not the app's: behind a dialog the footer
        # must not follow the dialog's field (it flipped with the timing).
        focused = self.screen.focused
        types_it = focused is not None and focused.check_consume_key("question_mark", "?")
        # Either binding opens the help; which key to offer is this screen's.
        helper = active.get(HELP_F1) or active.get(HELP_KEY)
        if helper is None:
            return None
        label = "F1" if types_it else "?"
        # "Help" either way: F1's longer description is for `?`'s list.
        return KeySpec(HELP_F1 if types_it else HELP_KEY, label, "Help", helper.binding.action,
                       False, "")

    def _palette(self) -> tuple[object, ...] | None:
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is None or not self.app.ENABLE_COMMAND_PALETTE \
                or not self.show_command_palette:
            return None
        return (palette.binding, palette.enabled)

    def _wanted(self) -> tuple[tuple[KeySpec, ...], KeySpec | None, tuple[object, ...] | None]:
        return tuple(self._keys()), self._help(), self._palette()

    def bindings_changed(self, screen: Screen[object]) -> None:
        """After the refresh, once however many times the screen says so."""
        self._bindings_ready = True
        if not screen.app.app_focus or self._held:
            return
        if self.is_attached and screen is self.screen and not self._update_pending:
            self._update_pending = True
            self.call_after_refresh(self._update_keys)

    async def _update_keys(self) -> None:
        self._update_pending = False
        if not self.is_attached:
            return
        # Behind a dialog the keys stay as they were when it opened: the
        # dialog's focus (a field that types `?`) is not this screen's, and
        # the screen says its bindings changed again when it is back on top.
        if self.screen.is_current:
            await self._draw_keys()
        then, self._then = self._then, None
        if then is not None:
            then()

    async def _draw_keys(self) -> None:
        wanted = self._wanted()
        if self._drawn == wanted:
            return
        if self._drawn is None or self._drawn[2] != wanted[2]:
            await self.recompose()  # the palette's key: not per keystroke
            return
        keys, helper, _ = wanted
        self._drawn = wanted
        # Keys not needed just now are hidden and blanked, kept for the
        # next change (the note box has one key; leaving it, twenty return).
        mounted = [child for child in self.children if isinstance(child, WarroomKey)]
        for widget, spec in zip(mounted, keys, strict=False):
            widget.show(spec)
            widget.display = True
        for widget in mounted[len(keys):]:
            widget.show(BLANK)
            widget.display = False
        if len(keys) > len(mounted):
            await self.mount_all([_footer_key(spec) for spec in keys[len(mounted):]],
                                 before="#footer-always")
        self.styles.grid_size_columns = len(keys)
        # `? Help` is hidden while a note takes `?`, not removed.
        docked = self.query_one("#footer-always", HorizontalGroup)
        old_help = list(docked.query(WarroomKey))
        if old_help:
            old_help[0].display = helper is not None
            if helper is not None:
                old_help[0].show(helper)
        elif helper is not None:
            await docked.mount(_footer_key(helper), before=0)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready or self._held:
            return
        self._drawn = wanted = self._wanted()
        keys, helper, palette = wanted
        self.styles.grid_size_columns = len(keys)
        for spec in keys:
            yield _footer_key(spec)
        active = self.screen.active_bindings
        palette_key = active.get(self.app.COMMAND_PALETTE_BINDING) if palette else None
        with HorizontalGroup(id="footer-always"):
            if helper is not None:
                yield _footer_key(helper)
            if palette_key is not None:
                binding = palette_key.binding
                yield FooterKey(binding.key, self.app.get_key_display(binding),
                                binding.description, binding.action,
                                disabled=not palette_key.enabled,
                                tooltip=binding.tooltip or binding.description,
                                # Not bound to the footer's compact: as Footer draws it.
                                classes="-command-palette")


BLANK = KeySpec("", "", "", "", False, "")


class WarroomKey(FooterKey):
    """A footer key that can be relabelled in place: shown as another key
    when the footer's keys change, rather than removed and mounted anew."""

    def __init__(self, spec: KeySpec) -> None:
        super().__init__(spec.key, spec.display, spec.description, spec.action,
                         disabled=spec.disabled, tooltip=spec.tooltip)
        self.spec = spec

    def show(self, spec: KeySpec) -> None:
        """Redrawn as `spec`; laid out again only when its width changes."""
        if spec == self.spec:
            return
        resized = (cell_len(spec.display), cell_len(spec.description)) != (
            cell_len(self.spec.display), cell_len(self.spec.description))
        self.spec = spec
        self.key, self.key_display = spec.key, spec.display
        self.description, self.action = spec.description, spec.action
        self.set_class(spec.disabled, "-disabled")
        self.tooltip = spec.tooltip or None
        self.refresh(layout=resized)

    async def _on_mouse_down(self, event: events.MouseDown) -> None:
        # Instead of FooterKey's on_mouse_down, which reads the state it was
        # made with (and the markup actions that Widget's passes on: a key
        # has none). Textual calls one handler per class, this class's first;
        # the underscore name overrides Widget's with its signature.
        event.prevent_default()
        if self.spec.disabled:
            self.app.bell()
        else:
            self.app.simulate_key(self.key)


def _footer_key(spec: KeySpec) -> WarroomKey:
    return WarroomKey(spec).data_bind(compact=Footer.compact)
