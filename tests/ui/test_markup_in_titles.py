"""Pane titles, incident ids and other data reach border titles and toasts
as the text they are: "[/]" or "[ms]" is never read as markup (issue 23,
item 7). "Queue depth [/]" crashed start-up; "p95 [ms]" showed as "p95 "."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC

from textual.app import App
from textual.widget import Widget
from textual.widgets import Input

from tests.conftest import MakeApp
from tests.factories import T0, make_incident
from tests.ui.helpers import settle, toasts
from tui.model.severity import DEFAULT_LEVELS
from tui.screens.incident_form import IncidentForm
from tui.screens.lifecycle import LifecycleEditor
from tui.screens.pane_editor import PaneEditor
from tui.screens.playbook_picker import PlaybookPicker
from tui.ui.context import WarroomContext
from tui.widgets.metric_pane import MetricPane

ESCAPES = "\x1b]52;c;Y3VybCB8IHNo\x07\x1b[2J\u202e"


def drawn_title(widget: Widget) -> str:
    """The border title as drawn on screen."""
    title = widget._border_title  # the Content the border is drawn from
    return "" if title is None else title.plain


def drawn_subtitle(widget: Widget) -> str:
    subtitle = widget._border_subtitle
    return "" if subtitle is None else subtitle.plain


async def test_configured_pane_titles_with_brackets_start_and_show_literally(
        make_context: Callable[..., WarroomContext], make_app: MakeApp) -> None:
    context = make_context()
    first, second = context.panes[:2]
    context.panes = (replace(first, title="Queue depth [/]"),
                     replace(second, title=f"p95 [ms] [b]bold?[/b]{ESCAPES}"),
                     *context.panes[2:])
    app = make_app(context)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        titles = [drawn_title(pane) for pane in app.screen.query(MetricPane)][:2]
        # Removing it asks first, naming the pane as titled.
        app.screen.query(MetricPane).first().focus()
        await pilot.press("x")
        await pilot.pause()
        asked = toasts(app)
    assert any("remove the pane 'Queue depth [/]'" in toast for toast in asked), asked
    assert titles[0] == "Queue depth [/]"
    # Brackets as typed; escape codes made visible, never sent to the terminal.
    assert titles[1].startswith("p95 [ms] [b]bold?[/b]\\x1b]52")
    assert "\x1b" not in titles[1] and "\u202e" not in titles[1]


async def test_the_pane_editor_takes_a_title_with_brackets(
        make_context: Callable[..., WarroomContext], make_app: MakeApp) -> None:
    context = make_context()
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one("#pane-error_ratio", MetricPane)
        for title in ("p95 [ms]", "Queue depth [/]"):
            pane.focus()
            await pilot.press("e")
            await pilot.pause()
            editor = app.screen
            assert isinstance(editor, PaneEditor)
            editor.query_one("#title", Input).value = title
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert drawn_title(pane) == title
        # The editor opened on it again shows the title it edits, as typed.
        pane.focus()
        await pilot.press("e")
        await pilot.pause()
        assert drawn_title(app.screen.query_one("#editor")) == "Edit pane: Queue depth [/]"


class _Host(App[None]):
    pass


async def test_an_incident_id_with_brackets_shows_literally() -> None:
    incident = make_incident(id="INC-[b]1[/b]")
    app = _Host()
    async with app.run_test(size=(120, 40)) as pilot:
        shown = []
        for screen in (
                LifecycleEditor(incident, now=T0, zone=UTC, zone_label="UTC"),
                IncidentForm(levels=DEFAULT_LEVELS, now=T0, zone=UTC, zone_label="UTC",
                             incident=incident),
                PlaybookPicker(library=[], attachments=[], incident=incident, proposed=set())):
            await app.push_screen(screen)
            await pilot.pause()
            shown.extend(drawn_title(widget) for widget in screen.query("*")
                         if drawn_title(widget))
            app.pop_screen()
            await pilot.pause()
    assert [title for title in shown if "INC" in title] == [
        "Lifecycle of INC-[b]1[/b]", "Edit INC-[b]1[/b]", "Playbooks for INC-[b]1[/b]"]
