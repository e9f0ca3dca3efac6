"""A pod in depth through the real `kubernetes` client against the loopback
API server, and on screen: conditions, containers, last termination and
the pod's Events; events that cannot be read leave the pod shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.integration.kube_server import KubeApiServer, make_pod
from tests.integration.test_kubernetes import wait_until
from tests.integration.test_kubernetes_screen import live_app
from tests.ui.helpers import wait_for
from tui.files.config import Config, KubernetesSettings
from tui.screens.pod_detail import PodDetailScreen
from tui.sources import SourceError
from tui.sources.kubernetes import KubernetesPods
from tui.widgets.pod_table import PodTable

OOM = {"reason": "OOMKilled", "exitCode": 137, "startedAt": "2026-11-23T10:00:00Z",
       "finishedAt": "2026-11-23T10:04:00Z"}


def crashing_pod() -> dict:  # type: ignore[type-arg]
    pod = make_pod("checkout-1", ready=False, restarts=4, waiting="CrashLoopBackOff",
                   last_terminated=OOM)
    pod["status"]["conditions"] = [
        {"type": "Ready", "status": "False", "reason": "ContainersNotReady",
         "message": "containers with unready status: [app]",
         "lastTransitionTime": "2026-11-23T10:04:00Z"}]
    pod["metadata"]["ownerReferences"] = [{"kind": "ReplicaSet", "name": "checkout-7d9f"}]
    return pod


def test_detail_has_conditions_last_termination_and_events(
        kube_api: KubeApiServer, kubeconfig: Path,
        open_pods: Callable[..., KubernetesPods]) -> None:
    pod = crashing_pod()
    kube_api.apply(pod)
    kube_api.apply(make_pod("other"))
    kube_api.add_event(pod, "BackOff", "Back-off restarting failed container app", count=7)
    kube_api.add_event(pod, "Pulled", "Container image already present", type="Normal",
                       last="2026-11-23T10:01:00Z")
    kube_api.add_event(make_pod("other"), "Killing", "not about checkout-1")
    source = open_pods(kubeconfig)
    row = next(r for r in wait_until(source, lambda s: len(s.rows) == 2).rows
               if r.name == "checkout-1")

    detail = source.detail(row)
    assert detail.owner == "ReplicaSet/checkout-7d9f"
    ready = detail.conditions[0]
    assert (ready.type, ready.status, ready.reason) == ("Ready", "False", "ContainersNotReady")
    container = detail.containers[0]
    assert (container.state, container.reason) == ("waiting", "CrashLoopBackOff")
    assert (container.last_reason, container.last_exit_code) == ("OOMKilled", 137)
    # Only this pod's Events, newest first, with their counts.
    assert [(e.reason, e.count) for e in detail.events] == [("BackOff", 7), ("Pulled", 1)]
    query = kube_api.requests[-1][1]
    assert query["fieldSelector"] == "involvedObject.kind=Pod,involvedObject.name=checkout-1"


def test_events_not_allowed_still_shows_the_pod_and_says_why(
        kube_api: KubeApiServer, kubeconfig: Path,
        open_pods: Callable[..., KubernetesPods]) -> None:
    kube_api.apply(crashing_pod())
    kube_api.faults.forbidden_resources = {"events"}
    source = open_pods(kubeconfig)
    row = wait_until(source, lambda s: len(s.rows) == 1).rows[0]
    detail = source.detail(row)
    assert detail.containers[0].reason == "CrashLoopBackOff"
    assert "403" in detail.events_problem
    assert 'cannot list resource "events"' in detail.events_problem


def test_a_pod_deleted_meanwhile_is_a_clear_error(
        kube_api: KubeApiServer, kubeconfig: Path,
        open_pods: Callable[..., KubernetesPods]) -> None:
    kube_api.apply(make_pod("gone-soon"))
    source = open_pods(kubeconfig)
    row = wait_until(source, lambda s: len(s.rows) == 1).rows[0]
    kube_api.delete("shop", "gone-soon")
    with pytest.raises(SourceError, match="HTTP 404"):
        source.detail(row)


async def test_enter_opens_the_pod_and_y_copies_kubectl_describe(
        kube_api: KubeApiServer, kubeconfig: Path, tmp_path: Path) -> None:
    pod = crashing_pod()
    kube_api.apply(pod)
    kube_api.add_event(pod, "BackOff", "[red]Back-off[/red] \x1b[2J restarting")
    config = Config(kubernetes=KubernetesSettings(kubeconfig=str(kubeconfig),
                                                  namespaces=("shop",)))
    app = live_app(tmp_path, config)
    async with app.run_test(size=(160, 48)) as pilot:
        pods = app.screen.query_one(PodTable)
        await wait_for(pilot, lambda: len(pods.grid.rows) == 1)
        pods.grid.focus()
        await pilot.press("enter")
        assert isinstance(app.screen, PodDetailScreen)
        body = app.screen.query_one("#pod-detail-body")
        await wait_for(pilot, lambda: "Events" in str(body.render()))
        text = str(body.render())
        assert "terminated: OOMKilled, exit code 137 (SIGKILL" in text
        assert "✖ Ready False  ContainersNotReady" in text
        assert "[red]Back-off[/red] \\x1b[2J restarting" in text  # literal, never markup
        await pilot.press("y")
        assert app.clipboard == "kubectl describe pod checkout-1 -n shop --context prod-eu"
        kube_api.delete("shop", "checkout-1")
        await pilot.press("r")
        await wait_for(pilot, lambda: "HTTP 404" in str(body.render()))
        await pilot.press("escape")
        assert not isinstance(app.screen, PodDetailScreen)
