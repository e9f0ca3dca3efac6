"""Rollout history from ReplicaSets through the real `kubernetes` client and
the loopback API server, and a new revision offered for the timeline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.integration.kube_server import KubeApiServer, make_pod, make_replicaset
from tests.integration.test_kubernetes import now, wait_until
from tests.integration.test_kubernetes_screen import live_app
from tests.integration.test_live_screen import wait_for
from tui.config import Config, KubernetesSettings
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
    assert kube_api.requests[-1][0] == "/apis/apps/v1/namespaces/shop/replicasets"


def test_replicasets_not_allowed_is_said(kube_api: KubeApiServer, kubeconfig: Path,
                                         open_pods: Callable[..., KubernetesPods]) -> None:
    kube_api.faults.forbidden_resources = {"replicasets"}
    source = open_pods(kubeconfig)
    wait_until(source, lambda s: s.synced)
    history = source.rollouts(now())
    assert history.revisions == ()
    assert 'cannot list resource "replicasets" in API group "apps"' in history.problem


async def test_a_new_revision_is_offered_as_a_deploy_entry(
        kube_api: KubeApiServer, kubeconfig: Path, tmp_path: Path) -> None:
    kube_api.apply(make_pod("checkout-1"))
    kube_api.apply_replicaset(make_replicaset("checkout", 1, "app:1.0"))
    config = Config(kubernetes=KubernetesSettings(kubeconfig=str(kubeconfig),
                                                  namespaces=("shop",)))
    app = live_app(tmp_path, config)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.screen
        assert isinstance(screen, WarroomScreen)
        await pilot.press("4")
        table = screen.query_one(RolloutsPane)
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
