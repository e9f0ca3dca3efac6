"""The parsers shared by the demo and the live sources, on real API shapes."""

import math

import pytest

from tui.sources import SourceError
from tui.sources.kubernetes_parse import pod_row, pod_status
from tui.sources.prometheus_parse import parse_matrix


def matrix(*results: dict, **extra: object) -> dict:
    return {"status": "success", "data": {"resultType": "matrix", "result": list(results)},
            **extra}


def test_matrix_with_legend_template_nan_and_warnings() -> None:
    payload = matrix(
        {"metric": {"service": "checkout"}, "values": [[1.0, "0.5"], [16.0, "NaN"]]},
        {"metric": {"service": "cart"}, "values": [[1.0, "+Inf"]]},
        warnings=["PromQL info: metric might not be a counter"],
    )
    series, warnings = parse_matrix(payload, "{{service}}")
    assert [s.name for s in series] == ["checkout", "cart"]
    assert series[0].values[0] == 0.5 and math.isnan(series[0].values[1])
    assert math.isnan(series[1].values[0])  # +Inf cannot be plotted; shown as a gap
    assert warnings == ("PromQL info: metric might not be a counter",)


def test_series_named_by_labels_without_legend() -> None:
    payload = matrix({"metric": {"__name__": "up", "job": "api", "instance": "a:9"},
                      "values": [[1, "1"]]})
    assert parse_matrix(payload)[0][0].name == "instance=a:9,job=api"


def test_prometheus_error_is_reported_in_its_own_words() -> None:
    payload = {"status": "error", "errorType": "bad_data",
               "error": "parse error at char 5: unexpected \x1b[31m"}
    with pytest.raises(SourceError, match=r"Prometheus bad_data: parse error at char 5") as err:
        parse_matrix(payload)
    assert "\x1b" not in str(err.value)


@pytest.mark.parametrize(
    "payload",
    [[], {"status": "success"}, {"status": "success", "data": {"resultType": "scalar"}},
     matrix({"metric": {}, "values": [[1, "x"]]}), matrix({"metric": {}, "values": [[1]]}),
     matrix("nonsense")],
)
def test_malformed_responses_raise_source_error(payload: object) -> None:
    with pytest.raises(SourceError):
        parse_matrix(payload)


def container(state: dict, *, ready: bool = False, restarts: int = 0,
              last: dict | None = None) -> dict:
    return {"name": "app", "ready": ready, "restartCount": restarts, "state": state,
            "lastState": {"terminated": last} if last else {}}


def pod(*containers: dict, phase: str = "Running", init: list | None = None,
        deleting: bool = False, reason: str | None = None) -> dict:
    status: dict = {"phase": phase, "containerStatuses": list(containers)}
    if init is not None:
        status["initContainerStatuses"] = init
    if reason:
        status["reason"] = reason
    metadata: dict = {"name": "p", "namespace": "ns", "creationTimestamp": "2026-03-14T10:00:00Z"}
    if deleting:
        metadata["deletionTimestamp"] = "2026-03-14T14:00:00Z"
    spec: dict = {"nodeName": "n1", "containers": [{}] * len(containers)}
    if init is not None:
        # kubectl's Init:i/N counts the init containers of the spec.
        spec["initContainers"] = [{}] * len(init)
    return {"metadata": metadata, "spec": spec, "status": status}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (pod(container({"running": {}}, ready=True)), "Running"),
        (pod(container({"waiting": {"reason": "CrashLoopBackOff"}})), "CrashLoopBackOff"),
        (pod(container({"terminated": {"reason": "OOMKilled", "exitCode": 137}})), "OOMKilled"),
        (pod(container({"terminated": {"exitCode": 3}})), "ExitCode:3"),
        (pod(container({"terminated": {"signal": 9, "exitCode": 0}})), "Signal:9"),
        (pod(container({"waiting": {"reason": "ImagePullBackOff"}}), phase="Pending"),
         "ImagePullBackOff"),
        (pod(container({"running": {}}, ready=True), deleting=True), "Terminating"),
        (pod(phase="Failed", reason="Evicted"), "Evicted"),
        (pod(container({"waiting": {"reason": "PodInitializing"}}), phase="Pending",
             init=[{"state": {"running": {}}}, {"state": {"waiting": {}}}]), "Init:0/2"),
        (pod(container({"waiting": {}}), phase="Pending",
             init=[{"state": {"waiting": {"reason": "CrashLoopBackOff"}}}]),
         "Init:CrashLoopBackOff"),
        (pod(container({"terminated": {"reason": "Completed", "exitCode": 0}}),
             phase="Succeeded"), "Completed"),
    ],
)
def test_status_column_matches_kubectl(raw: dict, expected: str) -> None:
    assert pod_status(raw) == expected


def test_row_sums_restarts_and_keeps_last_termination() -> None:
    raw = pod(
        container({"running": {}}, ready=True, restarts=2,
                  last={"reason": "OOMKilled", "exitCode": 137,
                        "finishedAt": "2026-03-14T13:58:00Z"}),
        container({"running": {}}, ready=False, restarts=1,
                  last={"reason": "Error", "exitCode": 1, "finishedAt": "2026-03-14T13:50:00Z"}),
    )
    row = pod_row(raw, cluster="prod")
    assert (row.ready, row.containers, row.restarts) == (1, 2, 3)
    assert (row.last_reason, row.last_exit_code) == ("OOMKilled", 137)
    assert row.last_restart_at is not None and row.last_restart_at.minute == 58
    assert row.key == "prod/ns/p"


def test_hostile_pod_names_are_made_printable() -> None:
    raw = pod(container({"running": {}}, ready=True))
    raw["metadata"]["name"] = "evil\x1b[2Jpod[red]"
    assert pod_row(raw).name == "evil\\x1b[2Jpod[red]"
