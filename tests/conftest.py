from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.integration import postgres_server
from tui.app import WarroomApp
from tui.cli.first_start import FirstStart
from tui.cli.launch import build_demo_context, build_review_context
from tui.files.paths import bundled
from tui.model.clock import Clock, FrozenClock
from tui.model.timefmt import from_iso
from tui.sources.demo import Recording, load_recording
from tui.store import Store, open_database
from tui.store.location import PostgresLocation
from tui.store.opening import open_location
from tui.ui.context import WarroomContext

# A moment in the demo incident: errors at their peak, a pod in CrashLoopBackOff.
PEAK = from_iso("2026-03-14T14:20:00Z")
# Days after the demo incident: the review happens later.
REVIEW_AT = from_iso("2026-03-16T09:30:00Z")

MakeContext = Callable[..., WarroomContext]
MakeApp = Callable[..., WarroomApp]


@pytest.fixture(scope="session")
def recording() -> Recording:
    return load_recording(bundled("sample_data") / "demo")


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 3, 14, 14, 20, tzinfo=UTC))


@pytest.fixture
def own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No default file nor config of the user's is read or made: a HOME of
    the test's own (`pytest.mark.usefixtures("own_home")` in the CLI tests)."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / "config"))
    monkeypatch.delenv("WARROOM_CONFIG", raising=False)


# The engines a test marked `both_engines` runs on.
ENGINES = ("sqlite", "postgresql")


def need(available: bool, message: str) -> None:
    """Skip on a laptop without the server's package; fail in CI, which
    installs it and must run the test."""
    if not available:
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "both_engines: the `store` fixture is SQLite, then a real PostgreSQL")
    config.addinivalue_line(
        "markers", "sqlite_only(why): in a both_engines module, a test of SQLite itself")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    definition = metafunc.definition
    if ("engine" in metafunc.fixturenames and definition.get_closest_marker("both_engines")
            and not definition.get_closest_marker("sqlite_only")):
        metafunc.parametrize("engine", ENGINES)


@pytest.fixture
def engine() -> str:
    """The store's engine: SQLite unless the test is marked both_engines."""
    return "sqlite"


@pytest.fixture(scope="session")
def postgres() -> Iterator[postgres_server.PostgresServer]:
    """A real PostgreSQL, password authentication on, run as an
    unprivileged user when the tests run as root."""
    bin_dir = postgres_server.binaries()
    need(bin_dir is not None, "PostgreSQL not installed (apt-get install -y postgresql)")
    assert bin_dir is not None
    server, process = postgres_server.start(bin_dir)
    postgres_server.RUNNING[server.port] = process
    yield server
    postgres_server.stop(server, postgres_server.RUNNING.pop(server.port))


def postgres_location(request: pytest.FixtureRequest, template: str = ""
                      ) -> PostgresLocation:
    """A database of this test's own on the session's server: empty, or a
    copy of the database `template`."""
    server = request.getfixturevalue("postgres")
    # Readable, and unique though cut to PostgreSQL's 63-byte names.
    digest = hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:8]
    name = f"t_{re.sub(r'[^a-z0-9]+', '_', request.node.name.lower())[:48]}_{digest}"
    database = postgres_server.fresh_database(server, name, template)
    return PostgresLocation(url=database.url(), password=database.password)


@pytest.fixture(scope="session")
def migrated_postgres(postgres: postgres_server.PostgresServer) -> str:
    """The name of a database holding the store's schema, made once per
    session: a test's store copies it (CREATE DATABASE … TEMPLATE) in a
    fraction of the time its own migration took."""
    database = postgres_server.fresh_database(postgres, "migrated_template")
    location = PostgresLocation(url=database.url(), password=database.password)
    Store(open_location(location), FrozenClock(PEAK)).close()
    return database.database


@pytest.fixture
def store_location(request: pytest.FixtureRequest, engine: str, tmp_path: Path
                   ) -> Path | PostgresLocation:
    """Where this test's store lives: a file, or a PostgreSQL database of
    its own with the schema in place."""
    if engine == "postgresql":
        return postgres_location(request, request.getfixturevalue("migrated_postgres"))
    return tmp_path / "warroom.db"


