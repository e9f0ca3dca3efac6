"""A pod's detail from raw API JSON, and as the detail dialog words it."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.integration.kube_server import make_pod
from tui.model.pods import Health
from tui.screens.pod_detail import describe_pod
from tui.sources.kubernetes_parse import kube_event, pod_detail

NOW = datetime(2026, 11, 23, 10, 10, tzinfo=UTC)


def test_init_containers_come_first_and_images_come_from_the_spec() -> None:
    pod = make_pod("web-1", phase="Pending", ready=False, waiting="PodInitializing")
    pod["spec"]["initContainers"] = [{"name": "migrate", "image": "registry.local/migrate:7"}]
    pod["spec"]["containers"] = [{"name": "app", "image": "registry.local/app:1.0"}]
    pod["status"]["initContainerStatuses"] = [{
        "name": "migrate", "ready": False, "restartCount": 2,
        "state": {"terminated": {"reason": "Error", "exitCode": 1,
                                 "finishedAt": "2026-11-23T10:05:00Z"}}}]
    del pod["status"]["containerStatuses"][0]["image"]
    detail = pod_detail(pod, [], "prod")
    first, second = detail.containers
    assert (first.name, first.init, first.state, first.exit_code) == (
        "migrate", True, "terminated", 1)
    assert second.image == "registry.local/app:1.0"
    assert detail.row.status == "Init:Error" and detail.row.health is Health.FAILING


def test_new_style_events_with_series_and_event_time() -> None:
    event = kube_event({"type": "Warning", "reason": "BackOff", "message": "m",
                        "eventTime": "2026-11-23T10:00:00.000000Z",
                        "series": {"count": 12, "lastObservedTime": "2026-11-23T10:09:00Z"},
                        "reportingComponent": "kubelet"})
    assert event.count == 12 and event.source == "kubelet"
    assert event.last_seen == datetime(2026, 11, 23, 10, 9, tzinfo=UTC)
    assert event.first_seen == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_garbage_fields_do_not_break_the_detail() -> None:
    pod = make_pod("odd")
    pod["status"]["conditions"] = [{"type": None}]
    pod["status"]["containerStatuses"][0]["state"] = {}
    pod["status"]["containerStatuses"][0]["lastState"] = {"terminated": {"exitCode": "x"}}
    detail = pod_detail(pod, [{"count": 0}, "not an event"], "prod")  # type: ignore[list-item]
    assert detail.containers[0].state == "waiting"
    assert detail.containers[0].last_exit_code is None
    assert detail.events[0].count == 1 and detail.events[0].type == "Normal"


def test_the_dialog_text_is_literal_and_explains_exit_codes() -> None:
    pod = make_pod("[bold]x[/bold]", ready=False, waiting="CrashLoopBackOff",
                   last_terminated={"reason": "OOMKilled", "exitCode": 137,
                                    "finishedAt": "2026-11-23T10:08:00Z"})
    pod["metadata"]["labels"] = {"team": "\x1b]52;c;aGk=\x07"}
    events = [{"type": "Warning", "reason": "BackOff", "message": "[link=x]y[/link]",
               "count": 3, "lastTimestamp": "2026-11-23T10:09:30Z"}]
    text = describe_pod(pod_detail(pod, events, "prod"), NOW).plain
    assert "shop/[bold]x[/bold]" in text
    assert "terminated: OOMKilled, exit code 137 (SIGKILL: out of memory" in text
    assert "at 10:08:00Z (2m ago)" in text
    assert "×3    10:09:30Z (30s ago)" in text and "[link=x]y[/link]" in text
    assert "\x1b" not in text and "team=\\x1b]52;c;aGk=\\x07" in text


def test_events_not_readable_are_said_not_hidden() -> None:
    detail = pod_detail(make_pod("a"), [], "prod", events_problem="HTTP 403 forbidden: no")
    assert "⚠ events not shown: HTTP 403 forbidden: no" in describe_pod(detail, NOW).plain


def sidecar_pod(started: bool) -> dict:
    """migrate (a plain init container, done), then envoy (a native
    sidecar), then the app."""
    pod = make_pod("web-2", phase="Running" if started else "Pending", restarts=1,
                   ready=started, waiting="" if started else "PodInitializing")
    pod["spec"]["initContainers"] = [
        {"name": "migrate", "image": "registry.local/migrate:7"},
        {"name": "envoy", "image": "envoyproxy/envoy:v1.30", "restartPolicy": "Always"}]
    pod["status"]["initContainerStatuses"] = [
        {"name": "migrate", "ready": False, "restartCount": 0,
         "state": {"terminated": {"reason": "Completed", "exitCode": 0}}},
        {"name": "envoy", "ready": started, "restartCount": 2, "started": started,
         "state": {"running": {"startedAt": "2026-11-23T10:01:00Z"}},
         "lastState": {"terminated": {"reason": "Error", "exitCode": 1,
                                      "finishedAt": "2026-11-23T10:07:00Z"}}}]
    pod["status"]["conditions"] = [{"type": "Initialized",
                                    "status": "True" if started else "False"}]
    return pod


def test_a_sidecar_is_explained_as_kubectl_counts_it() -> None:
    detail = pod_detail(sidecar_pod(started=True), [], "prod")
    migrate, envoy, app = detail.containers
    assert (migrate.sidecar, envoy.sidecar, app.sidecar) == (False, True, False)
    assert (migrate.init_step, envoy.init_step, app.init_step) == (1, 2, 0)
    row = detail.row
    # The sidecar counts in READY and RESTARTS, as in `kubectl get pods`.
    assert (row.status, row.ready, row.containers, row.restarts) == ("Running", 2, 2, 3)
    text = describe_pod(detail, NOW).plain
    assert "2/2 ready   3 restarts" in text and "age 10m" in text
    assert "migrate  init container 1/2  registry.local/migrate:7" in text
    assert "envoy  sidecar 2/2  envoyproxy/envoy:v1.30" in text
    assert "app  container  registry.local/app:1.0" in text
    assert "init 2/2 passed; 1 sidecar (restartPolicy Always) pass once started" in text


def test_init_progress_is_the_one_the_status_shows() -> None:
    detail = pod_detail(sidecar_pod(started=False), [], "prod")
    assert detail.row.status == "Init:1/2" and (detail.row.ready, detail.row.containers) == (0, 2)
    # While initialising, the init containers' restarts are the ones counted.
    assert detail.row.restarts == 2
    text = describe_pod(detail, NOW).plain
    assert "init 1/2 passed" in text and "envoy  sidecar 2/2" in text


def test_odd_shapes_do_not_break_the_detail() -> None:
    pod = make_pod("odd")
    pod["metadata"]["labels"] = ["not", "a", "map"]
    pod["metadata"]["ownerReferences"] = "x"
    pod["spec"]["initContainers"] = [None, {"name": "envoy", "restartPolicy": "Always"}]
    pod["status"]["initContainerStatuses"] = [{"name": "envoy", "state": None,
                                               "restartCount": "many"}, 7]
    pod["status"]["conditions"] = {"type": "Ready"}
    detail = pod_detail(pod, [{"series": "x", "count": "y", "source": 3}], "prod")
    assert detail.containers[0].sidecar and detail.containers[0].restarts == 0
    assert detail.labels == () and detail.owner == "" and detail.events[0].count == 1
    assert describe_pod(detail, NOW).plain
