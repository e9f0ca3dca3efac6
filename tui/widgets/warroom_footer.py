"""The war room's footer: the focused pane's keys first, then its group's
(tui.keymap), then the rest; `? Help` docked at the right beside the
palette's key, so that however many keys a pane adds, the one that lists
them all stays on screen (80 columns cut the rest)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.keymap import key_entries

HELP_KEY = "question_mark"
HELP_F1 = "f1"


class WarroomFooter(Footer):
    # One group docked at the right: two widgets docked to the same edge
    # overlap in Textual, and the palette's key hid the help's.
    DEFAULT_CSS = """
    WarroomFooter #footer-always { dock: right; width: auto; height: 1;
                                   border-left: vkey $foreground 20%; }
    WarroomFooter #footer-always FooterKey.-command-palette { dock: none; border-left: none; }
    """

    def compose(self) -> ComposeResult:
        # Footer.compose, in tui.keymap's order; Warroom's bindings have no
        # binding groups, so Footer's KeyGroup branch is not needed here.
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        entries = [entry for entry in key_entries(self.screen, shown_only=True)
                   if entry.bound not in (HELP_KEY, HELP_F1)]
        # Keys that do nothing just now (no suggestion, no cluster) after the
        # ones that do: greyed, they took the room of live keys at 160 columns.
        entries.sort(key=lambda entry: entry.scope != "pane" and not entry.enabled)
        self.styles.grid_size_columns = len(entries)
        for entry in entries:
            first = active[entry.bound]
            binding = first.binding
            yield FooterKey(binding.key, self.app.get_key_display(binding),
                            binding.description, binding.action,
                            disabled=not first.enabled,
                            tooltip=first.tooltip).data_bind(compact=Footer.compact)
        helper, helper_label = active.get(HELP_KEY), "?"
        if helper is None:
            # `?` types in the focused field (a note, the composer's text):
            # F1 still opens the help, so the footer offers that instead.
            helper, helper_label = active.get(HELP_F1), "F1"
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if not self.app.ENABLE_COMMAND_PALETTE or not self.show_command_palette:
            palette = None
        with HorizontalGroup(id="footer-always"):
            if helper is not None:
                # "Help" either way: F1's longer description is for `?`'s list.
                yield FooterKey(helper.binding.key, helper_label, "Help",
                                helper.binding.action).data_bind(compact=Footer.compact)
            if palette is not None:
                yield FooterKey(palette.binding.key, self.app.get_key_display(palette.binding),
                                palette.binding.description, palette.binding.action,
                                disabled=not palette.enabled,
                                tooltip=palette.binding.tooltip or palette.binding.description,
                                # Not bound to the footer's compact: as Footer draws it.
                                classes="-command-palette")
