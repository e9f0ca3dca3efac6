"""The pods source through the real `kubernetes` client against the loopback
API server: list then watch, resume, relist on 410 Gone, failures kept on
one line with the last rows, several contexts and namespaces."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tests.integration.kube_server import KubeApiServer, make_pod, write_kubeconfig
from tui.model.pods import Health, PodSnapshot
from tui.sources.kubernetes import KubernetesPods


def now() -> datetime:
    return datetime.now(UTC)


def wait_until(source: KubernetesPods, condition: Callable[[PodSnapshot], bool],
               seconds: float = 10) -> PodSnapshot:
    deadline = time.monotonic() + seconds
    while True:
        snapshot = source.pods(now())
        if condition(snapshot):
            return snapshot
        if time.monotonic() > deadline:
            raise AssertionError(f"not met in {seconds}s; last: {snapshot}")
        time.sleep(0.05)


def statuses(snapshot: PodSnapshot) -> dict[str, str]:
    return {row.name: row.status for row in snapshot.rows}


def test_list_then_watch_follows_every_change(kube_api: KubeApiServer, kubeconfig: Path,
                                              open_pods: Callable[..., KubernetesPods]) -> None:
    kube_api.apply(make_pod("checkout-1"))
    kube_api.apply(make_pod("checkout-2", ready=False, restarts=4, waiting="CrashLoopBackOff"))
    source = open_pods(kubeconfig)
    first = wait_until(source, lambda s: s.synced)
    assert statuses(first) == {"checkout-1": "Running", "checkout-2": "CrashLoopBackOff"}
    assert first.clusters == ("prod-eu",)
    assert {row.cluster for row in first.rows} == {"prod-eu"}

    kube_api.apply(make_pod("checkout-1", ready=False, restarts=1, waiting="CrashLoopBackOff",
                            last_terminated={"reason": "OOMKilled", "exitCode": 137,
                                             "finishedAt": "2026-11-23T10:05:00Z"}))
    kube_api.delete("shop", "checkout-2")
    kube_api.apply(make_pod("checkout-3", phase="Pending", ready=False,
                            waiting="ContainerCreating"))
    changed = wait_until(source, lambda s: "checkout-3" in statuses(s)
                         and "checkout-2" not in statuses(s))
    rows = {row.name: row for row in changed.rows}
    assert rows["checkout-1"].last_reason == "OOMKilled"
    assert rows["checkout-1"].last_exit_code == 137
    assert rows["checkout-1"].health is Health.FAILING
    assert rows["checkout-3"].health is Health.PENDING
    # One list; the watch resumed from the version the list returned.
    lists = [q for p, q in kube_api.requests if q.get("watch") != "true"]
    watches = [q for p, q in kube_api.requests if q.get("watch") == "true"]
    assert len(lists) == 1
    assert watches[0]["resourceVersion"] == "1002"


def test_sidecars_and_gates_read_as_kubectl_prints_them(
        kube_api: KubeApiServer, kubeconfig: Path,
        open_pods: Callable[..., KubernetesPods]) -> None:
    meshed = make_pod("meshed-1", restarts=1)
    meshed["spec"]["initContainers"] = [{"name": "envoy", "restartPolicy": "Always"}]
    meshed["status"]["initContainerStatuses"] = [
        {"name": "envoy", "ready": True, "started": True, "restartCount": 2,
         "state": {"running": {}}}]
    meshed["status"]["conditions"] = [{"type": "Initialized", "status": "True"}]
    gated = make_pod("gated-1", phase="Pending", ready=False)
    gated["status"]["containerStatuses"] = []
    gated["status"]["conditions"] = [{"type": "PodScheduled", "status": "False",
                                      "reason": "SchedulingGated"}]
    kube_api.apply(meshed)
    kube_api.apply(gated)
    source = open_pods(kubeconfig)
    rows = {row.name: row for row in wait_until(source, lambda s: len(s.rows) == 2).rows}
    sidecar = rows["meshed-1"]
    assert (sidecar.status, sidecar.ready, sidecar.containers, sidecar.restarts) == (
        "Running", 2, 2, 3)
    assert rows["gated-1"].status == "SchedulingGated"
    assert rows["gated-1"].health is Health.PENDING


def test_syncing_until_the_first_list_arrives(kube_api: KubeApiServer, kubeconfig: Path,
                                              open_pods: Callable[..., KubernetesPods]) -> None:
    kube_api.apply(make_pod("api-1"))
    kube_api.faults.list_delay = 1.0
    source = open_pods(kubeconfig)
    assert source.pods(now()).synced is False
    assert wait_until(source, lambda s: s.synced).rows


def test_big_lists_are_paged_and_counted_in(kube_api: KubeApiServer, kubeconfig: Path,
                                            open_pods: Callable[..., KubernetesPods]) -> None:
    kube_api.load([make_pod(f"web-{i:04d}", namespace=f"ns-{i % 3}") for i in range(1200)])
    kube_api.faults.list_delay = 0.4  # per page: the pane has time to show progress
    source = open_pods(kubeconfig)
    partial = wait_until(source, lambda s: s.listed > 0)
    assert not partial.synced and partial.rows == ()
    assert partial.listed in (500, 1000)
    synced = wait_until(source, lambda s: s.synced)
    assert len(synced.rows) == 1200 and synced.listed == 0
    pages = kube_api.list_requests()
    assert [q.get("limit") for q in pages] == ["500", "500", "500"]
    assert [bool(q.get("continue")) for q in pages] == [False, True, True]
    # The watch resumes from the version of the paged list's snapshot.
    kube_api.apply(make_pod("web-new"))
    assert "web-new" in statuses(wait_until(source, lambda s: len(s.rows) == 1201))


def test_an_expired_continue_token_falls_back_to_one_whole_list(
        kube_api: KubeApiServer, kubeconfig: Path,
        open_pods: Callable[..., KubernetesPods]) -> None:
    kube_api.load([make_pod(f"web-{i:04d}") for i in range(1200)])
    kube_api.faults.expire_next_continue = True
    source = open_pods(kubeconfig)
    synced = wait_until(source, lambda s: s.synced)
    assert len(synced.rows) == 1200 and not synced.problem
    pages = kube_api.list_requests()
    # First page, a continue answered 410 Expired, then one unpaged list.
    assert [(q.get("limit"), bool(q.get("continue"))) for q in pages] == [
        ("500", False), ("500", True), (None, False)]


def test_a_cut_watch_resumes_and_a_compacted_one_relists(
        kube_api: KubeApiServer, kubeconfig: Path,
        open_pods: Callable[..., KubernetesPods]) -> None:
    kube_api.apply(make_pod("api-1"))
    source = open_pods(kubeconfig)
    wait_until(source, lambda s: s.synced)

    kube_api.cut_watches()
    kube_api.apply(make_pod("api-2"))
    wait_until(source, lambda s: "api-2" in statuses(s))
    assert kube_api.watch_count() >= 2
    watch = source._watches[0]
    assert watch.lists == 1  # resumed, not listed again

    # The history is compacted while the watch is down: resuming is 410 Gone.
    with kube_api.failing(503):
        kube_api.apply(make_pod("api-3"))
        kube_api.compact()
    wait_until(source, lambda s: "api-3" in statuses(s))
    assert watch.lists == 2
    assert source.pods(now()).problem == ""


def test_server_errors_keep_the_last_rows_and_recover(
        kube_api: KubeApiServer, kubeconfig: Path,
        open_pods: Callable[..., KubernetesPods]) -> None:
    kube_api.apply(make_pod("api-1"))
    source = open_pods(kubeconfig)
    wait_until(source, lambda s: s.synced)
    with kube_api.failing(503):
        failed = wait_until(source, lambda s: bool(s.problem))
        assert "HTTP 503" in failed.problem
        assert "unable to handle the request" in failed.problem
        assert statuses(failed) == {"api-1": "Running"}  # last rows kept
        assert failed.stale_since is not None
    kube_api.apply(make_pod("api-2"))
    back = wait_until(source, lambda s: "api-2" in statuses(s), seconds=15)
    assert back.problem == "" and back.stale_since is None


def test_unauthorized_is_explained_without_the_token(
        kube_api: KubeApiServer, tmp_path: Path,
        open_pods: Callable[..., KubernetesPods]) -> None:
    config = write_kubeconfig(tmp_path / "kc", {"prod-eu": kube_api.url},
                              token="expired-token-value")
    snapshot = wait_until(open_pods(config), lambda s: bool(s.problem))
    assert "HTTP 401 unauthorized" in snapshot.problem
    assert "kubeconfig credentials" in snapshot.problem
    assert "expired-token-value" not in snapshot.problem
    assert snapshot.synced is False


def test_forbidden_namespace_names_the_user(kube_api: KubeApiServer, kubeconfig: Path,
                                            open_pods: Callable[..., KubernetesPods]) -> None:
    kube_api.faults.forbidden_namespaces = {"payments"}
    kube_api.apply(make_pod("shop-1", "shop"))
    source = open_pods(kubeconfig, namespaces=("shop", "payments"))
    snapshot = wait_until(source, lambda s: bool(s.problem) and bool(s.rows))
    assert "HTTP 403 forbidden" in snapshot.problem
    assert 'cannot list resource "pods"' in snapshot.problem
    assert statuses(snapshot) == {"shop-1": "Running"}


def test_several_contexts_namespaces_and_a_selector(
        kube_api: KubeApiServer, tmp_path: Path,
        open_pods: Callable[..., KubernetesPods]) -> None:
    other = KubeApiServer()
    try:
        config = write_kubeconfig(tmp_path / "kc", {"prod-eu": kube_api.url,
                                                    "prod-us": other.url})
        kube_api.apply(make_pod("eu-api", "shop", labels={"tier": "backend"}))
        kube_api.apply(make_pod("eu-web", "shop", labels={"tier": "frontend"}))
        kube_api.apply(make_pod("eu-job", "batch", labels={"tier": "backend"}))
        kube_api.apply(make_pod("eu-dns", "kube-system", labels={"tier": "backend"}))
        other.apply(make_pod("us-api", "shop", labels={"tier": "backend"}))
        source = open_pods(config, contexts=("prod-eu", "prod-us"),
                           namespaces=("shop", "batch"), label_selector="tier=backend")
        snapshot = wait_until(source, lambda s: s.synced and len(s.rows) == 3)
        assert {(row.cluster, row.name) for row in snapshot.rows} == {
            ("prod-eu", "eu-api"), ("prod-eu", "eu-job"), ("prod-us", "us-api")}
        assert snapshot.clusters == ("prod-eu", "prod-us")
    finally:
        other.close()


def test_all_namespaces_by_default_and_the_current_context(
        kube_api: KubeApiServer, kubeconfig: Path,
        open_pods: Callable[..., KubernetesPods]) -> None:
    kube_api.apply(make_pod("a", "shop"))
    kube_api.apply(make_pod("b", "kube-system"))
    snapshot = wait_until(open_pods(kubeconfig), lambda s: len(s.rows) == 2)
    assert {row.namespace for row in snapshot.rows} == {"shop", "kube-system"}
    assert any(path == "/api/v1/pods" for path, _ in kube_api.requests)


def test_bad_kubeconfig_and_unknown_context_are_named(
        tmp_path: Path, kubeconfig: Path, open_pods: Callable[..., KubernetesPods]) -> None:
    missing = open_pods(tmp_path / "nope").pods(now())
    assert "nope" in missing.problem and not missing.synced
    broken = tmp_path / "broken"
    broken.write_text("clusters: [: not yaml")
    assert "broken" in open_pods(broken).pods(now()).problem
    unknown = open_pods(kubeconfig, contexts=("staging",)).pods(now())
    assert "staging" in unknown.problem


def test_hostile_pod_text_is_made_printable(kube_api: KubeApiServer, kubeconfig: Path,
                                            open_pods: Callable[..., KubernetesPods]) -> None:
    kube_api.apply(make_pod("evil-[red]x[/red]-\x1b[31mred", waiting="\x1b]0;pwned\x07Crash",
                            ready=False))
    snapshot = wait_until(open_pods(kubeconfig), lambda s: bool(s.rows))
    row = snapshot.rows[0]
    assert "\x1b" not in row.name and "\x1b" not in row.status and "\x07" not in row.status
    assert "[red]x[/red]" in row.name  # kept as text; the table never parses markup


def test_close_stops_the_watch_threads(kube_api: KubeApiServer, kubeconfig: Path,
                                       open_pods: Callable[..., KubernetesPods]) -> None:
    source = open_pods(kubeconfig)
    wait_until(source, lambda s: s.synced)
    started = time.monotonic()
    source.close()
    assert time.monotonic() - started < 3
    assert not any(watch._thread.is_alive() for watch in source._watches)


def test_namespaces_are_listed_and_switched(kube_api: KubeApiServer, kubeconfig: Path,
                                            open_pods: Callable[..., KubernetesPods]) -> None:
    kube_api.apply(make_pod("cart-1", namespace="shop"))
    kube_api.apply(make_pod("pay-1", namespace="payments"))
    kube_api.namespaces.add("empty-ns")
    source = open_pods(kubeconfig)
    wait_until(source, lambda s: len(s.rows) == 2)
    choice = source.namespaces()
    assert choice.names == ("empty-ns", "payments", "shop")
    assert choice.in_view == () and not choice.problem  # all namespaces
    source.set_namespaces(("payments",))
    only = wait_until(source, lambda s: s.synced and statuses(s).keys() == {"pay-1"})
    assert only.namespaces == ("payments",)
    assert source.namespaces().in_view == ("payments",)
    source.set_namespaces(())
    assert wait_until(source, lambda s: len(s.rows) == 2).namespaces == ()


def test_namespaces_come_from_the_pods_when_listing_them_is_forbidden(
        kube_api: KubeApiServer, kubeconfig: Path,
        open_pods: Callable[..., KubernetesPods]) -> None:
    kube_api.apply(make_pod("cart-1", namespace="shop"))
    kube_api.faults.forbidden_resources.add("namespaces")
    source = open_pods(kubeconfig)
    wait_until(source, lambda s: s.synced)
    choice = source.namespaces()
    assert choice.names == ("shop",)
    assert "HTTP 403" in choice.problem and 'cannot list resource "namespaces"' in choice.problem