def open_store(where: Path | PostgresLocation, clock: Clock) -> Store:
    """A store at `where` (a file path or a PostgreSQL location)."""
    if isinstance(where, PostgresLocation):
        return Store(open_location(where), clock)
    return Store(open_database(where), clock)


@pytest.fixture
def store(store_location: Path | PostgresLocation, clock: FrozenClock) -> Iterator[Store]:
    store = open_store(store_location, clock)
    yield store
    store.close()


class SeededFiles:
    """Demo databases seeded once per session (per xdist worker, each its
    own session) and copied for each test: a copy takes a millisecond, the
    seeding 50 to 170. Each test still gets a file of its own."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._made: dict[tuple[str, datetime], Path] = {}

    def copy(self, kind: str, at: datetime, to: Path) -> None:
        """Put at `to`, unless a file is there already (a test's own
        database, or one a first context wrote), the `kind` ("demo" or
        "review") that the builder would seed there at `at`."""
        if to.exists():
            return
        key = (kind, at)
        if key not in self._made:
            path = self._folder / f"{kind}-{at:%Y%m%dT%H%M%S}.db"
            build = build_demo_context if kind == "demo" else build_review_context
            build(path, clock=FrozenClock(at)).store.close()
            self._made[key] = path
        shutil.copyfile(self._made[key], to)


@pytest.fixture(scope="session")
def seeded_files(tmp_path_factory: pytest.TempPathFactory) -> SeededFiles:
    return SeededFiles(tmp_path_factory.mktemp("seeded"))


@pytest.fixture
def opened() -> Iterator[list[WarroomContext]]:
    """Contexts a test builds itself, their stores closed after it."""
    contexts: list[WarroomContext] = []
    yield contexts
    for context in contexts:
        context.store.close()


def joined_demo(db: Path, wall: FrozenClock, opened: list[WarroomContext],
                speed: float = 1.0) -> WarroomContext:
    """The demo war room a start at `wall` builds on `db`, as `warroom demo`
    does (its replay clock, not a frozen one)."""
    context = build_demo_context(db, speed=speed, wall_clock=wall)
    opened.append(context)
    return context


@pytest.fixture
def make_context(tmp_path: Path, seeded_files: SeededFiles,
                 opened: list[WarroomContext]) -> MakeContext:
    """Build the demo war room on a real SQLite file, frozen at `at`."""
    def make(at: datetime = PEAK, db: Path | None = None) -> WarroomContext:
        db = db or tmp_path / "warroom.db"
        seeded_files.copy("demo", at, db)
        context = build_demo_context(db, clock=FrozenClock(at))
        context.author = "tester"
        opened.append(context)
        return context

    return make


@pytest.fixture
def make_review(tmp_path: Path, seeded_files: SeededFiles,
                opened: list[WarroomContext]) -> MakeContext:
    """`warroom review` of `incident_id` (else the one it picks) on a real
    SQLite file, at `at`: on a new file, the demo incident's whole story."""
    def make(incident_id: str | None = None, db: Path | None = None,
             at: datetime = REVIEW_AT) -> WarroomContext:
        db = db or tmp_path / "review.db"
        seeded_files.copy("review", at, db)
        context = build_review_context(db, incident_id, clock=FrozenClock(at))
        context.author = "reviewer"
        opened.append(context)
        return context

    return make


@pytest.fixture
def make_app(make_context: MakeContext) -> MakeApp:
    """The one way tests build the app: on `context`, else on the demo war
    room `make_context(**demo)` builds (`at`, `db`); `review`, `theme` and
    `theme_folders` as `warroom` passes them; with `first`, the header-first
    start and no context."""
    def make(context: WarroomContext | None = None, *, review: bool = False,
             theme: str = "", theme_folders: tuple[Path, ...] = (),
             first: FirstStart | None = None, **demo: object) -> WarroomApp:
        if context is None and first is None:
            context = make_context(**demo)
        return WarroomApp(context, review=review, theme=theme, theme_folders=theme_folders,
                          first=first)

    return make
