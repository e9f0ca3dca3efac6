"""The composer as the comms lead uses it: pick a template in tab 3, write in
the editor (the draft survives leaving and a restart), re-fill from the
incident, copy, save to a file, and log it as sent (demo frozen at 14:20 UTC;
real SQLite file)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Markdown, OptionList, Static, TextArea

from tests.conftest import MakeApp
from tests.ui.helpers import settle, toasts, war_room
from tui.model.timeline import EntryKind
from tui.screens.composer import PREVIEW_LINES, ComposerScreen, preview_text
from tui.screens.copied import PlainTextScreen
from tui.screens.reason_prompt import ReasonPrompt
from tui.ui.context import WarroomContext
from tui.widgets.incident_header import IncidentHeader

MakeContext = Callable[..., WarroomContext]


def shown(pilot: object, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def choose(pilot: object, title: str) -> None:
    """Tab 3, then the template called `title`, as a user moves to it."""
    await pilot.press("3")  # type: ignore[attr-defined]
    options = pilot.app.screen.query_one("#template-list", OptionList)  # type: ignore[attr-defined]
    titles = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    target = titles.index(title)
    while options.highlighted != target:
        await pilot.press("down" if (options.highlighted or 0) < target else "up")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_a_draft_is_kept_then_sent_in_full(make_context: MakeContext,
                                                 tmp_path: Path) -> None:
    context = make_context()
    incident_id = context.incident.id
    async with war_room(context) as pilot:
        await choose(pilot, "Initial customer notification")
        assert "for customers" in shown(pilot, "#composer-about")
        assert "Since 2026-03-14 14:02 UTC" in shown(pilot, "#composer-view")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ComposerScreen)
        editor = pilot.app.screen.query_one(TextArea)
        assert editor.has_focus and editor.text.startswith("**Subject: We are investigating")
        await pilot.press("ctrl+end", *" Status page: [b]example[/b].")
        await pilot.pause(0.8)
        await settle(pilot)
        # Kept the moment typing paused, before anyone leaves the editor.
        draft = context.store.record(incident_id).drafts["customer_initial"]
        assert draft.endswith("disruption.\n Status page: [b]example[/b].")
        preview = pilot.app.screen.query_one(Markdown)
        assert "[b]example[/b]" in preview.source
        await pilot.press("escape")
        await settle(pilot)
        # Back in the tab: the draft is what is shown, said to be a draft.
        assert "edited draft" in shown(pilot, "#composer-about")
        assert "[b]example[/b]" in shown(pilot, "#composer-view")

    # A restart (a new app on the same file) finds the draft.
    again = make_context(db=None)
    async with war_room(again) as pilot:
        await choose(pilot, "Initial customer notification")
        await pilot.press("enter")
        await pilot.pause()
        editor = pilot.app.screen.query_one(TextArea)
        assert "[b]example[/b]" in editor.text
        # Re-fill from the incident, and undo it: nothing typed is lost.
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "[b]example[/b]" not in editor.text
        assert "Re-filled" in shown(pilot, "#composer-status")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "[b]example[/b]" in editor.text
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, ComposerScreen)
        record = again.store.record(incident_id)
        sent = record.entries[-1]
        assert sent.kind is EntryKind.COMMUNICATION
        assert sent.text == f"Initial customer notification sent:\n{editor.text}"
        assert record.drafts == {}
        # A customer notification is a status update: the countdown restarts.
        header = pilot.app.screen.query_one(IncidentHeader).render().plain
        assert "next update in 15m 00s (14:35:00Z)" in header
        assert "filled from the incident" in shown(pilot, "#composer-about")


async def test_missing_fields_are_named_before_sending(
        make_context: MakeContext, make_app: MakeApp) -> None:
    context = make_context()
    async with make_app(context).run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        await choose(pilot, "Internal resolution notice")
        # Not resolved yet: the tab says which fields are missing.
        assert "⚠ missing: resolved, ttm, mttr, decisions, open_actions" in \
            shown(pilot, "#composer-about")
        before = len(context.store.timeline.entries(context.incident.id))
        await pilot.press("U")
        await settle(pilot)
        said = " ".join(toasts(pilot.app))
        assert "still has missing fields: resolved" in said
        assert len(context.store.timeline.entries(context.incident.id)) == before
        await pilot.press("U")
        await settle(pilot)
        last = context.store.timeline.entries(context.incident.id)[-1]
        assert last.text.startswith("Internal resolution notice sent:\n")
        assert "⟨missing: resolved⟩" in last.text


async def test_an_escalation_page_does_not_restart_the_update_clock(
        make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        await choose(pilot, "Escalation page")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+g")
        await settle(pilot)
        header = pilot.app.screen.query_one(IncidentHeader).render().plain
        assert "next update in 6m 30s (14:26:30Z)" in header
        assert context.store.timeline.entries(context.incident.id)[-1].text.startswith(
            "Escalation page sent:\nPAGE [P1] Checkout failing")


async def test_saving_to_a_file(make_context: MakeContext, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    context = make_context()
    async with war_room(context) as pilot:
        await choose(pilot, "Post-mortem")
        await pilot.press("enter")
        await pilot.pause()
        text = pilot.app.screen.query_one(TextArea).text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReasonPrompt)
        # A folder that does not exist is refused in place.
        await pilot.press("ctrl+a", "ctrl+k", *"/nonexistent/pm.md", "enter")
        await pilot.pause()
        assert "there is no folder /nonexistent" in shown(pilot, "#reason-problem")
        # A full disk: said in the composer, and the text stays.
        await pilot.press("ctrl+a", "ctrl+k", *"/dev/full", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ComposerScreen)
        assert "Not saved: /dev/full" in shown(pilot, "#composer-status")
        assert pilot.app.screen.query_one(TextArea).text == text
        # The offered name, in the folder Warroom was started from.
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        written = tmp_path / f"{context.incident.id}-postmortem.md"
        assert written.read_text(encoding="utf-8") == text
        assert f"Saved to {written}" in shown(pilot, "#composer-status")
        assert text.startswith("# Post-mortem: Checkout failing")


async def test_copy_where_the_terminal_cannot_take_it(make_context: MakeContext, make_app: MakeApp,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """OSC 52 itself cannot be observed here (no terminal answers it): the
    test reads what the app sent to its clipboard, and the fallback."""
    monkeypatch.setenv("WARROOM_CLIPBOARD", "off")
    context = make_context()
    async with make_app(context).run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        await choose(pilot, "Status-page update")
        await pilot.press("y")
        await settle(pilot)
        assert pilot.app.clipboard.startswith("**Checkout failing: 5xx and latency spike**")
        # Said, and shown by ctrl+l (tests/ui/test_copy_feedback.py: every copy key).
        assert "Status-page update copied, but your terminal may not take it: ctrl+l " \
            "shows it" in " ".join(toasts(pilot.app))
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PlainTextScreen)
        assert "turned off" in shown(pilot, "#plain-note")
        assert "We are investigating reports" in shown(pilot, "#plain-text")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, PlainTextScreen)


async def test_copy_where_the_terminal_takes_it(make_context: MakeContext, make_app: MakeApp,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WARROOM_CLIPBOARD", "TMUX", "VTE_VERSION", "TERM_PROGRAM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    context = make_context()
    async with make_app(context).run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        await choose(pilot, "Escalation page")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert pilot.app.clipboard.startswith("PAGE [P1] Checkout failing")
        assert isinstance(pilot.app.screen, ComposerScreen)
        said = " ".join(toasts(pilot.app))
        assert "Escalation page copied to the terminal's clipboard (OSC 52)" in said


async def test_a_broken_template_file_is_a_toast_and_the_rest_work(
        make_context: MakeContext, make_app: MakeApp, tmp_path: Path) -> None:
    from tui.files.paths import bundled
    from tui.files.template_library import load_templates

    mine = tmp_path / "comms"
    mine.mkdir()
    (mine / "broken.md").write_text("{#\nsendto: all\n#}\nx", encoding="utf-8")
    (mine / "exec.md").write_text("{#\ntitle: Exec brief [red]now[/red]\norder: 1\n#}\n"
                                  "{{ title }} {% for %}", encoding="utf-8")
    context = make_context()
    context.templates, context.template_problems = load_templates(
        bundled("sample_data") / "templates", mine)
    async with make_app(context).run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        said = " ".join(toasts(pilot.app))
        assert "broken.md, line 2" in said
        await choose(pilot, "Exec brief [red]now[/red]")
        # The bad Jinja is said where the text would be, with its file.
        assert "Template error in Exec brief [red]now[/red]" in shown(pilot, "#composer-view")
        assert "exec.md" in shown(pilot, "#composer-view")
        await choose(pilot, "Internal status update")
        assert "[P1] Checkout failing" in shown(pilot, "#composer-view")


def test_a_long_text_previews_its_head() -> None:
    text = "\n".join(f"- line {n}" for n in range(PREVIEW_LINES + 50))
    preview = preview_text(text + "\x1b[2J")
    assert "- line 0" in preview and f"- line {PREVIEW_LINES - 1}" in preview
    assert f"- line {PREVIEW_LINES}\n" not in preview
    assert f"first {PREVIEW_LINES} of {PREVIEW_LINES + 50} lines" in preview
    assert "\x1b" not in preview_text("a\x1b[2Jb")
