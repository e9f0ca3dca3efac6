"""Who is in the room, in the incident header at any width: after the
second line's clocks when it fits there, else on a line of the header's
wrapped third part, the names that fit and "+N" for the others; never
cut off unseen, never pushing the severity and status off their line."""

from __future__ import annotations

from datetime import timedelta

from textual.app import App, ComposeResult

from tests.factories import T0, make_incident
from tui.widgets.incident_header import IncidentHeader

TEAM = ("Ana Ruiz", "Bo Lindqvist", "Dana Whitfield", "Marguerite Delacroix-Fontaine",
        "Priya Raman", "Sam O'Neil", "Wei Chen")


class HeaderApp(App[None]):
    CSS = "IncidentHeader { height: auto; }"  # as the war room's

    def compose(self) -> ComposeResult:
        yield IncidentHeader(make_incident(), T0 + timedelta(minutes=18))


async def header_lines(width: int, present: tuple[str, ...]) -> list[str]:
    app = HeaderApp()
    async with app.run_test(size=(width, 24)) as pilot:
        header = app.query_one(IncidentHeader)
        header.present = present
        await pilot.pause()
        lines = header.render().plain.splitlines()
        assert len(lines) == header.size.height, "the header's height follows its lines"
        return lines


async def test_at_80_columns_the_room_is_on_a_line_of_its_own() -> None:
    lines = await header_lines(80, ("dana", "priya"))
    assert lines[0].startswith(" P1 CRITICAL   INVESTIGATING   Checkout down")
    # The second line's clocks and IC fill 80 columns: the room moves down.
    assert "in the room" not in lines[1]
    assert " in the room: dana, priya" in lines[2:]
    assert all(len(line) <= 80 for line in lines)


async def test_a_room_too_full_for_the_line_says_how_many_more() -> None:
    lines = await header_lines(80, TEAM)
    room = next(line for line in lines if "in the room" in line)
    assert room == " in the room: Ana Ruiz, Bo Lindqvist, Dana Whitfield +4"
    assert lines[0].startswith(" P1 CRITICAL   INVESTIGATING")


async def test_wide_the_room_follows_the_clocks() -> None:
    lines = await header_lines(200, ("dana", "priya"))
    assert lines[1].endswith("   in the room: dana, priya")
    lines = await header_lines(160, TEAM)
    assert lines[1].endswith("   in the room: Ana Ruiz, Bo Lindqvist, Dana Whitfield +4")
    assert not any("in the room" in line for line in lines[2:])
