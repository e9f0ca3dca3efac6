"""Rollout history from ReplicaSets through the real `kubernetes` client and
the loopback API server, and a new revision offered for the timeline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from tests.integration.kube_server import (
    KubeApiServer,
    make_deployment,
    make_pod,
    make_replicaset,
)
from tests.integration.test_kubernetes import now, wait_until
from tests.integration.test_kubernetes_screen import live_app
from tests.ui.helpers import wait_for
from tui.app import WarroomApp
from tui.files.config import Config, KubernetesSettings
from tui.model.rollouts import Progress
from tui.model.timeline import EntryKind
from tui.screens.warroom import WarroomScreen
from tui.sources.kubernetes import KubernetesPods
from tui.widgets.rollouts_pane import RolloutsPane
from tui.widgets.suggestion_bar import SuggestionBar


def test_revisions_of_the_deployments_in_view(
        kube_api: KubeApiServer, kubeconfig: Path,
        open_pods: Callable[..., KubernetesPods]) -> None:
    kube_api.apply(make_pod("checkout-1"))
    kube_api.apply_replicaset(make_replicaset("checkout", 1, "app:1.0",
                                              created="2026-11-20T09:00:00Z"))
    kube_api.apply_replicaset(make_replicaset("checkout", 2, "app:1.1", cause="deploy 1.1"))
    kube_api.apply_replicaset(make_replicaset("batch", 1, "batch:7", namespace="jobs"))
    orphan = make_replicaset("hand-made", 1, "x:1")
    orphan["metadata"]["ownerReferences"] = []
    kube_api.apply_replicaset(orphan)
    source = open_pods(kubeconfig, namespaces=("shop",))
    wait_until(source, lambda s: s.synced)
    history = source.rollouts(now())
    assert history.problem == ""
    assert [(r.deployment, r.revision, r.images, r.change_cause) for r in history.revisions] == [
        ("checkout", 2, ("app:1.1",), "deploy 1.1"), ("checkout", 1, ("app:1.0",), "")]
    assert {path for path, _query in kube_api.requests if path.startswith("/apis/")} == {
        "/apis/apps/v1/namespaces/shop/replicasets", "/apis/apps/v1/namespaces/shop/deployments"}


def test_replicasets_not_allowed_is_said(kube_api: KubeApiServer, kubeconfig: Path,
                                         open_pods: Callable[..., KubernetesPods]) -> None:
    kube_api.faults.forbidden_resources = {"replicasets"}
    source = open_pods(kubeconfig)
    wait_until(source, lambda s: s.synced)
    history = source.rollouts(now())
    assert history.revisions == ()
    assert 'cannot list resource "replicasets" in API group "apps"' in history.problem


def shop_war_room(kubeconfig: Path, tmp_path: Path) -> WarroomApp:
    """The live war room on the "shop" namespace of the loopback cluster."""
    return live_app(tmp_path, Config(kubernetes=KubernetesSettings(
        kubeconfig=str(kubeconfig), namespaces=("shop",))))


async def rollouts_tab(pilot: Pilot) -> tuple[WarroomScreen, RolloutsPane]:
    screen = pilot.app.screen
    assert isinstance(screen, WarroomScreen)
    await pilot.press("4")
    return screen, screen.query_one(RolloutsPane)


async def test_a_new_revision_is_offered_as_a_deploy_entry(
        kube_api: KubeApiServer, kubeconfig: Path, tmp_path: Path) -> None:
    kube_api.apply(make_pod("checkout-1"))
    kube_api.apply_replicaset(make_replicaset("checkout", 1, "app:1.0"))
    app = shop_war_room(kubeconfig, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        screen, table = await rollouts_tab(pilot)
        await wait_for(pilot, lambda: table.history is not None
                       and len(table.history.revisions) == 1)
        kube_api.apply_replicaset(make_replicaset("checkout", 2, "app:[red]2[/red]",
                                                  cause="helm upgrade"))
        await pilot.press("r")
        bar = screen.query_one(SuggestionBar)
        await wait_for(pilot, lambda: bar.display)
        assert ("Deployment shop/checkout rolled out revision 2 (app:[red]2[/red]; "
                "helm upgrade)") in str(bar.render())
        assert table.row_count == 2
        await pilot.press("t")
        await wait_for(pilot, lambda: any(
            entry.kind is EntryKind.DEPLOY for entry in screen.entries))


def test_where_each_rollout_stands(kube_api: KubeApiServer, kubeconfig: Path,
                                   open_pods: Callable[..., KubernetesPods]) -> None:
    kube_api.apply_deployment(make_deployment("checkout", replicas=4, updated=2, available=3,
                                              stalled=True))
    kube_api.apply_deployment(make_deployment("cart", replicas=3, updated=1, available=3))
    kube_api.apply_deployment(make_deployment("payments"))
    source = open_pods(kubeconfig, namespaces=("shop",))
    wait_until(source, lambda s: s.synced)
    states = {state.deployment: state for state in source.rollouts(now()).deployments}
    assert states["checkout"].progress is Progress.STALLED
    assert states["checkout"].describe() == "stalled: ProgressDeadlineExceeded"
    assert "timed out progressing" in states["checkout"].stalled_message
    assert states["cart"].describe() == "rolling 1/3 updated"
    assert states["payments"].progress is Progress.COMPLETE
    # Deployments that may not be read leave the revisions shown.
    kube_api.apply_replicaset(make_replicaset("checkout", 1, "app:1.0"))
    kube_api.faults.forbidden_resources = {"deployments"}
    history = source.rollouts(now())
    assert len(history.revisions) == 1 and history.deployments == ()
    assert 'cannot list resource "deployments"' in history.problem


async def test_a_stalled_rollout_is_offered_and_marked(
        kube_api: KubeApiServer, kubeconfig: Path, tmp_path: Path) -> None:
    kube_api.apply(make_pod("checkout-1"))
    kube_api.apply_replicaset(make_replicaset("checkout", 1, "app:1.0"))
    kube_api.apply_replicaset(make_replicaset("checkout", 2, "app:1.1"))
    kube_api.apply_deployment(make_deployment("checkout", replicas=4, updated=1))
    app = shop_war_room(kubeconfig, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        screen, table = await rollouts_tab(pilot)
        await wait_for(pilot, lambda: table.history is not None and table.row_count == 2)
        assert "◌ rolling 1/4 updated" in str(table.get_row_at(0)[4])
        kube_api.apply_deployment(make_deployment("checkout", replicas=4, updated=1,
                                                  stalled=True))
        await pilot.press("r")
        bar = screen.query_one(SuggestionBar)
        await wait_for(pilot, lambda: bar.display)
        assert ("Deployment shop/checkout rollout stalled: ProgressDeadlineExceeded, "
                "1/4 updated") in str(bar.render())
        assert "✖ stalled: ProgressDeadlineExceeded" in str(table.get_row_at(0)[4])
        assert "stalled" not in str(table.get_row_at(1)[4])  # revision 1 is history
