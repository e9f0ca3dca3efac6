"""Issue 27's "done when": two war rooms on two laptops, each its own HOME
(its own config naming the team's PostgreSQL, its password from its own
environment) and its own `warroom --as NAME` process on a real terminal
(tmux, tests/integration/tmux_terminal.py), share one incident live.

Their refresh is REFRESH_S: a note on the other's screen within a second
of being saved is the change pushed (LISTEN/NOTIFY), not the poll. Who is
in the room shows in each header; a console that quits deletes its
presence, and the other's header drops it at its next refresh (a console
that dies without quitting expires after tui/store/presence.py's WINDOW_S,
30 s)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import need, open_store, postgres_location
from tests.factories import make_incident
from tests.integration.postgres_server import free_port
from tests.integration.tmux_terminal import Terminal, TmuxServer, available, warroom_command
from tui.model.clock import SystemClock
from tui.model.incident import Milestone
from tui.store.location import PostgresLocation

REFRESH_S = 5
PASSWORD_ENV = "TEAM_PG_PASSWORD"


@pytest.fixture
def location(request: pytest.FixtureRequest) -> PostgresLocation:
    return postgres_location(request)


def laptop(folder: Path, location: PostgresLocation, nowhere: int) -> dict[str, str]:
    """The environment of a laptop whose HOME is `folder`: its config points
    at the team's database and at a Prometheus that is not there (the war
    room is a live one, refreshed every REFRESH_S, with nothing to chart)."""
    config = folder / ".config" / "warroom" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'[store]\nurl = "{location.url}"\npassword_env = "{PASSWORD_ENV}"\n\n'
                      f'[prometheus]\nurl = "http://127.0.0.1:{nowhere}"\n'
                      f"refresh_seconds = {REFRESH_S}\n")
    return {"HOME": str(folder), "PATH": "/usr/local/bin:/usr/bin:/bin",
            "TERM": "xterm-256color", "LANG": "C.UTF-8", PASSWORD_ENV: location.password or ""}


def timeline_row(who: str, text: str) -> re.Pattern[str]:
    """A note's row in the timeline (not the same words still in the note box)."""
    return re.compile(rf"note\s+{who}\s+{re.escape(text)}")


def in_the_room(screen: str) -> str:
    """Who the header's second line says is in the room ("" for no one)."""
    lines = screen.splitlines()
    return lines[1].partition("in the room: ")[2].strip() if len(lines) > 1 else ""


def note_travels(writer: Terminal, reader: Terminal, who: str, text: str) -> float:
    """Seconds from the note saved on `writer`'s screen to it on `reader`'s."""
    writer.press("n")
    # Typed once the box has the keys (its footer offers F1 for help, `?`
    # being a character there), as one who looks does: keys that arrive
    # with `n` are each sent on to the focused grid before `n` has bubbled
    # up to the screen that moves the focus.
    writer.wait_for(lambda screen: "F1 Help" in screen, 5, "the note box")
    writer.type(text)
    writer.press("Enter")
    row = timeline_row(who, text)
    saved = writer.wait_for(lambda screen: bool(row.search(screen)), 10, f"{who}'s note")
    shown = reader.wait_for(lambda screen: bool(row.search(screen)), 10, f"{who}'s note")
    return shown - saved


def test_two_war_rooms_on_two_laptops_share_an_incident_live(
        location: PostgresLocation, tmp_path: Path) -> None:
    need(available(), "tmux not installed (apt-get install -y tmux)")
    seed = open_store(location, SystemClock())
    now = datetime.now(UTC)  # an incident of today: a header of today's countdowns
    seed.incidents.create(make_incident(milestones={Milestone.STARTED: now,
                                                    Milestone.DECLARED: now}))
    seed.close()
    nowhere = free_port()
    server = TmuxServer(tmp_path)
    try:
        ana, dana = (server.run(name, [*warroom_command(), "--as", name],
                                laptop(tmp_path / name, location, nowhere))
                     for name in ("ana", "dana"))
        for terminal in (ana, dana):
            # The footer's keys come last, once the note box takes keys
            # (`n` typed when the box is drawn but not yet live does nothing).
            terminal.wait_for(lambda screen: "Checkout down" in screen
                              and "? Help" in screen, 30, "the whole war room")

        assert note_travels(ana, dana, "ana", "db-2 pool exhausted") < 1.0
        assert note_travels(dana, ana, "dana", "failing over to db-3") < 1.0
        ana.wait_for(lambda screen: in_the_room(screen) == "dana", REFRESH_S + 2,
                     "dana in the room")
        dana.wait_for(lambda screen: in_the_room(screen) == "ana", REFRESH_S + 2,
                      "ana in the room")

        dana.press("Escape")  # out of the note box; `q` waits as after `n`
        dana.wait_for(lambda screen: "? Help" in screen, 5, "the war room's keys")
        dana.press("q")
        assert dana.exit_status(10) == 0
        ana.wait_for(lambda screen: in_the_room(screen) == "", REFRESH_S + 2,
                     "dana gone from the room")
    finally:
        server.close()
