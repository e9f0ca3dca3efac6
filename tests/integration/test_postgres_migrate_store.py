"""`warroom migrate-store FROM TO`, the real command in a process of its
own: a SQLite database copied into PostgreSQL and back, every incident
exporting the same before and after; a target holding anything refused in
one line, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import open_store, postgres_location
from tests.integration.test_postgres_commands import warroom
from tests.unit.test_export_import import busy_incident
from tui.model.clock import FrozenClock
from tui.model.incident import IncidentDraft
from tui.store.location import PostgresLocation

# No default file nor config of the user's is read or made (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("own_home")


def exports(where: Path | PostgresLocation, clock: FrozenClock) -> dict[str, object]:
    store = open_store(where, clock)
    try:
        return {incident.id: store.export_incident(incident.id)
                for incident in store.incidents.all()}
    finally:
        store.close()


def test_a_database_goes_to_postgresql_and_back_unchanged(
        request: pytest.FixtureRequest, tmp_path: Path, clock: FrozenClock) -> None:
    location = postgres_location(request)
    laptop = tmp_path / "laptop.db"
    store = open_store(laptop, clock)
    busy_incident(store)
    store.incidents.declare(IncidentDraft("Search slow", "P3"), "priya")
    store.close()
    before = exports(laptop, clock)
    assert len(before) == 2

    there = warroom("migrate-store", str(laptop), location.url,
                    password=location.password or "")
    assert there.returncode == 0, there.stderr
    assert "Copied 2 incidents" in there.stderr
    assert exports(location, clock) == before

    back_file = tmp_path / "back.db"
    back = warroom("migrate-store", location.url, f"sqlite:///{back_file}",
                   password=location.password or "")
    assert back.returncode == 0, back.stderr
    assert exports(back_file, clock) == before


def test_a_target_holding_anything_is_refused_in_one_line(
        request: pytest.FixtureRequest, tmp_path: Path, clock: FrozenClock) -> None:
    location = postgres_location(request)
    laptop = tmp_path / "laptop.db"
    store = open_store(laptop, clock)
    store.incidents.declare(IncidentDraft("Search slow", "P3"), "priya")
    store.close()
    target = open_store(location, clock)
    target.incidents.declare(IncidentDraft("Already here", "P2"), "ana")
    target.close()

    refused = warroom("migrate-store", str(laptop), location.url,
                      password=location.password or "")
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "empty store" in refused.stderr
    assert [title for title in (i["incident"]["title"]  # type: ignore[index]
                                for i in exports(location, clock).values())] == ["Already here"]


def test_a_missing_source_file_is_refused(tmp_path: Path) -> None:
    missing = warroom("migrate-store", str(tmp_path / "nope.db"), str(tmp_path / "to.db"))
    assert missing.returncode == 1 and "no database file" in missing.stderr
    assert not (tmp_path / "to.db").exists()
