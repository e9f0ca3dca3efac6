"""Snapshots of the war-room screen as users see it, at the peak of the demo
incident (clock frozen at 14:20 UTC): its layouts, themes and sizes, and
its tabs. What opens over it is in test_snapshots_dialogs.py. Review the
SVGs before accepting them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from tests.conftest import PEAK, MakeApp
from tests.ui.helpers import quiesce, settle
from tui.ui.context import WarroomContext
from tui.widgets.timeline_pane import TimelinePane


def test_warroom_160x48(snap_compare: Callable[..., bool],
                        make_app: MakeApp) -> None:
    """Header: DEMO, P1 CRITICAL, INVESTIGATING, elapsed 18m 00s, next update
    in 6m 30s. Pods worst first (CrashLoopBackOff red), both metric panes with a
    red border and CRITICAL, the timeline tab with the seeded entries."""
    assert snap_compare(make_app(), terminal_size=(160, 48), run_before=settle)


@pytest.mark.parametrize("theme", ["warroom-light", "warroom-projector", "warroom-colorblind"])
def test_warroom_themes(snap_compare: Callable[..., bool],
                        make_app: MakeApp, theme: str) -> None:
    """The 160x48 war room in each other shipped theme: light (white
    background, dark text), projector (black, white text, saturated status
    colours), colour-blind safe (vermillion for failing, sky blue for good,
    every status also a symbol or word: ✖ FIRING, ● UP, CRITICAL)."""
    assert snap_compare(make_app(theme=theme), terminal_size=(160, 48),
                        run_before=settle)


@pytest.mark.parametrize("size", [(160, 48), (80, 24), (240, 70)])
def test_presentation_mode(snap_compare: Callable[..., bool],
                           make_app: MakeApp,
                           size: tuple[int, int]) -> None:
    """F5 on the projector theme: a bar of severity (P1 CRITICAL on red),
    status and title, the elapsed clock (18:00) and the next update (6:30) in
    large digits; no footer, no note box, no tab bar. At 80x24 the bar keeps
    the severity and the clocks, and the timeline gives way to the panes."""

    async def present(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        pilot.app.clear_notifications()
        await quiesce(pilot)

    assert snap_compare(make_app(theme="warroom-projector"),
                        terminal_size=size, run_before=present)


@pytest.mark.parametrize("theme", ["warroom-dark", "warroom-projector"])
@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_warroom_narrow(snap_compare: Callable[..., bool],
                        make_app: MakeApp,
                        size: tuple[int, int], theme: str) -> None:
    """Narrow (a laptop split, a projector, 80x24 over SSH): the header's
    third line wrapped by whole parts, the SLO on its own line; the pods
    across the whole width with NAME (the 40-character ingress names in
    full), READY, STATUS and RESTARTS, AGE where it fits; under them the
    charts side by side, and alerts over health, each alert stacked in two
    lines (state and name; severity, for how long and the summary)."""
    assert snap_compare(make_app(theme=theme), terminal_size=size,
                        run_before=settle)


def test_warroom_composer_tab(snap_compare: Callable[..., bool],
                              make_app: MakeApp) -> None:
    """The composer tab: the eight templates on the left, the internal
    status update chosen and filled from the incident on the right, with
    "[P1]" shown literally and the line about it (for internal, restarts the
    update clock, filled from the incident)."""

    async def open_composer(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("3")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(160, 48),
                        run_before=open_composer)


def test_rollouts_tab(snap_compare: Callable[..., bool],
                      make_app: MakeApp) -> None:
    """Tab 4 at 14:20: shop/checkout first, revision 2 (v2.14.0, created
    13:58, 22m ago) current with ▶, revision 1 (v2.13.4) greyed; then the
    other deployments with their single current revision."""

    async def open_rollouts(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("4")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(160, 48),
                        run_before=open_rollouts)


def test_timeline_editing(snap_compare: Callable[..., bool],
                          make_context: Callable[..., WarroomContext], make_app: MakeApp) -> None:
    """The timeline tab after editing: a starred entry (★), an entry with
    markup and an escape code shown literally, a megabyte paste cut with its
    length, times in true order, the cursor on the newest entry."""
    context = make_context()
    store, incident_id = context.store, context.incident.id
    first = store.timeline.entries(incident_id)[0]
    store.timeline.set_starred(first.id, True)
    store.timeline.add(incident_id, "Rolled back [red]checkout[/red] \x1b[31mv2.14.0", at=PEAK)
    store.timeline.add(incident_id, "log line " * 120_000, at=PEAK)
    context.entries = store.timeline.entries(incident_id)  # as a war room opened now reads them

    async def open_timeline(pilot: Pilot) -> None:
        await settle(pilot)
        pilot.app.screen.query_one(TimelinePane).grid.focus()
        await pilot.pause()

    assert snap_compare(make_app(context), terminal_size=(160, 48), run_before=open_timeline)


async def _checklist_in_use(pilot: Pilot) -> None:
    """Ticked the first triage item, skipped the second, cursor on the
    fifth (a command and a hint)."""
    pilot.app.animation_level = "none"
    await settle(pilot)
    await pilot.press("2")
    await pilot.pause()
    await pilot.press("down", "down", "space")
    await settle(pilot)
    await pilot.press("down", "s", *"no health endpoint", "enter")
    await settle(pilot)
    await pilot.press("down", "down", "down")
    # The toasts saying so go after 3 s of wall time: not in a snapshot.
    pilot.app.clear_notifications()
    await pilot.pause()


def test_checklist_tab(snap_compare: Callable[..., bool],
                       make_app: MakeApp) -> None:
    """The checklist tracker: five playbooks attached at declaration, the
    summary in red with the overdue count; Initial triage 1/9 done, 1
    skipped with its bar; ✔ and ⤼ rows with who and when, open items due
    at 14:15 shown "⚠ overdue 5m" in red, later ones "due 14:25Z"; the
    cursor on "Find the last deploy of checkout" with its hint and filled
    kubectl command below; the checklist keys in the footer."""
    assert snap_compare(make_app(), terminal_size=(160, 48),
                        run_before=_checklist_in_use)


def test_follow_ups_tab(snap_compare: Callable[..., bool],
                        make_context: Callable[..., WarroomContext], make_app: MakeApp) -> None:
    """Three follow-ups, most urgent first: a P0 past its due date in red,
    a P1 without an owner, a done P2 under the cursor; the summary says 2 open, 1
    overdue, 1 without an owner; markup in a description shown as typed."""
    from datetime import date

    from tui.model.action_item import ActionDraft, ActionStatus, ActionType, Priority

    context = make_context()
    store, incident_id = context.store, context.incident.id
    store.follow_ups.add(incident_id, ActionDraft(
        "Tune pgbouncer pool size", owner="Sam", priority=Priority.P2,
        status=ActionStatus.DONE))
    store.follow_ups.add(incident_id, ActionDraft(
        "Alert on [b]waiting[/b] clients before saturation", priority=Priority.P1,
        type=ActionType.DETECTIVE, due=date(2026, 3, 28)))
    store.follow_ups.add(incident_id, ActionDraft(
        "Canary gate for checkout deploys", owner="Bo", priority=Priority.P0,
        type=ActionType.PREVENTIVE, due=date(2026, 3, 13)))

    async def open_tab(pilot: Pilot) -> None:
        pilot.app.animation_level = "none"
        await settle(pilot)
        await pilot.press("5", "end")
        await pilot.pause()
        await quiesce(pilot)

    assert snap_compare(make_app(context), terminal_size=(160, 48), run_before=open_tab)


def test_contacts_tab(snap_compare: Callable[..., bool],
                      make_app: MakeApp) -> None:
    """Tab 6: the search box, "12 contacts from contacts.toml", the people by
    name (role, team, handle, phone, email, rotation) then the teams, muted.
    The header's third line: respond ✔ 2m (target 15 min), resolve in 3h42m
    (18:02Z), ESCALATE NOW → engineering manager: Ana Ruiz @ana, and the
    checkout SLO's budget spent."""

    async def open_contacts(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("6")
        await quiesce(pilot)

    assert snap_compare(make_app(), terminal_size=(160, 48),
                        run_before=open_contacts)
