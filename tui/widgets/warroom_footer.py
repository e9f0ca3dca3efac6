"""The war room's footer: the focused pane's keys first, then its group's
(tui.ui.keymap), then the rest; `? Help` docked at the right beside the
palette's key, so that however many keys a pane adds, the one that lists
them all stays on screen (80 columns cut the rest).

One widget drawing one line, looking as Textual's Footer draws its keys.
Textual's Footer remounts a widget per key each time the screen says its
bindings changed, twice per focus change: opening and leaving the note box
remounted 25 keys four times, 60–75 ms each. Relabelling mounted keys in
place still laid the whole screen out at every focus change (keys shown
and hidden, widths changed), the longest frames of typing a note. Here a
change of keys repaints this one line, and a change of focus that leaves
them as they were costs nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer

from tui.ui.keymap import key_entries

if TYPE_CHECKING:
    from textual.screen import Screen

HELP_KEY = "question_mark"
HELP_F1 = "f1"
# Textual's `vkey` left border: the line between the keys and the docked ones.
BORDER = "▏"


class KeySpec(NamedTuple):
    """One key of the footer as drawn."""

    key: str
    display: str
    description: str
    action: str
    disabled: bool
    tooltip: str


class Placed(NamedTuple):
    """A key where it is drawn: columns [start, end) of the footer (empty
    for a key past the room the docked keys leave), and whether its whole
    label is there."""

    spec: KeySpec
    start: int
    end: int
    whole: bool


Drawn = tuple[tuple[KeySpec, ...], KeySpec | None, KeySpec | None]


class WarroomFooter(Footer):
    # The styles of Textual's FooterKey, as components of the one line.
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description",
                         "footer-key--hover", "footer-key--border"}
    DEFAULT_CSS = """
    WarroomFooter {
        text-wrap: nowrap;
        text-overflow: clip;
        padding-right: 1;
        .footer-key--key { color: $footer-key-foreground; background: $footer-key-background;
                           text-style: bold; }
        .footer-key--description { color: $footer-description-foreground;
                                   background: $footer-description-background; }
        .footer-key--hover { color: $footer-key-foreground; background: $block-hover-background; }
        .footer-key--border { color: $foreground 20%; }
        &:hover { pointer: pointer; }
    }
    """

    def __init__(self, *, hold: bool = False, id: str | None = None) -> None:
        """`hold`: no keys until `release` (the line stays empty until then)."""
        super().__init__(id=id)
        self._drawn: Drawn | None = None
        self._placed: list[Placed] = []
        self._hovered: KeySpec | None = None
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

    # -- which keys ------------------------------------------------------------

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

    def _palette(self) -> KeySpec | None:
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is None or not self.app.ENABLE_COMMAND_PALETTE \
                or not self.show_command_palette:
            return None
        binding = palette.binding
        return KeySpec(binding.key, self.app.get_key_display(binding), binding.description,
                       binding.action, not palette.enabled,
                       binding.tooltip or binding.description)

    def _wanted(self) -> Drawn:
        return tuple(self._keys()), self._help(), self._palette()

    def compose(self) -> ComposeResult:
        return iter(())  # no children: render draws the keys

    def bindings_changed(self, screen: Screen[object]) -> None:
        """After the refresh, once however many times the screen says so."""
        self._bindings_ready = True
        if not screen.app.app_focus or self._held:
            return
        if self.is_attached and screen is self.screen and not self._update_pending:
            self._update_pending = True
            self.call_after_refresh(self._update_keys)

    def _update_keys(self) -> None:
        self._update_pending = False
        if not self.is_attached:
            return
        # Behind a dialog the keys stay as they were when it opened: the
        # dialog's focus (a field that types `?`) is not this screen's, and
        # the screen says its bindings changed again when it is back on top.
        if self.screen.is_current:
            wanted = self._wanted()
            if wanted != self._drawn:
                self._drawn = wanted
                self.refresh()  # the same line, other words: nothing moves
        then, self._then = self._then, None
        if then is not None:
            then()

    # -- what is drawn -----------------------------------------------------------

    def drawn_keys(self) -> list[Placed]:
        """The keys on the line as last drawn, left to right."""
        return list(self._placed)

    def render(self) -> Text:
        self._placed = []
        width = self.size.width
        if self._drawn is None or self._held or not width:
            return Text()
        keys, helper, palette = self._drawn
        # At the right, as Footer docks them: a border, `? Help`, the
        # palette's key (compact, as Footer draws it, and padded by one: this
        # line's padding, drawn as Textual draws padding).
        right = [(helper, False)] if helper is not None else []
        if palette is not None:
            right.append((palette, True))
        right_width = 1 + sum(_label_width(spec, compact) for spec, compact in right)
        room = max(0, width - right_width)
        line = Text(no_wrap=True, overflow="crop", end="")
        for spec in keys:
            # Those past the room are kept, cut to nothing: the line's keys.
            start = line.cell_len
            if start < room:
                line.append_text(self._label(spec, compact=False))
            end = start + _label_width(spec, compact=False)
            self._placed.append(Placed(spec, min(start, room), min(end, room), end <= room))
        line.truncate(room, overflow="crop")
        line.pad_right(room - line.cell_len)
        line.append(BORDER, self.get_component_rich_style("footer-key--border"))
        for spec, compact in right:
            start = line.cell_len
            line.append_text(self._label(spec, compact=compact))
            self._placed.append(Placed(spec, start, line.cell_len, line.cell_len <= width))
        line.truncate(width, overflow="crop")
        return line

    def _label(self, spec: KeySpec, *, compact: bool) -> Text:
        """One key as FooterKey renders it (padding as text: one widget)."""
        hovered = spec == self._hovered
        # Under the pointer, the key's own colours over the hover's, as
        # FooterKey:hover lays them (partial: not blended with this line's).
        key_style = self.get_component_rich_style("footer-key--key", partial=hovered)
        description_style = self.get_component_rich_style("footer-key--description",
                                                          partial=hovered)
        base = self.get_component_rich_style("footer-key--hover") if hovered \
            else self.rich_style
        if spec.disabled:
            dim = Style(dim=True)
            key_style, description_style, base = key_style + dim, description_style + dim, \
                base + dim
        if not spec.description:
            label = Text.assemble((spec.display, key_style))
        elif compact:
            label = Text.assemble((spec.display, key_style),
                                  (f" {spec.description}", description_style))
        else:
            label = Text.assemble((f" {spec.display} ", key_style),
                                  (f"{spec.description} ", description_style))
        label.stylize_before(base)
        return label

    # -- the pointer -------------------------------------------------------------

    def _key_at(self, x: int) -> KeySpec | None:
        for placed in self._placed:
            if placed.start <= x < placed.end:
                return placed.spec
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self._key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hover(None)

    def _hover(self, spec: KeySpec | None) -> None:
        if spec != self._hovered:
            self._hovered = spec
            self.tooltip = (spec.tooltip or None) if spec is not None else None
            self.refresh()

    async def _on_mouse_down(self, event: events.MouseDown) -> None:
        # Instead of Widget's (markup actions: the line has none). Textual
        # calls one handler per class, this class's first; the underscore
        # name overrides Widget's with its signature.
        event.prevent_default()
        spec = self._key_at(event.x)
        if spec is None:
            return
        if spec.disabled:
            self.app.bell()
        else:
            self.app.simulate_key(spec.key)


def _label_width(spec: KeySpec, compact: bool) -> int:
    if not spec.description:
        return cell_len(spec.display)
    return cell_len(spec.display) + cell_len(spec.description) + (1 if compact else 3)
