from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.cli.launch import build_demo_context
from tui.files.paths import bundled
from tui.model.clock import FrozenClock
from tui.model.timefmt import from_iso
from tui.sources.demo import Recording, load_recording
from tui.store import Store, open_database
from tui.ui.context import WarroomContext

# A moment in the demo incident: errors at their peak, a pod in CrashLoopBackOff.
PEAK = from_iso("2026-03-14T14:20:00Z")


@pytest.fixture(scope="session")
def recording() -> Recording:
    return load_recording(bundled("sample_data") / "demo")


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 3, 14, 14, 20, tzinfo=UTC))


@pytest.fixture
def store(tmp_path: Path, clock: FrozenClock) -> Iterator[Store]:
    store = Store(open_database(tmp_path / "warroom.db"), clock)
    yield store
    store.close()


@pytest.fixture
def make_context(tmp_path: Path) -> Iterator[Callable[..., WarroomContext]]:
    """Build the demo war room on a real SQLite file, frozen at `at`."""
    opened: list[WarroomContext] = []

    def make(at: datetime = PEAK, db: Path | None = None) -> WarroomContext:
        context = build_demo_context(db or tmp_path / "warroom.db", clock=FrozenClock(at))
        context.author = "tester"
        opened.append(context)
        return context

    yield make
    for context in opened:
        context.store.close()
