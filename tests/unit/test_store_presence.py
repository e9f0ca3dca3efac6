"""Who is in the room (tui/store/presence.py), on both engines: two stores
on one database see each other, a console that stops saying it is there
disappears after the window, a closed one at once; and `--as` / `[user]
name` choose the name this console writes under."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import open_store
from tests.factories import make_incident
from tui.cli.launch import _author
from tui.cli.main import build_parser
from tui.files.config import Config, ConfigError, load_config
from tui.model.clock import FrozenClock
from tui.store import presence
from tui.store.location import PostgresLocation
from tui.store.store import Store

pytestmark = pytest.mark.both_engines
NOON = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)


@pytest.fixture
def other(store: Store, store_location: Path | PostgresLocation, clock: FrozenClock
          ) -> Iterator[Store]:
    """A second console on the same database."""
    store.incidents.create(make_incident())
    store.incidents.create(make_incident(id="INC-2"))
    second = open_store(store_location, clock)
    yield second
    second.close()


def test_two_consoles_see_each_other(store: Store, other: Store) -> None:
    assert store.presence.here("INC-1", "ana", NOON) == ()
    assert other.presence.here("INC-1", "priya", NOON) == ("ana",)
    assert store.presence.here("INC-1", "ana", NOON) == ("priya",)
    assert other.presence.here("INC-2", "priya", NOON + timedelta(seconds=6)) == ()
    # Switched away: no longer in INC-1's room.
    assert store.presence.here("INC-1", "ana", NOON + timedelta(seconds=7)) == ()


def test_a_console_gone_quiet_expires_and_a_closed_one_leaves(
        store: Store, other: Store, store_location: Path | PostgresLocation,
        clock: FrozenClock) -> None:
    other.presence.here("INC-1", "priya", NOON)
    later = NOON + timedelta(seconds=presence.WINDOW_S - 1)
    assert store.presence.here("INC-1", "ana", later) == ("priya",)
    expired = NOON + timedelta(seconds=presence.WINDOW_S + 1)
    assert store.presence.others("INC-1", expired) == ()
    third = open_store(store_location, clock)
    third.presence.here("INC-1", "dana", expired)
    assert store.presence.others("INC-1", expired) == ("dana",)
    third.close()
    assert store.presence.others("INC-1", expired) == ()


def test_a_read_only_store_shows_the_others_without_writing(store: Store, other: Store) -> None:
    other.presence.here("INC-1", "priya", NOON)
    store.conn.execute("PRAGMA query_only = ON")
    assert store.presence.here("INC-1", "ana", NOON) == ("priya",)
    assert other.presence.others("INC-1", NOON) == ()


def test_the_name_comes_from_as_then_the_config_then_the_login(tmp_path: Path) -> None:
    assert build_parser().parse_args(["--as", "ana"]).user == "ana"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--as", "a\x1b[2Jb"])
    config = tmp_path / "config.toml"
    config.write_text('[user]\nname = "priya"\n')
    loaded = load_config(config)
    assert loaded.user == "priya" and _author(loaded) == "priya"
    assert _author(Config()) == _author()
    config.write_text('[user]\nname = "a\\u0007"\n')
    with pytest.raises(ConfigError, match=r"\[user\] name"):
        load_config(config)
