"""The checklist tracker and the follow-ups, used as the on-call engineer
uses them, on the demo war room (clock frozen at 14:20 UTC; the demo
incident was declared at 14:10 with its playbooks) and a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, SelectionList, Static

from tests.conftest import MakeApp
from tests.ui.helpers import settle, toasts, war_room
from tests.unit.test_export_import import without_folders
from tui import actions
from tui.cli.launch import playbook_library
from tui.files.config import Config
from tui.model.action_item import ActionDraft, ActionStatus, Priority
from tui.model.checklist import MarkState
from tui.screens.action_editor import ActionItemEditor
from tui.screens.incident_form import IncidentForm
from tui.screens.pane_editor import PaneEditor
from tui.screens.playbook_picker import PlaybookPicker
from tui.screens.reason_prompt import ReasonPrompt
from tui.store import Store, open_database
from tui.ui.context import WarroomContext
from tui.widgets.action_items_pane import ActionGrid
from tui.widgets.checklist_grid import ChecklistGrid
from tui.widgets.checklist_pane import ChecklistPane

MakeContext = Callable[..., WarroomContext]


def grid(pilot: Pilot) -> ChecklistGrid:
    return pilot.app.screen.query_one(ChecklistGrid)


def text_of(pilot: Pilot, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


async def open_item(pilot: Pilot, key: str) -> None:
    """The checklist tab, the cursor on the item `key` of the first playbook."""
    await pilot.press("2")
    await pilot.pause()
    rows = grid(pilot).rows
    index = next(i for i, row in enumerate(rows)
                 if row.status is not None and row.status.item.key == key)
    grid(pilot).move_cursor(index)
    await pilot.pause()


def timeline(context: WarroomContext) -> list[str]:
    return [entry.text for entry in context.store.timeline.entries(context.incident.id)]


async def test_tick_skip_and_untick_are_kept_with_who_when_and_the_timeline(
        make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        await open_item(pilot, "ack")
        assert grid(pilot).has_focus  # 2 puts the keys in the checklist
        await pilot.press("space")
        await settle(pilot)
        marks = context.store.checklists.marks(context.incident.id)
        assert [(m.item_key, m.state, m.author) for m in marks] == [
            ("ack", MarkState.DONE, "tester")]
        assert timeline(context)[-1] == (
            "✔ Done: Acknowledge the page and join the war room (Initial triage)")
        left, right = grid(pilot).row_text(grid(pilot).cursor)
        assert left.strip().startswith("✔ Acknowledge") and right == "tester 14:20Z"
        assert "1/41 done" in text_of(pilot, "#checklist-summary")

        # A skip needs a reason; an empty one is refused in place.
        await pilot.press("down", "s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReasonPrompt)
        await pilot.press("enter")
        await pilot.pause()
        assert "a reason is needed" in text_of(pilot, "#reason-problem")
        await pilot.press(*"no [b]health[/b] endpoint", "enter")
        await settle(pilot)
        skipped = context.store.checklists.marks(context.incident.id)[-1]
        assert (skipped.item_key, skipped.state, skipped.reason) == (
            "health", MarkState.SKIPPED, "no [b]health[/b] endpoint")
        assert timeline(context)[-1] == ("Skipped: Check the health endpoint of checkout "
                                         "(Initial triage), because no [b]health[/b] endpoint")
        assert "History: skipped by tester at 14:20Z (no [b]health[/b] endpoint)" in text_of(
            pilot, "#checklist-detail")
        assert "1/41 done · 1 skipped" in text_of(pilot, "#checklist-summary")

        # Untick the first: back to be done, and said so.
        await pilot.press("up", "space")
        await settle(pilot)
        assert timeline(context)[-1].startswith("Unticked: Acknowledge the page")
        assert "0/41 done · 1 skipped" in text_of(pilot, "#checklist-summary")
        assert "ticked by tester at 14:20Z · unticked by tester at 14:20Z" in text_of(
            pilot, "#checklist-detail")


async def test_a_tick_on_an_item_ticked_elsewhere_meanwhile_is_said_not_doubled(
        make_context: MakeContext, make_app: MakeApp, tmp_path: Path) -> None:
    """dana's console ticks the item while this tracker still shows it open:
    the tick asked for here is a no-op, said so, and the tracker shows dana's."""
    context = make_context(db=tmp_path / "room.db")
    async with make_app(context).run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        await open_item(pilot, "ack")
        shown = grid(pilot).rows[grid(pilot).cursor].status
        assert shown is not None and shown.mark is None
        dana = Store(open_database(tmp_path / "room.db"), context.clock)
        actions.tick_item(dana, context.incident.id, "triage", "ack", MarkState.DONE, "dana")
        dana.close()
        # As the tracker asks when space is pressed on what it showed.
        pilot.app.screen.query_one(ChecklistPane).post_message(
            ChecklistPane.MarkRequested(shown, MarkState.DONE, "Acknowledge the page"))
        await settle(pilot)
        assert [(m.state, m.author) for m in context.store.checklists.marks(
            context.incident.id)] == [(MarkState.DONE, "dana")]
        assert "Already ticked by dana at 14:20Z: “Acknowledge the page”" in toasts(pilot.app)
        assert grid(pilot).row_text(grid(pilot).cursor)[1] == "dana 14:20Z"


