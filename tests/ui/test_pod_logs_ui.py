"""The log screen's keys with Pilot, on a stand-in log source (no HTTP:
the loopback-server tests are in tests/integration/test_pod_logs_screen.py),
and `:` for the command palette as in k9s."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime

from textual.command import CommandPalette
from textual.pilot import Pilot

from tests.conftest import MakeApp
from tests.integration.kube_server import make_pod
from tests.ui.helpers import settle
from tui.app import WarroomApp
from tui.model.pod_detail import PodDetail
from tui.model.pod_logs import LogRequest
from tui.model.pods import PodRow, PodSnapshot
from tui.model.rollouts import RolloutHistory
from tui.screens.pod_logs import PodLogsScreen
from tui.sources.kubernetes_parse import pod_detail, pod_row
from tui.widgets.log_view import LogView
from tui.widgets.pod_table import PodTable

LOG = [
    "2026-11-23T14:02:11Z \x1b[32mINFO\x1b[0m  checkout listening on :8080",
    "2026-11-23T14:02:12Z \x1b[32mINFO\x1b[0m  pool size 20, timeout 5s",
    "2026-11-23T14:05:40Z \x1b[33mWARN\x1b[0m  pool 18/20 in use",
    "2026-11-23T14:06:02Z \x1b[31mERROR\x1b[0m checkout failed: pool exhausted "
    "(waited 5s) order=8812 customer=acme cart=3 \x1b]0;owned\x07",
    "2026-11-23T14:06:03Z \x1b[31mERROR\x1b[0m checkout failed: pool exhausted "
    "(waited 5s) order=8813",
    "2026-11-23T14:06:09Z \x1b[32mINFO\x1b[0m  GET /healthz 200 [bold]ok[/bold]",
]


class _Stream:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.closed = threading.Event()

    def batches(self) -> Iterator[list[str]]:
        from tui.model.pod_logs import clean_line

        yield [clean_line(line) for line in self.lines]

    def close(self) -> None:
        self.closed.set()


class StandInLogs:
    """A pods source with logs, answering at once from memory."""

    def __init__(self, pod: dict, lines: list[str]) -> None:  # type: ignore[type-arg]
        self.pod, self.lines = pod, lines
        self.requests: list[LogRequest] = []

    def pods(self, now: datetime) -> PodSnapshot:
        return PodSnapshot(rows=(pod_row(self.pod, "prod-eu"),), as_of=now, synced=True)

    def detail(self, row: PodRow) -> PodDetail:
        return pod_detail(self.pod, [], "prod-eu")

    def logs(self, row: PodRow, request: LogRequest) -> _Stream:
        self.requests.append(request)
        return _Stream(self.lines)

    def rollouts(self, now: datetime) -> RolloutHistory:
        return RolloutHistory((), "", ())

    def close(self) -> None:
        pass


def stand_in() -> StandInLogs:
    return StandInLogs(make_pod("checkout-7d9f8c6b5-x2x9q", restarts=3), LOG)


async def open_stand_in(app: WarroomApp, pilot: Pilot, source: StandInLogs) -> LogView:
    await settle(pilot)
    row = pod_row(source.pod, "prod-eu")
    await app.push_screen(PodLogsScreen(row, source))  # type: ignore[arg-type]
    view = app.screen.query_one(LogView)
    for _ in range(40):
        if len(view.lines) == len(source.lines):
            break
        await pilot.pause(0.05)
    await pilot.pause()
    return view


async def test_colon_opens_the_command_palette(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("colon")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        assert not isinstance(app.screen, CommandPalette)


async def test_l_on_the_demo_says_logs_need_a_cluster(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.screen.query_one(PodTable).grid.focus()
        await pilot.press("l")
        assert isinstance(app.screen, PodLogsScreen)
        await pilot.pause()
        assert "logs need a live cluster" in str(app.screen.query_one("#logs-problem").render())
        await pilot.press("escape")
        assert not isinstance(app.screen, PodLogsScreen)


async def test_keys_search_wrap_previous_and_escape(make_app: MakeApp) -> None:
    app = make_app()
    source = stand_in()
    async with app.run_test(size=(100, 30)) as pilot:
        view = await open_stand_in(app, pilot, source)
        # Colours stripped; the title-setting escape shown, not sent.
        assert view.lines[3].endswith("cart=3 \\x1b]0;owned\\x07")
        assert "ERROR checkout failed" in view.lines[3]
        await pilot.press("slash", *"EXHAUSTED", "enter")
        assert view.current == 3
        await pilot.press("n")
        assert view.current == 4
        await pilot.press("n")  # wraps round to the first
        assert view.current == 3
        await pilot.press("N")
        assert view.current == 4
        await pilot.press("slash", "escape")  # escape leaves the search box only
        assert isinstance(app.screen, PodLogsScreen) and view.has_focus
        await pilot.press("w")
        assert view.wrap and view.virtual_size.height > len(LOG)
        await pilot.press("w")
        assert not view.wrap and view.virtual_size.height == len(LOG)
        await pilot.press("p")
        assert source.requests[-1] == LogRequest("app", previous=True, follow=False)
        await pilot.press("p")
        assert source.requests[-1] == LogRequest("app")
        await pilot.press("t")
        assert source.requests[-1] == LogRequest("app", timestamps=True)
        assert "timestamps" in str(app.screen.query_one("#logs-status").render())
        await pilot.press("escape")
        assert not isinstance(app.screen, PodLogsScreen)


def test_log_screen_100x30(snap_compare: Callable[..., bool],
                           make_app: MakeApp) -> None:
    """The checkout pod's log: colours stripped, markup literal, the long
    ERROR line cut at the right edge (its escaped OSC title is past it; the
    keys test checks it); `/exhausted` highlights both ERROR lines, the
    current one (order=8813, after n) in the accent colour; the status line
    says container, lines, ended and 2/2."""
    source = stand_in()

    async def run_before(pilot: Pilot) -> None:
        await open_stand_in(pilot.app, pilot, source)  # type: ignore[arg-type]
        await pilot.press("slash", *"exhausted", "enter", "n")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(100, 30),
                        run_before=run_before)
