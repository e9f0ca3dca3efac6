"""The real `warroom` on a PostgreSQL URL, end to end, in processes of its
own: an incident exported from SQLite imports into PostgreSQL and exports
again unchanged; `incidents` and `stats` read it; a `[store] url` in the
config (password from an environment variable) stands for --db; and the war
room itself, typed into, stores its notes there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import open_store, postgres_location
from tests.unit.test_export_import import busy_incident
from tui.model.clock import FrozenClock
from tui.store.location import PostgresLocation

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def location(request: pytest.FixtureRequest) -> PostgresLocation:
    return postgres_location(request)


# No default file nor config of the user's is read or made (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("own_home")


def warroom(*args: str, password: str = "", env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **(env or {})}
    if password:
        environment["PGPASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "tui", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_an_incident_moves_from_sqlite_to_postgresql_unchanged(
        location: PostgresLocation, tmp_path: Path, clock: FrozenClock) -> None:
    sqlite_path = tmp_path / "laptop.db"
    store = open_store(sqlite_path, clock)
    incident_id = busy_incident(store)
    store.close()
    dump = tmp_path / "incident.json"
    exported = warroom("export", incident_id, "--format", "json", "--db", str(sqlite_path),
                       "-o", str(dump))
    assert exported.returncode == 0, exported.stderr
    password = location.password or ""
    imported = warroom("import", str(dump), "--db", location.url, password=password)
    assert imported.returncode == 0, imported.stderr
    again = tmp_path / "again.json"
    back = warroom("export", incident_id, "--format", "json", "--db", location.url, "-o",
                   str(again), password=password)
    assert back.returncode == 0, back.stderr
    assert json.loads(again.read_text()) == json.loads(dump.read_text())
    listed = warroom("incidents", "--db", location.url, password=password)
    assert listed.returncode == 0 and incident_id in listed.stdout
    stats = warroom("stats", "--db", location.url, "--format", "json", password=password)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)


def test_the_config_store_url_stands_for_db_and_a_wrong_password_is_said(
        location: PostgresLocation, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\nurl = "{location.url}"\npassword_env = "TEAM_PG"\n')
    listed = warroom("incidents", env={"WARROOM_CONFIG": str(config),
                                       "TEAM_PG": location.password or ""})
    assert listed.returncode == 0, listed.stderr
    refused = warroom("incidents", env={"WARROOM_CONFIG": str(config), "TEAM_PG": "wr0ng"})
    assert refused.returncode == 1
    assert "refused the credentials" in refused.stderr and "wr0ng" not in refused.stderr
    assert not (tmp_path / "home" / "data").exists()


def test_the_war_room_types_notes_into_postgresql(location: PostgresLocation,
                                                  clock: FrozenClock) -> None:
    environment = {**os.environ, "PGPASSWORD": location.password or ""}
    done = subprocess.run(
        [sys.executable, "-m", "tests.integration.ui_writer", location.url, "3"], cwd=ROOT,
        env=environment, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["ACK", "0", "ACK", "1", "ACK", "2"]
    store = open_store(location, clock)
    try:
        texts = [entry.text for incident in store.incidents.all()
                 for entry in store.timeline.entries(incident.id)]
    finally:
        store.close()
    assert sum(text.startswith("ui note ") for text in texts) == 3


def test_a_review_opens_on_postgresql_with_the_demo_history(location: PostgresLocation,
                                                            clock: FrozenClock) -> None:
    from tui.cli.launch import build_review_context

    context = build_review_context(location, clock=clock)
    try:
        assert context.incident.is_demo and context.entries
        assert context.store.archives.last_stored_at(context.incident.id) is not None
        assert not context.store.read_only
    finally:
        context.store.close()
