"""Container logs through the real `kubernetes` client against the loopback
API server: what is read, what the server refuses (in its own words), and
the bound on what is kept."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.integration.kube_server import KubeApiServer, make_pod
from tests.integration.test_kubernetes import wait_until
from tui.model.pod_logs import BoundedLines, LogRequest
from tui.model.pods import PodRow
from tui.sources import SourceError
from tui.sources.kubernetes import KubernetesPods


def two_container_pod(name: str = "web-1") -> dict[str, Any]:
    """An app, a native sidecar and an init container, as a mesh adds them."""
    pod = make_pod(name, restarts=2)
    pod["spec"]["containers"] = [{"name": "app"}, {"name": "proxy"}]
    pod["spec"]["initContainers"] = [{"name": "migrate"},
                                     {"name": "mesh", "restartPolicy": "Always"}]
    app = pod["status"]["containerStatuses"][0]
    pod["status"]["containerStatuses"].append({**app, "name": "proxy", "restartCount": 0})
    done = {"terminated": {"reason": "Completed", "exitCode": 0}}
    pod["status"]["initContainerStatuses"] = [
        {**app, "name": "migrate", "restartCount": 0, "state": done, "ready": False},
        {**app, "name": "mesh", "restartCount": 0, "started": True}]
    return pod


def row_of(kube_api: KubeApiServer, kubeconfig: Path,
           open_pods: Callable[..., KubernetesPods], *pods: dict[str, Any]
           ) -> tuple[KubernetesPods, PodRow]:
    for pod in pods:
        kube_api.apply(pod)
    source = open_pods(kubeconfig)
    row = wait_until(source, lambda s: len(s.rows) == len(pods)).rows[0]
    return source, row


def read_all(source: KubernetesPods, row: PodRow, request: LogRequest) -> list[str]:
    return [line for batch in source.logs(row, request).batches() for line in batch]


def test_logs_are_read_cleaned_and_tailed(kube_api: KubeApiServer, kubeconfig: Path,
                                         open_pods: Callable[..., KubernetesPods]) -> None:
    source, row = row_of(kube_api, kubeconfig, open_pods, make_pod("api-1"))
    kube_api.write_log("shop", "api-1", ["starting", "\x1b[31mERROR\x1b[0m boom \x1b[2J",
                                         "[red]markup[/red]\tend"])
    lines = read_all(source, row, LogRequest("app", follow=False))
    # Colours stripped; any other escape shown, never sent; markup literal.
    assert lines == ["starting", "ERROR boom \\x1b[2J", "[red]markup[/red]    end"]
    assert read_all(source, row, LogRequest("app", follow=False, tail_lines=1)) == [
        "[red]markup[/red]    end"]
    query = kube_api.requests[-1][1]
    assert (query["container"], query["tailLines"], query["follow"]) == ("app", "1", "false")
    stamped = read_all(source, row, LogRequest("app", follow=False, timestamps=True))
    assert stamped[0] == "2026-11-23T10:00:00.000000000Z starting"


def test_several_containers_need_a_name_and_previous_needs_a_restart(
        kube_api: KubeApiServer, kubeconfig: Path,
        open_pods: Callable[..., KubernetesPods]) -> None:
    source, row = row_of(kube_api, kubeconfig, open_pods, two_container_pod())
    with pytest.raises(SourceError) as refused:
        read_all(source, row, LogRequest("", follow=False))
    assert str(refused.value).startswith("HTTP 400 from http://127.0.0.1:")
    assert str(refused.value).endswith(
        "a container name must be specified for pod web-1, choose one of: [app proxy] "
        "or one of the init containers: [migrate mesh]")
    with pytest.raises(SourceError, match='previous terminated container "proxy" in pod '
                                          '"web-1" not found'):
        read_all(source, row, LogRequest("proxy", previous=True, follow=False))
    kube_api.write_log("shop", "web-1", ["before the crash"], previous=True)
    kube_api.write_log("shop", "web-1", ["sidecar up"], container="mesh")
    assert read_all(source, row, LogRequest("app", previous=True, follow=False)) == [
        "before the crash"]
    assert read_all(source, row, LogRequest("mesh", follow=False)) == ["sidecar up"]


def test_forbidden_and_gone_are_one_line(kube_api: KubeApiServer, kubeconfig: Path,
                                         open_pods: Callable[..., KubernetesPods]) -> None:
    source, row = row_of(kube_api, kubeconfig, open_pods, make_pod("api-1"))
    kube_api.faults.forbidden_resources = {"pods/log"}
    with pytest.raises(SourceError) as refused:
        read_all(source, row, LogRequest("app", follow=False))
    assert str(refused.value) == (
        'HTTP 403 forbidden: pods "api-1" is forbidden: User '
        '"system:serviceaccount:warroom:tester" cannot get resource "pods/log" in API '
        'group "" in the namespace "shop"')
    kube_api.faults.forbidden_resources = set()
    kube_api.delete("shop", "api-1")
    with pytest.raises(SourceError, match=r'HTTP 404 .*pods "api-1" not found'):
        read_all(source, row, LogRequest("app", follow=False))


def test_follow_appends_and_close_stops_the_read(
        kube_api: KubeApiServer, kubeconfig: Path,
        open_pods: Callable[..., KubernetesPods]) -> None:
    source, row = row_of(kube_api, kubeconfig, open_pods, make_pod("api-1"))
    kube_api.write_log("shop", "api-1", ["one"])
    stream = source.logs(row, LogRequest("app"))
    seen: list[str] = []
    reader = threading.Thread(target=lambda: [seen.extend(b) for b in stream.batches()])
    reader.start()
    deadline = time.monotonic() + 5
    while seen != ["one"] and time.monotonic() < deadline:
        time.sleep(0.02)
    kube_api.write_log("shop", "api-1", ["two", "three"])
    while len(seen) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert seen == ["one", "two", "three"]
    stream.close()
    reader.join(3)
    assert not reader.is_alive()


def test_fifty_thousand_lines_keep_the_newest_within_the_bound(
        kube_api: KubeApiServer, kubeconfig: Path,
        open_pods: Callable[..., KubernetesPods]) -> None:
    source, row = row_of(kube_api, kubeconfig, open_pods, make_pod("chatty"))
    kube_api.write_log("shop", "chatty", [f"line {n} " + "x" * 60 for n in range(50_000)])
    kept = BoundedLines()
    for batch in source.logs(row, LogRequest("app", follow=False, tail_lines=None)).batches():
        kept.extend(batch)
    assert len(kept) == 10_000 and kept.dropped == 40_000
    assert kept[kept.start].startswith("line 40000 ") and kept[kept.end - 1].startswith(
        "line 49999 ")
    small = BoundedLines(max_bytes=100_000)
    small.extend(kept[n] for n in range(kept.start, kept.end))
    assert small.size <= 100_000 and small[small.end - 1].startswith("line 49999 ")
