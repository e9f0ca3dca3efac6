"""kubectl's own printer test cases, transcribed: the pods pane must print
READY, STATUS, RESTARTS and AGE as `kubectl get pods` does.

Source, in kubernetes/kubernetes:
pkg/printers/internalversion/printers_test.go: TestPrintPod,
TestPrintPodWithRestartableInitContainer, TestPrintPodwide,
TestPrintPodConditions, TestPrintPodList, TestPrintNonTerminatedPod
(kubectl's duration cases are in test_kubectl_duration_cases.py)

Each Go pod is written as the JSON the API server would send for it: a
nil state is an absent key, `State{Terminated: {}}` is `{"terminated": {}}`,
`make([]Container, 2)` is two unnamed containers. The Go tests build times
from time.Now(); here they are offsets from a fixed NOW. None of the Go pods
has a creationTimestamp, so kubectl prints AGE as `<unknown>` for all of them.
Case ids are `<Go test function>#<index in its table> <pod name>`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tui.model.timefmt import to_iso
from tui.sources.kubernetes_parse import pod_row
from tui.widgets.pod_grid import CELL, GridLayout

NOW = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)

RUNNING: dict[str, Any] = {"running": {}}
WAITING: dict[str, Any] = {"waiting": {}}
ALWAYS = "Always"  # containerRestartPolicyAlways: a restartable init container (sidecar)


def waiting(reason: str) -> dict[str, Any]:
    return {"waiting": {"reason": reason}}


def terminated(**fields: Any) -> dict[str, Any]:
    return {"terminated": fields}


def status(state: dict[str, Any] | None = None, *, ready: bool = False, restarts: int = 0,
           finished_ago: timedelta | None = None, name: str | None = None,
           started: bool | None = None) -> dict[str, Any]:
    """One ContainerStatus; `finished_ago` sets lastState.terminated.finishedAt."""
    raw: dict[str, Any] = {"ready": ready, "restartCount": restarts, "state": state or {}}
    if finished_ago is not None:
        raw["lastState"] = {"terminated": {"finishedAt": to_iso(NOW - finished_ago)}}
    if name is not None:
        raw["name"] = name
    if started is not None:
        raw["started"] = started
    return raw


def pod(name: str, *, containers: int | list[dict[str, Any]] = 1,
        init: int | list[dict[str, Any]] = 0, phase: str = "", reason: str = "",
        statuses: tuple[dict[str, Any], ...] = (), init_statuses: tuple[dict[str, Any], ...] = (),
        conditions: tuple[dict[str, Any], ...] = (), deleting: bool = False,
        node: str = "", pod_ips: tuple[str, ...] = ()) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": name}
    if deleting:
        metadata["deletionTimestamp"] = to_iso(NOW - timedelta(seconds=10))
    spec: dict[str, Any] = {
        "containers": [{} for _ in range(containers)] if isinstance(containers, int)
        else containers}
    if init:
        spec["initContainers"] = [{} for _ in range(init)] if isinstance(init, int) else init
    if node:
        spec["nodeName"] = node
    raw_status: dict[str, Any] = {"phase": phase, "containerStatuses": list(statuses)}
    if reason:
        raw_status["reason"] = reason
    if init_statuses:
        raw_status["initContainerStatuses"] = list(init_statuses)
    if conditions:
        raw_status["conditions"] = list(conditions)
    if pod_ips:
        raw_status["podIPs"] = [{"ip": ip} for ip in pod_ips]
    return {"metadata": metadata, "spec": spec, "status": raw_status}


def case(source: str, index: int, raw: dict[str, Any], ready: str, status_: str,
         restarts: str, age: str = "<unknown>", **wide: str) -> Any:
    return pytest.param(raw, (ready, status_, restarts, age), wide,
                        id=f"{source}#{index} {raw['metadata']['name']}")


S = timedelta(seconds=1)
M = timedelta(minutes=1)
D = timedelta(days=1)
# Two containers, the first ready and running, the second with no state:
# the pod most of kubectl's tables start from.
ONE_OF_TWO = (status(RUNNING, ready=True, restarts=3), status(restarts=3))

TEST_PRINT_POD = [
    case("TestPrintPod", 0, pod("test1", containers=2, phase="podPhase", statuses=ONE_OF_TWO),
         "1/2", "podPhase", "6"),
    case("TestPrintPod", 1, pod("test2", containers=2, phase="podPhase", statuses=(
        status(RUNNING, ready=True, restarts=3),
        status(waiting("ContainerWaitingReason"), restarts=3))),
        "1/2", "ContainerWaitingReason", "6"),
    case("TestPrintPod", 2, pod("test3", containers=2, phase="podPhase", statuses=(
        status(waiting("ContainerWaitingReason"), restarts=3),
        status(terminated(reason="ContainerTerminatedReason"), restarts=3))),
        "0/2", "ContainerWaitingReason", "6"),
    case("TestPrintPod", 3, pod("test4", containers=2, phase="podPhase", statuses=(
        status(RUNNING, ready=True, restarts=3), status(ready=True, restarts=3))),
        "1/2", "podPhase", "6"),
    case("TestPrintPod", 4, pod("test5", containers=2, phase="podPhase", reason="podReason",
                                statuses=(status(RUNNING, ready=True, restarts=3),
                                          status(ready=True, restarts=3))),
         "1/2", "podReason", "6"),
    case("TestPrintPod", 5, pod("test6", containers=2, phase="Running", statuses=(
        status(terminated(reason="Completed", exitCode=0), ready=True, restarts=3),
        status(RUNNING, ready=True, restarts=3))),
        "1/2", "NotReady", "6"),
    case("TestPrintPod", 6, pod("test6", containers=2, phase="Running", statuses=(
        status(terminated(reason="Completed", exitCode=0), ready=True, restarts=3),
        status(RUNNING, ready=True, restarts=3)),
        conditions=({"type": "Ready", "status": "True"},)),
        "1/2", "Running", "6"),
    case("TestPrintPod", 7, pod("test7", init=1, phase="podPhase",
                                init_statuses=(status(RUNNING, restarts=3, finished_ago=10 * S),),
                                statuses=(status(WAITING),)),
         "0/1", "Init:0/1", "3 (10s ago)"),
    case("TestPrintPod", 8, pod("test8", init=2, phase="podPhase",
                                init_statuses=(status(RUNNING, restarts=3, finished_ago=10 * S),
                                               status(WAITING)),
                                statuses=(status(WAITING),)),
         "0/1", "Init:0/2", "3 (10s ago)"),
    case("TestPrintPod", 9, pod("test9", init=2, phase="podPhase",
                                init_statuses=(status(terminated()),
                                               status(RUNNING, restarts=3, finished_ago=10 * S)),
                                statuses=(status(WAITING),)),
         "0/1", "Init:1/2", "3 (10s ago)"),
    case("TestPrintPod", 10, pod("test10", init=2, phase="podPhase", init_statuses=(
        status(terminated(), restarts=2, finished_ago=2 * M),
        status(RUNNING, restarts=3, finished_ago=10 * S)), statuses=(status(WAITING),)),
        "0/1", "Init:1/2", "5 (10s ago)"),
    case("TestPrintPod", 11, pod("test11", init=1, phase="Running", init_statuses=(
        status(terminated(), restarts=2, finished_ago=2 * M),),
        statuses=(status(RUNNING, restarts=4, finished_ago=20 * S),)),
        "0/1", "Running", "4 (20s ago)"),
    case("TestPrintPod", 12, pod("test12", phase="Running", statuses=(
        status(RUNNING, ready=True, restarts=3, finished_ago=5 * D),)),
        "1/1", "Running", "3 (5d ago)"),
    case("TestPrintPod", 13, pod("test13", containers=2, phase="Running", statuses=(
        status(RUNNING, ready=True),
        status(RUNNING, ready=True, restarts=3, finished_ago=10 * D))),
        "2/2", "Running", "3 (10d ago)"),
    case("TestPrintPod", 14, pod("test14", containers=2, phase="Running", statuses=(
        status(RUNNING, ready=True, restarts=6, finished_ago=5 * D),
        status(RUNNING, ready=True, restarts=3, finished_ago=20 * D))),
        "2/2", "Running", "9 (5d ago)"),
    case("TestPrintPod", 15, pod("test15", containers=2, phase="podPhase", conditions=(
        {"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"},)),
        "0/2", "SchedulingGated", "0"),
    case("TestPrintPod", 16, pod("test16", phase="Succeeded", statuses=(
        status(terminated(reason="Completed", exitCode=0)),)),
        "0/1", "Completed", "0"),
    case("TestPrintPod", 17, pod("test17", phase="Failed", statuses=(
        status(terminated(reason="Error", exitCode=1)),)),
        "0/1", "Error", "0"),
    case("TestPrintPod", 18, pod("test18", phase="Succeeded", deleting=True, statuses=(
        status(terminated(reason="Completed", exitCode=0)),)),
        "0/1", "Completed", "0"),
    case("TestPrintPod", 19, pod("test19", phase="Running", deleting=True,
                                 statuses=(status(RUNNING),)),
         "0/1", "Terminating", "0"),
    case("TestPrintPod", 20, pod("test20", phase="Pending", deleting=True),
         "0/1", "Terminating", "0"),
]

SIDECARS = [{"name": "restartable-init-1", "restartPolicy": ALWAYS},
            {"name": "restartable-init-2", "restartPolicy": ALWAYS}]
INITIALIZED_FALSE = ({"type": "Initialized", "status": "False"},)
INITIALIZED_TRUE = ({"type": "Initialized", "status": "True"},)

TEST_PRINT_POD_WITH_RESTARTABLE_INIT_CONTAINER = [
    case("TestPrintPodWithRestartableInitContainer", 0, pod(
        "test1", init=SIDECARS, phase="Pending", conditions=INITIALIZED_FALSE,
        init_statuses=(
            status(RUNNING, name="restartable-init-1", restarts=3, started=False,
                   finished_ago=10 * S),
            status(WAITING, name="restartable-init-2", started=False)),
        statuses=(status(WAITING),)),
        "0/3", "Init:0/2", "3 (10s ago)"),
    case("TestPrintPodWithRestartableInitContainer", 1, pod(
        "test1", init=SIDECARS, phase="Pending", conditions=INITIALIZED_FALSE,
        init_statuses=(
            status(RUNNING, name="restartable-init-1", restarts=3, started=True,
                   finished_ago=10 * S),
            status(RUNNING, name="restartable-init-2", started=False)),
        statuses=(status(WAITING),)),
        "0/3", "Init:1/2", "3 (10s ago)"),
    case("TestPrintPodWithRestartableInitContainer", 2, pod(
        "test2", init=SIDECARS, phase="Running", conditions=INITIALIZED_TRUE,
        init_statuses=(
            status(RUNNING, name="restartable-init-1", restarts=3, started=True,
                   finished_ago=10 * S),
            status(RUNNING, name="restartable-init-2", started=True)),
        statuses=(status(RUNNING, ready=True, restarts=4, finished_ago=20 * S),)),
        "1/3", "Running", "7 (10s ago)"),
    case("TestPrintPodWithRestartableInitContainer", 3, pod(
        "test3", init=SIDECARS, phase="Succeeded", conditions=INITIALIZED_TRUE,
        init_statuses=(
            status(terminated(reason="Error", exitCode=137), name="restartable-init-1",
                   restarts=3, started=False, finished_ago=10 * S),
            status(terminated(reason="Error", exitCode=137), name="restartable-init-2",
                   started=False)),
        statuses=(status(terminated(reason="Completed", exitCode=0), restarts=4,
                         finished_ago=20 * S),)),
        "0/3", "Completed", "7 (10s ago)"),
    case("TestPrintPodWithRestartableInitContainer", 4, pod(
        "test4", phase="Running",
        init=[{"name": "init1", "image": "initimage"},
              {"name": "sidecar1", "image": "sidecarimage", "restartPolicy": ALWAYS}],
        containers=[{"name": "container1", "image": "containerimage"}],
        init_statuses=({"name": "initinvalid"}, {"name": "init1"}, {"name": "sidecar1"}),
        statuses=({"name": "containerinvalid"}, {"name": "container1"})),
        "0/2", "Init:0/2", "0"),
]

# TestPrintPodwide also prints IP, NODE, NOMINATED NODE and READINESS GATES;
# the pane has IP and NODE, and leaves blank what kubectl prints as <none>.
READINESS_GATED: dict[str, Any] = dict(
    containers=2, node="test1", phase="podPhase", statuses=ONE_OF_TWO,
    conditions=({"type": "condition1", "status": "False"},
                {"type": "condition2", "status": "True"}))
TEST_PRINT_POD_WIDE = [
    case("TestPrintPodwide", 0, pod("test1", pod_ips=("1.1.1.1",), **READINESS_GATED),
         "1/2", "podPhase", "6", ip="1.1.1.1", node="test1"),
    case("TestPrintPodwide", 1, pod("test1", pod_ips=("1.1.1.1", "2001:db8::"),
                                    **READINESS_GATED),
         "1/2", "podPhase", "6", ip="1.1.1.1", node="test1"),
    case("TestPrintPodwide", 2, pod("test2", containers=2, phase="podPhase", statuses=(
        status(RUNNING, ready=True, restarts=3),
        status(waiting("ContainerWaitingReason"), restarts=3))),
        "1/2", "ContainerWaitingReason", "6", ip="", node=""),
]

TEST_PRINT_POD_CONDITIONS = [
    case("TestPrintPodConditions", 0, pod("test1", containers=2, phase="Running",
                                          statuses=ONE_OF_TWO), "1/2", "Running", "6"),
    case("TestPrintPodConditions", 1, pod("test1", containers=2, phase="Succeeded",
                                          statuses=ONE_OF_TWO), "1/2", "Succeeded", "6"),
    case("TestPrintPodConditions", 2, pod("test2", containers=2, phase="Failed",
                                          statuses=ONE_OF_TWO), "1/2", "Failed", "6"),
]

TEST_PRINT_POD_LIST = [
    case("TestPrintPodList", 0, pod("test1", containers=2, phase="podPhase", statuses=(
        status(RUNNING, ready=True, restarts=3), status(RUNNING, ready=True, restarts=3))),
        "2/2", "podPhase", "6"),
    case("TestPrintPodList", 1, pod("test2", phase="podPhase", statuses=(
        status(RUNNING, ready=True, restarts=1),)), "1/1", "podPhase", "1"),
]

TEST_PRINT_NON_TERMINATED_POD = [
    case("TestPrintNonTerminatedPod", 0, pod("test1", containers=2, phase="Running",
                                             statuses=ONE_OF_TWO), "1/2", "Running", "6"),
    case("TestPrintNonTerminatedPod", 1, pod("test2", containers=2, phase="Pending",
                                             statuses=ONE_OF_TWO), "1/2", "Pending", "6"),
    case("TestPrintNonTerminatedPod", 2, pod("test3", containers=2, phase="Unknown",
                                             statuses=ONE_OF_TWO), "1/2", "Unknown", "6"),
    case("TestPrintNonTerminatedPod", 3, pod("test4", containers=2, phase="Succeeded",
                                             statuses=ONE_OF_TWO), "1/2", "Succeeded", "6"),
    case("TestPrintNonTerminatedPod", 4, pod("test5", containers=2, phase="Failed", statuses=(
        status(RUNNING, ready=True, restarts=3), status(ready=True, restarts=3))),
        "1/2", "Failed", "6"),
]

KUBECTL_PODS = (TEST_PRINT_POD + TEST_PRINT_POD_WITH_RESTARTABLE_INIT_CONTAINER
                + TEST_PRINT_POD_WIDE + TEST_PRINT_POD_CONDITIONS + TEST_PRINT_POD_LIST
                + TEST_PRINT_NON_TERMINATED_POD)


def pane_cells(raw: dict[str, Any]) -> tuple[str, str, str, str]:
    """READY, STATUS, RESTARTS and AGE as the pods pane prints them (STATUS
    without the health mark the pane puts before it)."""
    row = pod_row(raw)
    return (CELL["READY"](row, NOW), row.status, CELL["RESTARTS"](row, NOW),
            CELL["AGE"](row, NOW))


def test_all_of_kubectls_pod_printer_cases_are_here() -> None:
    assert len(KUBECTL_PODS) == 39


@pytest.mark.parametrize(("raw", "expected", "wide"), KUBECTL_PODS)
def test_the_pane_prints_what_kubectl_prints(raw: dict[str, Any],
                                             expected: tuple[str, str, str, str],
                                             wide: dict[str, str]) -> None:
    assert pane_cells(raw) == expected
    row = pod_row(raw)
    for column, value in wide.items():
        assert getattr(row, column) == value


# Beyond kubectl's tables: what the pane adds around the same rules.

def test_no_restart_means_no_time_even_with_a_last_termination() -> None:
    raw = pod("p", phase="Running", statuses=(status(RUNNING, ready=True,
                                                      finished_ago=5 * M),))
    row = pod_row(raw)
    assert CELL["RESTARTS"](row, NOW) == "0" and row.last_restart_at is None
    assert row.last_reason == "" and row.last_exit_code is None


def test_the_last_termination_is_the_one_kubectl_dates_the_restart_by() -> None:
    raw = pod("p", containers=2, phase="Running", statuses=(
        status(RUNNING, ready=True, restarts=1, finished_ago=9 * M),
        status(RUNNING, ready=True, restarts=2, finished_ago=2 * M)))
    raw["status"]["containerStatuses"][1]["lastState"]["terminated"].update(
        reason="OOMKilled", exitCode=137)
    row = pod_row(raw)
    assert (row.restarts, row.last_reason, row.last_exit_code) == (3, "OOMKilled", 137)
    assert CELL["RESTARTS"](row, NOW) == "3 (2m ago)"


def test_a_lost_node_makes_a_deleted_pod_unknown() -> None:
    raw = pod("p", phase="Running", reason="NodeLost", deleting=True,
              statuses=(status(RUNNING, ready=True),))
    assert pod_row(raw).status == "Unknown"


def test_ages_and_the_short_restart_time() -> None:
    raw = pod("p", phase="Running", statuses=(status(RUNNING, ready=True, restarts=2,
                                                      finished_ago=190 * S),))
    raw["metadata"]["creationTimestamp"] = to_iso(NOW - timedelta(days=6, hours=7))
    row = pod_row(raw)
    assert CELL["AGE"](row, NOW) == "6d7h"
    assert CELL["RESTARTS"](row, NOW) == "2 (3m10s ago)"
    # Where room is short, kubectl's ShortHumanDuration.
    assert GridLayout(short_restarts=True).cell("RESTARTS", row, NOW) == "2 (3m)"
    raw["metadata"]["creationTimestamp"] = to_iso(NOW + timedelta(minutes=5))
    assert CELL["AGE"](pod_row(raw), NOW) == "<invalid>"  # a clock ahead of ours


@pytest.mark.parametrize("odd", [
    {"status": {"initContainerStatuses": [None, {"state": []}, {"state": {"terminated": 3}}]}},
    {"spec": {"initContainers": "x", "containers": None}, "status": {"containerStatuses": {}}},
    {"status": {"containerStatuses": [{"restartCount": "x", "ready": "yes",
                                       "state": {"terminated": {"exitCode": "1",
                                                                "reason": 7}}}]}},
    {"status": {"conditions": [None, {"type": "PodScheduled", "reason": "SchedulingGated"}],
                "phase": ["Running"]}},
    "not a pod",
])
def test_odd_shapes_read_as_absent(odd: Any) -> None:
    row = pod_row(odd)
    assert row.status and isinstance(row.ready, int) and isinstance(row.restarts, int)


def test_status_words_from_the_api_are_made_printable() -> None:
    raw = pod("p", phase="Running", statuses=(status(waiting("Bad\x1b[2JReason")),))
    assert pod_row(raw).status == "Bad\\x1b[2JReason"
