"""The review draws an imported incident's pane titles, pod statuses,
series names and review notes with their escape codes made visible, never
sent to the terminal (issue 23, item 4)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import MakeApp
from tests.hostile import RAW, hostile_incident
from tests.ui.helpers import settle
from tui.app import WarroomApp
from tui.cli.launch import build_review_context
from tui.model.clock import FrozenClock


def screen_text(app: WarroomApp) -> str:
    """Every cell the screen sends to the terminal."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def test_the_review_shows_escape_codes_inertly(make_app: MakeApp, tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    incident_id = hostile_incident(db)
    context = build_review_context(db, incident_id,
                                   clock=FrozenClock(datetime(2026, 3, 16, 9, 30, tzinfo=UTC)))
    try:
        async with make_app(context, review=True).run_test(size=(200, 60)) as pilot:
            await settle(pilot)
            await pilot.pause(0.3)
            await settle(pilot)
            shown = screen_text(pilot.app)
            title = pilot.app.sub_title
            await pilot.press("3")  # the post-mortem tab: review notes
            await settle(pilot)
            notes = screen_text(pilot.app)
    finally:
        context.store.close()
    assert "Errors" in shown and "Checkout down" in shown and "5xx" in shown
    assert "lesson" in notes
    assert "checkout-1" in shown, "the stored pod, with its status"
    for text in (shown, notes, title):
        for raw in RAW:
            assert raw not in text, repr(raw)
