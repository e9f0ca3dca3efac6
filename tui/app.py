"""The Warroom application."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui.cli.first_start import FirstStart, HeaderFirst, war_room_class
from tui.files.paths import bundled
from tui.files.themes import DEFAULT_THEME, load_themes
from tui.model.incident import Status
from tui.model.safe_text import describe_exception, printable
from tui.ui.heap import settle_after_start
from tui.ui.stylesheet import ParsedOnce

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from tui.screens.review import ReviewScreen
    from tui.screens.warroom import WarroomScreen
    from tui.ui.context import WarroomContext


class WarroomApp(HeaderFirst):
    TITLE = "Warroom"
    # A mode rather than get_default_screen(): only screens reached through a
    # mode or a push get their CSS_PATH loaded.
    DEFAULT_MODE = "warroom"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        # k9s's command prompt is `:`; k9s users reach for it first. Its own
        # action: bound to "command_palette", it took the footer's ^p hint.
        Binding("colon", "colon_palette", "Commands", show=False, id="app.palette"),
        # Not shown by Textual's footer: the war room's footer docks it at the
        # right, where no number of pane keys can push it out.
        # Priority, so that it also opens over a dialog (a modal screen stops
        # the app's other keys); check_action lets a text field type it.
        Binding("question_mark", "show_keys('?')", "Help", show=False, priority=True,
                id="app.help"),
        # `?` types in a text field (a form, the composer's editor): F1 opens
        # the help from anywhere, before any field can take it.
        Binding("f1", "show_keys", "Help, in a text field too", show=False, priority=True,
                id="app.help-f1"),
        # Every copy key's text, plain, for the terminal's own selection where
        # OSC 52 may not reach the clipboard (tui.screens.copied).
        # Priority: a dialog (a modal screen) does not pass the app its keys.
        Binding("ctrl+l", "show_copied", "Last copied text", show=False, priority=True,
                id="app.copied"),
    ]

    def __init__(self, context: WarroomContext | None, *, theme: str = "",
                 theme_folders: tuple[Path, ...] = (), review: bool = False,
                 first: FirstStart | None = None) -> None:
        """`theme` names the theme to start with (`--theme`, or the config's
        `[themes] default`); `theme_folders` hold the user's theme files.
        `review` opens the incident for review (`warroom review`) instead of
        the live war room. Without a `context`, `first` starts on the
        incident header alone and builds the war room behind it
        (tui.cli.first_start)."""
        super().__init__()
        self._room_context = context
        self._first = first
        # What crashed the app, in one line; empty while it has not.
        self.crash = ""
        # Why the war room could not be built behind its header, in one line.
        self.start_error = ""
        # Set once the first frame is on screen (see on_ready); in a
        # header-first start, once the war room is.
        self.first_frame_painted = False
        if context is None:
            assert first is not None
            from tui.screens.first import FirstScreen

            self.sub_title = printable(first.look.incident.title)
            self.add_mode("warroom", partial(FirstScreen, first.look))
        elif review:
            from tui.screens.review import ReviewScreen

            self.sub_title = printable(context.incident.title)
            self.add_mode("warroom", partial(ReviewScreen, context))
        else:
            from tui.screens.warroom import WarroomScreen

            self.sub_title = printable(context.incident.title)
            self.add_mode("warroom", partial(WarroomScreen, context))
        self.theme_problems = self._register_themes(theme, theme_folders)
        # With the chosen theme's variables from the first parse, and parsed
        # again only when they change (tui.ui.stylesheet).
        self.stylesheet = ParsedOnce(variables=self.get_css_variables())

    @property
    def context(self) -> WarroomContext:
        """The war room's context (built behind the header in a
        header-first start: not before the war room is on screen)."""
        assert self._room_context is not None, "the war room is still being built"
        return self._room_context

    @property
    def built_context(self) -> WarroomContext | None:
        return self._room_context

    def _register_themes(self, wanted: str, folders: tuple[Path, ...]) -> list[str]:
        """Ours and the user's themes, registered; the one wanted chosen if
        it exists, the default otherwise (and said)."""
        themes, problems = load_themes(bundled("themes"), *folders)
        # Warroom's shipped themes, listed first by the theme picker.
        self.warroom_themes = tuple(theme.name for theme in themes
                                    if theme.name.startswith("warroom"))
        for theme in themes:
            self.register_theme(theme)
        names = set(self.available_themes)
        if wanted and wanted not in names:
            ours = ", ".join(theme.name for theme in themes)
            problems.append(f"no theme called {wanted!r}; using {DEFAULT_THEME} "
                            f"(Warroom's: {ours}; ctrl+p then \"theme\" lists all)")
            wanted = ""
        chosen = wanted or DEFAULT_THEME
        if chosen in names:
            self.theme = chosen
        return problems

    def search_themes(self) -> None:
        """The theme picker (palette "theme"), Warroom's own themes first."""
        from tui.ui.theme_picker import theme_palette

        self.push_screen(theme_palette())

    def notify(self, message: str, *, title: str = "",
               severity: SeverityLevel = "information", timeout: float | None = None,
               markup: bool = False) -> None:
        """Every toast as plain text, whatever the caller asked: toasts carry
        servers' and users' words, and a `[/red]` in a Prometheus error
        closed the whole console (Textual parses toast markup at render)."""
        super().notify(printable(message, single_line=False), title=printable(title),
                       severity=severity, timeout=timeout, markup=False)

    def _fatal_error(self) -> None:
        """A crash: one line on stderr (`crash`, said by the CLI), not
        Textual's screen of traceback and locals (which can hold a token or
        a customer's words). TEXTUAL=debug keeps the traceback, for whoever
        fixes it. Overrides Textual's own
        (private) method: the only place between the crash and the print."""
        if "debug" in self.features:
            super()._fatal_error()
            return
        # The CLI prints it once the terminal is back, on one line (Rich
        # would wrap it at the error console's width).
        self.crash = describe_exception(sys.exc_info()[1])
        self.bell()
        self._close_messages_no_wait()

    async def action_quit(self) -> None:
        """`q`: straight out when nothing typed would be lost; otherwise
        notes get a last save, and what would still be lost is named first."""
        lost = ""
        war_room = war_room_class()
        for screen in self.screen_stack:
            if war_room is not None and isinstance(screen, war_room):
                lost = await screen.note_saving.unsaved_before_quit()
        if not lost:
            self.exit()
            return
        from tui.screens.quit_confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmScreen(f"{lost} — quit anyway? y/n"), answered)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_keys" and parameters == ("?",):
            # `?` is the focused field's to type (a form, a note, the
            # composer's text); F1 opens the help there.
            focused = self.focused
            return not (focused is not None and focused.check_consume_key("question_mark", "?"))
        if action == "show_copied":
            # A screen with a ctrl+l of its own (the composer's plain text) keeps it.
            return "ctrl+l" not in self.screen._bindings.key_to_bindings
        return True

    def action_show_keys(self, typed: str = "") -> None:
        """`?` or F1: the keys of this screen (a dialog's own, over the war
        room) and its focused pane, grouped; again, it closes."""
        from tui.screens.keys_help import KeysHelp

        if isinstance(self.screen, KeysHelp):
            self.screen.dismiss(None)
        else:
            self.push_screen(KeysHelp.of(self.screen))

    def action_show_copied(self) -> None:
        from tui.screens.copied import show_copied

        show_copied(self)

    def action_colon_palette(self) -> None:
        self.action_command_palette()

    def on_mount(self) -> None:
        # After the first refresh, so that the toast lands on the war room.
        self.call_after_refresh(self._report_theme_problems)

    async def on_ready(self) -> None:
        """The first frame is on screen (the incident header and the live
        panes' frames): now the rest of the war room, then the heap settled
        once (tui.ui.heap)."""
        if self._first is not None:
            self.build_behind_header()
            return

        def settle() -> None:
            self.call_after_refresh(settle_after_start)

        # A war room opened from now on (leaving the demo) shows the rest itself.
        self.first_frame_painted = True
        war_room = war_room_class()
        for screen in self.screen_stack:
            if war_room is not None and isinstance(screen, war_room):
                await screen.show_the_rest(then=settle)
                return
        settle()

    def _report_theme_problems(self) -> None:
        for problem in self.theme_problems:
            self.notify(problem, title="Theme not loaded", severity="error", timeout=12,
                        markup=False)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            # Textual's "Keys" panel lists ungrouped keys of the focused
            # widget; ours (below) is the one `?` opens.
            if command.title != "Keys":
                yield command
        yield SystemCommand("Keys and help",
                            "Every key of this screen and the focused pane, grouped (?)",
                            self.action_show_keys)
        review = sys.modules.get("tui.screens.review")
        if review is not None and isinstance(screen, review.ReviewScreen):
            yield from self._review_commands(screen)
        war_room = war_room_class()
        if war_room is not None and isinstance(screen, war_room):
            current = screen.incident.status
            for status in Status:
                if status is not current:
                    yield SystemCommand(
                        f"Set status: {status.label}",
                        f"Move the incident from {current.label} to {status.label} "
                        "(logged on the timeline)",
                        partial(screen.set_status, status),
                    )
            yield SystemCommand("Declare an incident", "Title, impact, severity, roles (D)",
                                screen.action_declare)
            yield SystemCommand("Edit the incident", "Title, severity, impact, services, roles (E)",
                                screen.action_edit_incident)
            yield SystemCommand("Status and milestones",
                                "Move the status, set or correct milestones, MTTx (m)",
                                screen.action_lifecycle)
            yield SystemCommand("Open another incident", "Open, resolved or all; search (o)",
                                screen.action_pick_incident)
            yield SystemCommand("Add a timeline note", "Focus the note box", screen.action_add_note)
            yield SystemCommand("Incident metrics",
                                "MTTD, MTTA, MTTR per severity, incidents by week, top "
                                "services, open follow-ups by owner (M)",
                                screen.action_show_stats)
            yield SystemCommand("Presentation mode",
                                "Large severity, status and clocks for screen sharing; "
                                "F5 again to leave", screen.action_toggle_presentation)
            yield SystemCommand("Mark the communication sent",
                                "Log the chosen communication (composer tab) on the timeline; "
                                "a status update restarts the countdown (U)",
                                screen.action_mark_update_sent)
            yield SystemCommand("Snooze the update reminder",
                                "Put the next update off, with a reason (Z)",
                                screen.action_snooze_update)
            yield SystemCommand("Copy the communication",
                                "Copy the chosen communication (composer tab) (y)",
                                screen.action_copy_update)
            yield from self._record_commands(screen)

    @staticmethod
    def _review_commands(screen: ReviewScreen) -> Iterable[SystemCommand]:
        yield SystemCommand("Open another incident", "Review another incident (o)",
                            screen.action_pick_incident)
        yield from WarroomApp._record_commands(screen)

    @staticmethod
    def _record_commands(screen: WarroomScreen | ReviewScreen) -> Iterable[SystemCommand]:
        """What the war room and the review both offer: exports, and writing
        each communication."""
        yield SystemCommand("Export the post-mortem",
                            "Markdown from the record and the review's notes, written to "
                            "the current folder", screen.action_export_postmortem)
        yield SystemCommand("Export the incident as JSON",
                            "Everything kept for it, for `warroom import` elsewhere",
                            screen.action_export_json)
        for template in screen.context.templates:
            audience = f" (for {template.audience})" if template.audience else ""
            yield SystemCommand(printable(f"Compose: {template.title}"),
                                printable(f"Write it, filled from the incident{audience}"),
                                partial(screen.composer.compose_with, template.id))
