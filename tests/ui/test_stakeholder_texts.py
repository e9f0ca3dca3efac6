"""A status update for stakeholders carries the incident's news, not the
console's bookkeeping, and next steps without the console's instructions:
the internal status update in the composer (tab 3), on the demo war room."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from textual.widgets import Static

from tests.ui.helpers import settle, war_room
from tests.ui.test_composer_ui import choose
from tui.model.checklist import MarkState
from tui.model.timeline import EntryKind
from tui.ui.context import WarroomContext

MakeContext = Callable[..., WarroomContext]


def section(text: str, heading: str, following: str) -> str:
    return text.split(heading, 1)[1].split(following, 1)[0]


async def test_the_internal_update_leaves_out_bookkeeping_and_console_hints(
        make_context: MakeContext) -> None:
    context = make_context()
    store, incident_id, now = context.store, context.incident.id, context.clock.now()
    # Ticked by mistake and taken back; ticked for real; skipped; filed away.
    store.checklists.mark(incident_id, "triage", "ack", MarkState.DONE, "tester")
    store.checklists.mark(incident_id, "triage", "ack", MarkState.OPEN, "tester")
    for key in ("golden", "pods", "last-deploy", "health"):
        store.checklists.mark(incident_id, "triage", key, MarkState.DONE, "tester")
    store.timeline.add(incident_id, "pgbouncer pool at 100%", EntryKind.FINDING, author="tester")
    store.checklists.detach(incident_id, "error-rate-after-deploy", "tester")
    store.comms.snooze_update(incident_id, now + timedelta(minutes=10), "waiting for the vendor",
                        "tester")
    async with war_room(context) as pilot:
        await choose(pilot, "Internal status update")
        await settle(pilot)
        text = str(pilot.app.screen.query_one("#composer-view", Static).render())
    latest = section(text, "Latest:", "Next steps:")
    assert "pgbouncer pool at 100%" in latest
    assert "✔ Done: Check the health endpoint" in latest
    for noise in ("Unticked", "Acknowledge the page", "Playbook detached", "snoozed"):
        assert noise not in latest, (noise, latest)
    steps = section(text, "Next steps:", "Next update")
    assert "- Acknowledge the page and join the war room" in steps
    assert "- Set severity from scope and kind of impact\n" in steps + "\n", steps
    assert "(E, the impact helper)" not in steps
