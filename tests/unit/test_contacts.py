"""The contacts roster: the shipped example, broken files, search and lookup."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.files.contacts import RosterError, load_roster, parse_roster
from tui.files.paths import bundled

EXAMPLE = bundled("sample_data") / "contacts.toml"


def test_the_shipped_roster_loads_people_and_teams() -> None:
    roster = load_roster(EXAMPLE, required=True)
    people = roster.people()
    assert len(people) >= 8 and len(roster.contacts) > len(people)
    priya = roster.find("Priya Raman")
    assert priya is not None and priya.role == "Incident commander"
    assert priya.reach() == "@priya · +44 20 7946 0101 · priya.raman@example.com"


def test_search_matches_every_word_anywhere_in_the_entry() -> None:
    roster = load_roster(EXAMPLE, required=True)
    assert [c.name for c in roster.search("checkout")] == ["Ana Ruiz", "Marco Bianchi",
                                                           "Checkout"]
    assert [c.name for c in roster.search("db primary")] == ["Sam Patel", "Data platform"]
    assert [c.name for c in roster.search("+44 20 7946 0108")] == ["Tomás Weber"]
    assert roster.search("nobody-at-all") == []


def test_an_escalation_step_finds_its_contact_by_role_or_rotation() -> None:
    roster = load_roster(EXAMPLE, required=True)
    found = {who: roster.find(who) for who in ("tech lead", "on-call", "db-primary", "CTO")}
    assert {who: c.name if c else None for who, c in found.items()} == {
        "tech lead": "Marco Bianchi", "on-call": "Jordan Kim", "db-primary": "Sam Patel",
        "CTO": "Grace Mwangi"}
    assert roster.find("Head of Narnia") is None


def test_a_missing_roster_is_empty_unless_the_config_named_it(tmp_path: Path) -> None:
    assert load_roster(tmp_path / "contacts.toml").contacts == ()
    with pytest.raises(RosterError, match="cannot read"):
        load_roster(tmp_path / "contacts.toml", required=True)


@pytest.mark.parametrize(("text", "message"), [
    ('[[people]]\nname = "A"\n[[people]\n', "line 3"),
    ('[[people]]\nname = "A"\n\n[[people]]\nrole = "SRE"\n', "line 4: name is required"),
    ('[[people]]\nname = "A"\npager = "123"\n', "line 1: unknown key 'pager'"),
    ('[[teams]]\nname = "A"\nphone = 5550100\n', "line 1: phone must be a string"),
    ('[[people]]\nname = "A"\n[[teams]]\nname = "a"\n', "'a' is listed twice"),
    ('[[staff]]\nname = "A"\n', "unknown table 'staff'"),
    ('people = "everyone"\n', r"people must be \[\[people\]\] tables"),
])
def test_a_broken_roster_names_its_file_and_line(tmp_path: Path, text: str,
                                                 message: str) -> None:
    path = tmp_path / "contacts.toml"
    with pytest.raises(RosterError, match=message) as caught:
        parse_roster(text, path)
    assert str(path) in str(caught.value)


def test_the_war_room_starts_without_a_roster_when_its_file_is_broken(tmp_path: Path) -> None:
    from tui.cli.launch import roster_for
    from tui.files.config import parse_config

    (tmp_path / "team.toml").write_text('[[people]]\nname = "Ana"\nphone = 5550100\n')
    config = parse_config('[contacts]\nfile = "team.toml"\n', tmp_path / "config.toml")
    roster, problems = roster_for(config)
    assert roster.contacts == ()
    assert problems == [f"{tmp_path / 'team.toml'}, line 1: phone must be a string"]
    # Named in the config but missing: said, not silently empty.
    missing = parse_config('[contacts]\nfile = "gone.toml"\n', tmp_path / "config.toml")
    assert "cannot read" in roster_for(missing)[1][0]
    # Not named and not there: no roster, nothing to say.
    assert roster_for(parse_config("", tmp_path / "config.toml")) == (roster, [])
