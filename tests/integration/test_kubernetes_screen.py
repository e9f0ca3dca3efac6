"""The war room on the loopback Kubernetes API (no Prometheus): the pods
pane as a user sees it, live, through failures and with several clusters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import SelectionList, Static

from tests.integration.kube_server import KubeApiServer, make_pod, write_kubeconfig
from tests.ui.helpers import wait_for
from tui.app import WarroomApp
from tui.cli.launch import build_live_context
from tui.cli.main import _with_kubernetes_flags, build_parser
from tui.files.config import Config, KubernetesSettings
from tui.screens.scope_picker import ContextPicker, NamespacePicker, ScopePicker
from tui.sources.kubernetes import KubernetesPods
from tui.widgets.line_chart import LineChart
from tui.widgets.metric_pane import MetricPane
from tui.widgets.pod_table import PodTable


def live_app(tmp_path: Path, config: Config) -> WarroomApp:
    """The live war room on `config`, polling its sources five times a second."""
    context = build_live_context(tmp_path / "w.db", config)
    context.refresh_seconds = 0.2
    return WarroomApp(context)


def cells(table: PodTable) -> list[list[str]]:
    grid = table.grid
    return [list(grid.row_text(i).values()) for i in range(len(grid.rows))]


def line(table: PodTable, selector: str) -> str:
    return str(table.query_one(selector, Static).render())


async def test_pods_pane_follows_the_cluster(kube_api: KubeApiServer, kubeconfig: Path,
                                             tmp_path: Path) -> None:
    kube_api.apply(make_pod("checkout-1"))
    kube_api.apply(make_pod("[red]evil[/red]-\x1b[2Jpod"))
    config = Config(kubernetes=KubernetesSettings(kubeconfig=str(kubeconfig),
                                                  namespaces=("shop",)))
    app = live_app(tmp_path, config)
    async with app.run_test(size=(160, 48)) as pilot:
        pods = app.screen.query_one(PodTable)
        await wait_for(pilot, lambda: len(cells(pods)) == 2)
        names = {row[0] for row in cells(pods)}
        # Markup stays literal text; the escape code is shown, not sent.
        assert "[red]evil[/red]-\\x1b[2Jpod" in names
        assert "2 pods" in line(pods, ".pod-summary")
        assert pods.border_subtitle == "prod-eu · shop"

        kube_api.apply(make_pod("checkout-1", ready=False, restarts=3,
                                waiting="CrashLoopBackOff"))
        await wait_for(pilot, lambda: "1 failing" in line(pods, ".pod-summary"))
        worst = cells(pods)[0]
        assert worst[0] == "checkout-1" and "✖ CrashLoopBackOff" in worst[2]

        with kube_api.failing(503):
            await wait_for(pilot, lambda: "HTTP 503" in line(pods, ".pod-problem"))
            assert "stale since" in line(pods, ".pod-problem")
            assert len(cells(pods)) == 2  # the last rows stay
        await wait_for(pilot, lambda: not pods.query_one(".pod-problem").display, seconds=15)

        # Where the chart would be: what to configure.
        pane = app.screen.query(MetricPane).first()
        await wait_for(pilot, lambda: "no Prometheus configured" in str(
            pane.query_one(LineChart).render()))


async def test_several_clusters_get_a_cluster_column(kube_api: KubeApiServer,
                                                     tmp_path: Path) -> None:
    other = KubeApiServer()
    try:
        kubeconfig = write_kubeconfig(tmp_path / "kc", {"eu": kube_api.url, "us": other.url})
        kube_api.apply(make_pod("api-eu"))
        other.apply(make_pod("api-us", ready=False, waiting="ImagePullBackOff"))
        args = build_parser().parse_args(["--kubeconfig", str(kubeconfig), "--context", "eu",
                                          "--context", "us", "-n", "all"])
        config = _with_kubernetes_flags(Config(), args)
        assert config.kubernetes == KubernetesSettings(str(kubeconfig), ("eu", "us"), ())
        app = live_app(tmp_path, config)
        async with app.run_test(size=(160, 48)) as pilot:
            pods = app.screen.query_one(PodTable)
            await wait_for(pilot, lambda: len(cells(pods)) == 2)
            assert [row[:2] for row in cells(pods)] == [["us", "api-us"], ["eu", "api-eu"]]
            assert pods.border_subtitle == "eu · us · all namespaces"
    finally:
        other.close()


async def test_unauthorized_cluster_says_so_instead_of_syncing(kube_api: KubeApiServer,
                                                               tmp_path: Path) -> None:
    kubeconfig = write_kubeconfig(tmp_path / "kc", {"prod": kube_api.url}, token="stale")
    config = Config(kubernetes=KubernetesSettings(kubeconfig=str(kubeconfig)))
    app = live_app(tmp_path, config)
    async with app.run_test(size=(160, 48)) as pilot:
        pods = app.screen.query_one(PodTable)
        await wait_for(pilot, lambda: "401" in line(pods, ".pod-problem"))
        assert "syncing" in line(pods, ".pod-summary")
        assert "kubeconfig credentials" in line(pods, ".pod-problem")


async def test_a_big_first_list_is_counted_in_and_shown_before_the_next_refresh(
        kube_api: KubeApiServer, kubeconfig: Path, tmp_path: Path) -> None:
    """Paged in 500 at a time, slowly: the pane counts the pods as pages
    arrive and shows them all once listed, not at the next (30 s) refresh."""
    kube_api.load([make_pod(f"web-{index:04d}") for index in range(1200)])
    kube_api.faults.list_delay = 0.4
    config = Config(kubernetes=KubernetesSettings(kubeconfig=str(kubeconfig)))
    context = build_live_context(tmp_path / "w.db", config)
    context.refresh_seconds = 30.0
    app = WarroomApp(context)
    async with app.run_test(size=(160, 48)) as pilot:
        pods = app.screen.query_one(PodTable)
        await wait_for(pilot, lambda: "pods listed" in line(pods, ".pod-summary"))
        assert "syncing… 500 pods listed" in line(pods, ".pod-summary")
        await wait_for(pilot, lambda: "1200 pods" in line(pods, ".pod-summary"))
        assert len(pods.grid.rows) == 1200


async def test_c_switches_contexts_in_the_app(kube_api: KubeApiServer, tmp_path: Path) -> None:
    other = KubeApiServer()
    try:
        kubeconfig = write_kubeconfig(tmp_path / "kc", {"eu": kube_api.url, "us": other.url,
                                                        "[red]lab": "http://127.0.0.1:9"})
        kube_api.apply(make_pod("api-eu"))
        other.apply(make_pod("api-us"))
        config = Config(kubernetes=KubernetesSettings(kubeconfig=str(kubeconfig),
                                                      contexts=("eu",)))
        app = live_app(tmp_path, config)
        async with app.run_test(size=(160, 48)) as pilot:
            pods = app.screen.query_one(PodTable)
            await wait_for(pilot, lambda: len(cells(pods)) == 1)
            await pilot.press("c")
            picker = app.screen
            assert isinstance(picker, ContextPicker)
            choices = picker.query_one(SelectionList)
            await wait_for(pilot, lambda: choices.option_count == 3)
            assert choices.selected == ["eu"]
            assert str(choices.get_option_at_index(2).prompt) == "[red]lab"  # literal
            await pilot.press("down", "space", "enter")
            await wait_for(pilot, lambda: len(cells(pods)) == 2, seconds=15)
            assert [row[0] for row in cells(pods)] == ["eu", "us"]  # a CLUSTER column
            await pilot.press("c")
            choices = app.screen.query_one(SelectionList)
            await wait_for(pilot, lambda: choices.option_count == 3)
            assert sorted(choices.selected) == ["eu", "us"]
            await pilot.press("space", "enter")  # untick eu
            await wait_for(pilot, lambda: [row[0] for row in cells(pods)] == ["api-us"],
                           seconds=15)
            await pilot.press("c")
            choices = app.screen.query_one(SelectionList)
            await wait_for(pilot, lambda: choices.option_count == 3)
            await pilot.press("down", "space", "enter")  # untick us: nothing left ticked
            assert isinstance(app.screen, ContextPicker)  # refused, with a warning
            await pilot.press("escape")
            assert not isinstance(app.screen, ContextPicker)
            assert [row[0] for row in cells(pods)] == ["api-us"]
    finally:
        other.close()


async def test_ctrl_n_picks_the_namespaces_in_view(kube_api: KubeApiServer, kubeconfig: Path,
                                                   tmp_path: Path) -> None:
    kube_api.apply(make_pod("cart-1", namespace="shop"))
    kube_api.apply(make_pod("pay-1", namespace="payments"))
    kube_api.apply(make_pod("dns-1", namespace="kube-system"))
    config = Config(kubernetes=KubernetesSettings(kubeconfig=str(kubeconfig)))
    app = live_app(tmp_path, config)
    async with app.run_test(size=(160, 48)) as pilot:
        pods = app.screen.query_one(PodTable)
        await wait_for(pilot, lambda: len(cells(pods)) == 3)
        assert pods.border_subtitle == "prod-eu · all namespaces"
        await pilot.press("ctrl+n")
        picker = app.screen
        assert isinstance(picker, NamespacePicker)
        choices = picker.query_one(SelectionList)
        await wait_for(pilot, lambda: choices.option_count == 4)
        assert choices.selected == [""]  # "all namespaces"
        # Ticking a namespace unticks "all"; Enter applies.
        await pilot.press("down", "down", "space", "down", "space", "enter")
        await wait_for(pilot, lambda: sorted(row[0] for row in cells(pods)) == [
            "cart-1", "pay-1"], seconds=15)
        assert pods.border_subtitle == "prod-eu · payments, shop"
        # A namespace nobody may list can be typed in.
        await pilot.press("ctrl+n")
        choices = app.screen.query_one(SelectionList)
        await wait_for(pilot, lambda: choices.option_count == 4)
        await pilot.press("tab", *"kube-system", "enter")
        assert sorted(choices.selected) == ["kube-system", "payments", "shop"]
        await pilot.press("shift+tab", "enter")
        await wait_for(pilot, lambda: len(cells(pods)) == 3, seconds=15)
        await pilot.press("ctrl+n")
        choices = app.screen.query_one(SelectionList)
        await wait_for(pilot, lambda: choices.option_count == 4)
        await pilot.press("space", "enter")  # "all namespaces" again
        await wait_for(pilot, lambda: pods.border_subtitle == "prod-eu · all namespaces",
                       seconds=15)


async def test_the_demo_has_no_context_key(tmp_path: Path) -> None:
    from tui.cli.launch import build_demo_context

    app = WarroomApp(build_demo_context(tmp_path / "d.db"))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("c")
        assert not isinstance(app.screen, ContextPicker)
        await pilot.press("ctrl+n")
        assert not isinstance(app.screen, NamespacePicker)


class PickerOnly(App[None]):
    """A picker over an empty screen, for its snapshot."""

    def __init__(self, picker: ScopePicker) -> None:
        super().__init__()
        self.picker = picker

    def on_mount(self) -> None:
        self.push_screen(self.picker)


def picker_loaded(count: int) -> Callable[[Pilot], Awaitable[None]]:
    async def wait(pilot: Pilot) -> None:
        await wait_for(pilot, lambda: pilot.app.screen.query_one(
            SelectionList).option_count == count)
        await pilot.pause()

    return wait


def test_context_picker_snapshot(snap_compare: Callable[..., bool], kube_api: KubeApiServer,
                                 tmp_path: Path,
                                 open_pods: Callable[..., KubernetesPods]) -> None:
    """"Kubernetes contexts in view": prod-eu and prod-us ticked, staging and
    "[red]lab" (literal, not red) not; the hint line; Cancel and Apply keys."""
    kubeconfig = write_kubeconfig(tmp_path / "kc", {
        "prod-eu": kube_api.url, "prod-us": kube_api.url, "staging": "http://127.0.0.1:9",
        "[red]lab": "http://127.0.0.1:9"})
    source = open_pods(kubeconfig, contexts=("prod-eu", "prod-us"))
    source.pods(datetime.now(UTC))  # opens the contexts in view
    assert snap_compare(PickerOnly(ContextPicker(source)), terminal_size=(100, 20),
                        run_before=picker_loaded(4))


def test_namespace_picker_snapshot(snap_compare: Callable[..., bool], kube_api: KubeApiServer,
                                   kubeconfig: Path,
                                   open_pods: Callable[..., KubernetesPods]) -> None:
    """"Namespaces in view": "all namespaces" (bold) unticked, payments and
    shop ticked, kube-system not; the box to type another namespace."""
    for name, namespace in (("cart-1", "shop"), ("pay-1", "payments"), ("dns", "kube-system")):
        kube_api.apply(make_pod(name, namespace=namespace))
    source = open_pods(kubeconfig, namespaces=("payments", "shop"))
    assert snap_compare(PickerOnly(NamespacePicker(source)), terminal_size=(100, 20),
                        run_before=picker_loaded(4))
