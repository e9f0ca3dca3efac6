"""Which store a command opens: `--db` (a path or a URL), else the config's
`[store]`, else the file in the user's data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.files.config import parse_config
from tui.store import StoreError
from tui.store.location import PostgresLocation, SqliteLocation
from tui.store.opening import choose_location, describe


def test_the_config_store_table_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    monkeypatch.setenv("TEAM_PG", "s3cret")
    config = parse_config('[store]\nurl = "postgresql://ana@db.internal/warroom"\n'
                          'password_env = "TEAM_PG"\n', tmp_path / "config.toml")
    assert config.store == PostgresLocation("postgresql://ana@db.internal/warroom")
    assert isinstance(config.store, PostgresLocation) and config.store.password == "s3cret"
    assert parse_config("", tmp_path / "config.toml").store is None


def test_a_password_in_the_config_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"\[store\] password: a password is never written"):
        parse_config('[store]\nurl = "postgresql://ana@db/w"\npassword = "x"\n',
                     tmp_path / "config.toml")


def test_db_comes_first_then_the_config_then_the_default_file() -> None:
    configured = PostgresLocation("postgresql://ana@db/w")
    default = Path("/data/warroom.db")
    assert choose_location("notes.db", configured, default) == SqliteLocation(Path("notes.db"))
    assert choose_location("postgresql://bo@other/w", None, default) == \
        PostgresLocation("postgresql://bo@other/w")
    assert choose_location(None, configured, default) is configured
    assert choose_location(None, None, default) == SqliteLocation(default)
    assert describe(Path("a.db")) == "a.db"


def test_an_unreachable_postgresql_is_one_line(tmp_path: Path) -> None:
    import os
    import socket
    import subprocess
    import sys

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    environment = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    environment.pop("WARROOM_CONFIG", None)
    for command in (["incidents"], ["stats"], ["review"]):
        done = subprocess.run(
            [sys.executable, "-m", "tui", *command, "--db",
             f"postgresql://ana@127.0.0.1:{port}/warroom"], capture_output=True, text=True,
            timeout=60, env=environment, stdin=subprocess.DEVNULL)
        assert done.returncode == 1, done.stderr
        assert done.stderr.startswith("warroom: cannot reach the PostgreSQL server of "
                                      f"postgresql://ana@127.0.0.1:{port}/warroom"), done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
