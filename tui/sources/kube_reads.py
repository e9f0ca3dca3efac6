"""One-off reads of the contexts in view, blocking (workers call them): a
pod as it is now and its Events, the namespaces, and the Deployments'
rollouts from their ReplicaSets. Each answers with what it could read and
says in one line what it could not."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from tui.model.pod_detail import PodDetail
from tui.model.pods import PodRow
from tui.model.rollouts import (
    DeploymentState,
    Revision,
    RolloutHistory,
    revisions_newest_first,
)
from tui.model.safe_text import printable
from tui.sources import SourceError
from tui.sources.kube_calls import apps_path, get, path
from tui.sources.kube_connect import CONNECT_TIMEOUT, DETAIL_READ_TIMEOUT, describe, server_of
from tui.sources.kubernetes_parse import deployment_state, pod_detail, revision

if TYPE_CHECKING:
    from kubernetes.client import ApiClient


def _list_problem(error: BaseException, server: str, what: str) -> str:
    """One line for a failed list of `what` (Namespace, ReplicaSet…)."""
    if isinstance(error, ValueError | AttributeError):
        return f"{server}: malformed {what} list"
    return describe(error, server)


def read_namespaces(apis: dict[str, ApiClient]) -> tuple[set[str], list[str]]:
    """The namespaces of each context (by the label its rows carry), and a
    line for each context whose namespaces could not be listed."""
    names: set[str] = set()
    problems = []
    for label, api in apis.items():
        server = server_of(api)
        try:
            response = get(api, "/api/v1/namespaces",
                           timeout=(CONNECT_TIMEOUT, DETAIL_READ_TIMEOUT))
            items = json.loads(response.data).get("items") or []
            names.update(printable(str(item["metadata"]["name"])) for item in items
                         if isinstance(item, dict) and isinstance(item.get("metadata"), dict)
                         and item["metadata"].get("name"))
        except Exception as error:
            problem = _list_problem(error, server, "namespace")
            problems.append(f"{label}: {problem}" if len(apis) > 1 else problem)
    return names, problems


def read_detail(api: ApiClient, row: PodRow) -> PodDetail:
    """The pod as it is now, and its Events. Events that cannot be read
    leave the pod shown, with the reason."""
    server = server_of(api)
    timeout = (CONNECT_TIMEOUT, DETAIL_READ_TIMEOUT)
    try:
        response = get(api, path("api", "v1", "namespaces", row.namespace, "pods", row.name),
                       timeout=timeout)
        pod = json.loads(response.data)
    except json.JSONDecodeError:
        raise SourceError(f"{server}: malformed pod") from None
    except Exception as error:
        raise SourceError(describe(error, server)) from None
    events: list[dict[str, Any]] = []
    problem = ""
    try:
        response = get(
            api, path("api", "v1", "namespaces", row.namespace, "events"),
            {"fieldSelector": f"involvedObject.kind=Pod,involvedObject.name={row.name}"},
            timeout=timeout)
        events = json.loads(response.data).get("items") or []
    except Exception as error:
        problem = (f"{server}: malformed event list" if isinstance(error, ValueError)
                   else describe(error, server))
    return pod_detail(pod, events, row.cluster, problem)


def read_rollouts(apis: dict[str, ApiClient], namespaces: tuple[str, ...],
                  selector: str) -> RolloutHistory:
    """Every Deployment revision in `namespaces` (() for all) of each
    context, from their ReplicaSets, and where each rollout stands."""
    revisions: list[Revision] = []
    states: list[DeploymentState] = []
    problems: list[str] = []
    for label, api in apis.items():
        server = server_of(api)
        for namespace in namespaces or ("",):
            for kind, what in (("replicasets", "ReplicaSet"), ("deployments", "Deployment")):
                try:
                    items = _apps_list(api, kind, namespace, selector)
                except Exception as error:
                    problem = _list_problem(error, server, what)
                    problems.append(f"{label}: {problem}" if len(apis) > 1 else problem)
                    continue
                if kind == "replicasets":
                    revisions.extend(parsed for item in items
                                     if (parsed := revision(item, label)) is not None)
                else:
                    states.extend(deployment_state(item, label) for item in items)
    return RolloutHistory(revisions_newest_first(revisions), " · ".join(problems),
                          tuple(states))


def _apps_list(api: ApiClient, resource: str, namespace: str, selector: str
               ) -> list[dict[str, Any]]:
    """ReplicaSets or Deployments (`resource` as the API names them)."""
    response = get(api, apps_path(resource, namespace), {"labelSelector": selector},
                   timeout=(CONNECT_TIMEOUT, DETAIL_READ_TIMEOUT))
    items = json.loads(response.data).get("items") or []
    return [item for item in items if isinstance(item, dict)]
