"""The log screen on the live war room, against the loopback API server:
`l` opens it, the container picker, `p`, follow, search, wrap, the bound,
and the server's refusals as one line."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from tests.integration.kube_server import KubeApiServer, make_pod
from tests.integration.test_kubernetes_screen import live_app
from tests.integration.test_pod_logs import two_container_pod
from tests.ui.helpers import wait_for
from tui.app import WarroomApp
from tui.files.config import Config, KubernetesSettings
from tui.screens.pod_detail import PodDetailScreen
from tui.screens.pod_logs import PodLogsScreen
from tui.widgets.log_view import LogView
from tui.widgets.pod_table import PodTable


def shown(app: WarroomApp) -> list[str]:
    """The log lines on screen, as drawn."""
    view = app.screen.query_one(LogView)
    return [view.render_line(y).text.rstrip() for y in range(view.size.height)]


def said(app: WarroomApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_logs(app: WarroomApp, pilot: Pilot, pods: int = 1) -> None:
    table = app.screen.query_one(PodTable)
    await wait_for(pilot, lambda: len(table.grid.rows) == pods)
    table.grid.focus()
    await pilot.press("l")
    assert isinstance(app.screen, PodLogsScreen)


def config_for(kubeconfig: Path) -> Config:
    return Config(kubernetes=KubernetesSettings(kubeconfig=str(kubeconfig),
                                                namespaces=("shop",)))


async def test_l_shows_the_log_and_follows_it(kube_api: KubeApiServer, kubeconfig: Path,
                                              tmp_path: Path) -> None:
    kube_api.apply(make_pod("api-1"))
    kube_api.write_log("shop", "api-1", ["started", "\x1b[32mINFO\x1b[0m ready [b]x[/b]"])
    app = live_app(tmp_path, config_for(kubeconfig))
    async with app.run_test(size=(120, 30)) as pilot:
        await open_logs(app, pilot)
        await wait_for(pilot, lambda: "INFO ready [b]x[/b]" in shown(app))
        assert shown(app)[0] == "started"
        assert "shop/api-1  app (container)" in said(app, "#logs-status")
        assert "following" in said(app, "#logs-status")
        kube_api.write_log("shop", "api-1", [f"request {n}" for n in range(60)])
        await wait_for(pilot, lambda: "62 lines" in said(app, "#logs-status"))
        await wait_for(pilot, lambda: "request 59" in shown(app))
        # The end is in view: the newest line is the last row drawn.
        assert [line for line in shown(app) if line][-1] == "request 59"
        # Scrolled up, the view stays put while lines arrive.
        await pilot.press("home")
        kube_api.write_log("shop", "api-1", ["late"])
        await wait_for(pilot, lambda: "63 lines" in said(app, "#logs-status"))
        assert shown(app)[0] == "started"
        assert "paused (G follows)" in said(app, "#logs-status")
        await pilot.press("G")
        await wait_for(pilot, lambda: "late" in shown(app))
        await pilot.press("escape")
        assert not isinstance(app.screen, PodLogsScreen)
        # The read is hung up with the screen.
        await wait_for(pilot, lambda: not [w for w in app.workers if w.name == "_read"
                                           and w.is_running])


async def test_picker_names_sidecars_and_init_and_p_shows_the_previous(
        kube_api: KubeApiServer, kubeconfig: Path, tmp_path: Path) -> None:
    kube_api.apply(two_container_pod())
    kube_api.write_log("shop", "web-1", ["proxy up"], container="proxy")
    kube_api.write_log("shop", "web-1", ["app now"])
    app = live_app(tmp_path, config_for(kubeconfig))
    async with app.run_test(size=(120, 30)) as pilot:
        await open_logs(app, pilot)
        picker = app.screen.query_one(OptionList)
        await wait_for(pilot, lambda: picker.option_count == 4)
        labels = [str(picker.get_option_at_index(i).prompt) for i in range(4)]
        assert labels == ["app  (container, restarted)", "proxy  (container)", "mesh  (sidecar)",
                          "migrate  (init container)"]
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: "proxy up" in shown(app))
        await pilot.press("p")  # the proxy never restarted: the API's words
        await wait_for(pilot, lambda: "previous terminated container" in said(
            app, "#logs-problem"))
        assert said(app, "#logs-problem").endswith(
            'previous terminated container "proxy" in pod "web-1" not found')
        await pilot.press("c")
        await pilot.press("up", "enter")
        await wait_for(pilot, lambda: "app now" in shown(app))
        assert said(app, "#logs-problem") == ""
        kube_api.write_log("shop", "web-1", ["before the crash"], previous=True)
        await pilot.press("p")
        await wait_for(pilot, lambda: "before the crash" in shown(app))
        assert "previous instance" in said(app, "#logs-status")
        assert "ended" in said(app, "#logs-status")


async def test_forbidden_is_one_line_and_the_pod_detail_opens_logs_too(
        kube_api: KubeApiServer, kubeconfig: Path, tmp_path: Path) -> None:
    kube_api.apply(make_pod("api-1"))
    kube_api.faults.forbidden_resources = {"pods/log"}
    app = live_app(tmp_path, config_for(kubeconfig))
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.screen.query_one(PodTable)
        await wait_for(pilot, lambda: len(table.grid.rows) == 1)
        table.grid.focus()
        await pilot.press("enter")
        assert isinstance(app.screen, PodDetailScreen)
        await pilot.press("l")
        assert isinstance(app.screen, PodLogsScreen)
        await wait_for(pilot, lambda: "403" in said(app, "#logs-problem"))
        assert said(app, "#logs-problem") == (
            '⚠ HTTP 403 forbidden: pods "api-1" is forbidden: User '
            '"system:serviceaccount:warroom:tester" cannot get resource "pods/log" in API '
            'group "" in the namespace "shop"')
        await pilot.press("escape")
        assert isinstance(app.screen, PodDetailScreen)


async def test_search_wrap_and_the_bound(kube_api: KubeApiServer, kubeconfig: Path,
                                         tmp_path: Path) -> None:
    kube_api.apply(make_pod("api-1"))
    kube_api.write_log("shop", "api-1", ["GET /a 200", "POST /b 500 error", "GET /c 200",
                                         "x" * 150 + " Error at the end"])
    app = live_app(tmp_path, config_for(kubeconfig))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_logs(app, pilot)
        view = app.screen.query_one(LogView)
        await wait_for(pilot, lambda: len(view.lines) == 4)
        await pilot.press("slash", *"error", "enter")
        assert "/error 1/2" in said(app, "#logs-status")
        assert view.current == 1
        await pilot.press("n")
        assert view.current == 3 and "/error 2/2" in said(app, "#logs-status")
        await pilot.press("N")
        assert view.current == 1
        assert "Error at the end" not in " ".join(shown(app))  # cut at the edge
        await pilot.press("w")
        assert "Error at the end" in " ".join(shown(app))
        assert "wrap" in said(app, "#logs-status")
        await pilot.press("G")
        kube_api.write_log("shop", "api-1", [f"line {n}" for n in range(50_000)])
        await wait_for(pilot, lambda: "line 49999" in shown(app), seconds=30)
        assert len(view.lines) == 10_000
        assert "10,000 lines, 40,004 older dropped (keeps 10,000)" in said(
            app, "#logs-status")