async def test_overdue_items_stand_out_until_done(make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        await open_item(pilot, "ack")  # due 5 minutes after 14:10
        assert grid(pilot).row_text(grid(pilot).cursor)[1] == "⚠ overdue 5m"
        summary = pilot.app.screen.query_one("#checklist-summary", Static)
        assert summary.has_class("-overdue")
        overdue_before = int(str(summary.render()).split("⚠ ")[1].split(" ")[0])
        # An item not yet due says when it is.
        status_page = next(i for i, row in enumerate(grid(pilot).rows)
                           if row.status and row.status.item.key == "status-page")
        assert grid(pilot).row_text(status_page)[1] == "due 14:40Z"
        await pilot.press("space")
        await settle(pilot)
        overdue_after = int(str(summary.render()).split("⚠ ")[1].split(" ")[0])
        assert overdue_after == overdue_before - 1


async def test_y_copies_the_filled_command_and_v_graphs_the_query(
        make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        await open_item(pilot, "pods")
        assert "$ kubectl get pods -n shop -o wide" in text_of(pilot, "#checklist-detail")
        await pilot.press("y")
        await pilot.pause()
        assert pilot.app.clipboard == "kubectl get pods -n shop -o wide"

        await open_item(pilot, "golden")
        await pilot.press("v")
        await pilot.pause()
        editor = pilot.app.screen
        assert isinstance(editor, PaneEditor)
        expr = editor.query_one("#expr-0", Input).value
        assert 'service="checkout"' in expr and "<service>" not in expr
        assert editor.query_one("#title", Input).value.startswith("Compare error rate")


async def test_playbooks_are_attached_and_detached_by_hand(make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        await pilot.press("2", "A")
        await pilot.pause()
        picker = pilot.app.screen
        assert isinstance(picker, PlaybookPicker)
        choices = picker.query_one(SelectionList)
        for playbook_id in ("failed-deployment", "memory-leak"):
            choices.highlighted = choices.get_option_index(playbook_id)
            await pilot.press("space")
        await pilot.press("ctrl+s")
        await settle(pilot)
        attached = [a.playbook.id
                    for a in context.store.checklists.attachments(context.incident.id)]
        assert "failed-deployment" not in attached and attached[-1] == "memory-leak"
        texts = timeline(context)
        assert "Playbook attached: Memory leak / OOMKilled" in texts
        assert any(t.startswith("Playbook detached: Failed deployment (0/") for t in texts)
        titles = [row.attachment.playbook.title for row in grid(pilot).rows
                  if row.status is None and not row.section]
        assert titles[-1] == "Memory leak / OOMKilled" and "Failed deployment" not in titles


async def test_a_change_that_makes_playbooks_apply_proposes_them(
        make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(pilot.app.screen, IncidentForm)
        pilot.app.screen.query_one("#form-scenarios", Input).value = (
            "db-pool, failed-deploy, oomkilled")
        await pilot.press("ctrl+s")
        await settle(pilot)
        picker = pilot.app.screen
        assert isinstance(picker, PlaybookPicker)
        assert "makes this playbook apply" in str(picker.query_one("#playbook-why").render())
        assert set(picker.query_one(SelectionList).selected) - {
            a.playbook.id for a in context.store.checklists.attachments(context.incident.id)} == {
            "memory-leak"}
        # Escape: nothing attached, and the same proposal does not come back
        # with a change that does not concern it.
        await pilot.press("escape")
        await settle(pilot)
        assert "memory-leak" not in {a.playbook.id for a in
                                     context.store.checklists.attachments(context.incident.id)}
        await pilot.press("E")
        await pilot.pause()
        pilot.app.screen.query_one("#form-impact", Input).value = "Checkout fails for all"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, (PlaybookPicker, IncidentForm))


async def test_follow_ups_from_a_timeline_entry_and_a_checklist_item(
        make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        await pilot.press("1")
        await pilot.pause()
        entry = pilot.app.screen.query_one("TimelinePane").selected
        await pilot.press("F")
        await pilot.pause()
        editor = pilot.app.screen
        assert isinstance(editor, ActionItemEditor)
        assert editor.query_one("#action-description", Input).value == entry.text
        editor.query_one("#action-owner", Input).value = "Bo"
        editor.query_one("#action-due", Input).value = "next sprint"
        await pilot.press("ctrl+s")
        await pilot.pause()
        # An unreadable date: said in place, nothing saved, nothing lost.
        assert isinstance(pilot.app.screen, ActionItemEditor)
        assert "+7d" in text_of(pilot, "#action-problem")
        assert context.store.follow_ups.for_incident(context.incident.id) == []
        editor.query_one("#action-due", Input).value = "+7d"
        await pilot.click("#action-priority")
        await pilot.press("up", "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        first = context.store.follow_ups.for_incident(context.incident.id)[0]
        assert (first.owner, first.due, first.priority) == ("Bo", date(2026, 3, 21),
                                                            Priority.P1)
        assert first.source.startswith("timeline 14:")

        await open_item(pilot, "last-deploy")
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ActionItemEditor)
        pilot.app.screen.query_one("#action-description", Input).value = (
            "Gate [red]deploys[/red] \x1b[2J on canary error rate")
        await pilot.press("ctrl+s")
        await settle(pilot)
        second = context.store.follow_ups.for_incident(context.incident.id)[-1]
        assert second.source == "checklist: Initial triage › Find the last deploy of checkout"
        assert timeline(context)[-1].startswith(f"Follow-up #{second.id}: [P2 corrective] Gate")

        # The follow-ups tab: most urgent first, hostile text shown as text;
        # space marks one done and the timeline says so.
        await pilot.press("5")
        await pilot.pause()
        actions = pilot.app.screen.query_one(ActionGrid)
        assert actions.has_focus
        assert [actions.row_text(i)[1] for i in range(actions.row_count)] == ["P1", "P2"]
        assert actions.row_text(1)[3] == "Gate [red]deploys[/red] \\x1b[2J on canary error rate"
        await pilot.press("space")
        await settle(pilot)
        assert (context.store.follow_ups.for_incident(context.incident.id)[0].status
                is ActionStatus.DONE)
        assert timeline(context)[-1] == f"Follow-up #{first.id}: done"
        assert "1 open of 2 follow-ups" in text_of(pilot, "#actions-summary")


async def test_a_broken_playbook_file_is_named_and_the_others_still_load(
        make_context: MakeContext, make_app: MakeApp, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "broken.toml").write_text('title = "x"\n[[sections]]\ntitle = "s"\n'
                                        'items = [{ txt = "typo" }]\n')
    (folder / "triage.toml").write_text('title = "Our triage"\n[[sections]]\ntitle = "s"\n'
                                        'items = ["Page the DBA"]\n')
    books, problems = playbook_library(Config(playbook_folders=(folder,), path=tmp_path / "c"))
    assert len(problems) == 1 and "broken.toml, line 2: item has unknown key 'txt'" in \
        problems[0]
    # Our own triage replaces the shipped one; the other shipped ones stay.
    assert {b.id: b.title for b in books}["triage"] == "Our triage"
    assert len(books) == 14
    context = make_context()
    context.playbooks, context.playbook_problems = books, problems
    # Toasts are shown in tests only when asked for.
    async with make_app(context).run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        assert any("broken.toml, line 2" in toast for toast in toasts(pilot.app))
        # The war room goes on with the playbooks that loaded.
        await pilot.press("2")
        await pilot.pause()
        assert text_of(pilot, "#checklist-summary").startswith("5 playbooks · 0/41 done")


async def test_the_palette_writes_the_post_mortem_with_the_follow_ups(
        make_context: MakeContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    from tui.files.config import parse_config

    context = make_context()
    context.store.follow_ups.add(context.incident.id, ActionDraft("Canary gate", owner="Bo"))
    # The configured targets are the ones the post-mortem holds the response to.
    context.severity_levels = parse_config('[severity.targets]\nP1 = { acknowledge = "5m" }\n',
                                           tmp_path / "config.toml").severity_levels
    async with war_room(context) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"export the post")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
    written = (tmp_path / f"{context.incident.id}-postmortem.md").read_text()
    assert written.startswith("# Post-mortem: Checkout failing")
    assert "| 1 | P2 | corrective | Canary gate | Bo | — | open |" in written
    assert "- **Initial triage**: 0/9 done" in written
    assert "- Respond within 5 min: met (2m 00s)" in written


async def test_the_palette_exports_the_incident_as_json_that_imports(
        make_context: MakeContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.store import Store, open_database
    from tui.store.incident_dump import parse_dump

    monkeypatch.chdir(tmp_path)
    context = make_context()
    async with war_room(context) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"incident as json")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
    path = tmp_path / f"{context.incident.id}.json"
    other = Store(open_database(tmp_path / "other.db"), context.clock)
    imported = other.import_incident(parse_dump(path.read_text(encoding="utf-8"), str(path)))
    # The export names each playbook by its file, not the folder it was read from.
    assert other.record(imported) == without_folders(context.store.record(context.incident.id))
    other.close()
