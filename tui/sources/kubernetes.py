"""Live pods from one or more Kubernetes contexts, through the `kubernetes`
client: list, then watch from the list's resourceVersion, in one daemon
thread per (context, namespace).

Lists are paged (`limit`/`continue`), as kubectl and client-go page them:
a 10k-pod namespace arrives in pieces the server can serve without a
multi-megabyte answer, and the pane counts them in. A continue token that
expires mid-list (the cluster changed faster than we paged) falls back to
one unpaged list, as client-go's pager does.

Responses are parsed as raw JSON (`_preload_content=False`): the client's
model objects cost seconds for 10k pods. A watch that ends is resumed from
the last resourceVersion seen; 410 Gone means that version is compacted
away, so the pods are listed again. Failures keep the last rows, are shown
on one line, and are retried with backoff."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.model.pod_detail import PodDetail
from tui.model.pods import PodRow, PodSnapshot
from tui.model.rollouts import (
    DeploymentState,
    Revision,
    RolloutHistory,
    revisions_newest_first,
)
from tui.model.safe_text import printable
from tui.sources import SourceError, describe_error
from tui.sources.kube_calls import apps_path, get, path, pods_path
from tui.sources.kube_pages import ContinueExpired, list_pages, read_page
from tui.sources.kubernetes_parse import deployment_state, pod_detail, pod_row, revision
from tui.sources.protocols import NamespaceChoice
from tui.sources.settings import IN_CLUSTER, KubernetesSettings
from tui.ui.heap import freeze_start

if TYPE_CHECKING:
    from kubernetes.client import ApiClient

    from tui.model.pod_logs import LogRequest
    from tui.sources.pod_logs import PodLogStream

# The server ends a watch after this long; it is then resumed at once.
WATCH_SECONDS = 240
# A watch silent for longer than this (no event, no bookmark, no end) is
# a dead connection, e.g. a laptop that slept or a NAT that forgot.
READ_TIMEOUT = WATCH_SECONDS + 30
CONNECT_TIMEOUT = 5
LIST_READ_TIMEOUT = 120
DETAIL_READ_TIMEOUT = 15
PAGE_SIZE = 500  # kubectl's default chunk size
BACKOFF_START = 1.0
BACKOFF_MAX = 30.0
# How often a context whose kubeconfig failed to load is tried again.
REOPEN_SECONDS = 30.0


class _Gone(Exception):
    """The resourceVersion we resume from is too old: list again."""


def _lines(response: Any) -> Iterator[bytes]:
    """Whole lines of a streamed body, however the chunks fall."""
    buffer = b""
    for chunk in response.stream(amt=None, decode_content=False):
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        yield from (line for line in lines if line.strip())
    if buffer.strip():
        yield buffer


def describe(error: BaseException, server: str) -> str:
    """One line for a failed call: the API's own Status message where there
    is one (it names the user and the namespace on a 403), never a token."""
    from kubernetes.client.exceptions import ApiException
    from urllib3.exceptions import HTTPError, MaxRetryError, ProtocolError, ReadTimeoutError

    if isinstance(error, ApiException):
        status = error.status or 0
        message = ""
        try:
            body = json.loads(error.body or b"{}")
            message = printable(str(body.get("message", "")))
        except (json.JSONDecodeError, AttributeError, TypeError):
            pass
        if status == 401:
            return (f"HTTP 401 unauthorized from {server}: "
                    "check the kubeconfig credentials (token expired?)")
        if status == 403:
            return f"HTTP 403 forbidden: {message or 'not allowed to list pods'}"
        return f"HTTP {status} from {server}" + (f": {message}" if message else "")
    if isinstance(error, ReadTimeoutError):
        return f"{server} stopped answering (read timed out)"
    if isinstance(error, MaxRetryError):
        reason = error.reason
        if isinstance(reason, ReadTimeoutError):
            return f"{server} stopped answering (read timed out)"
        return f"cannot connect to {server}"
    if isinstance(error, ProtocolError):
        return f"{server} dropped the connection"
    if isinstance(error, HTTPError | OSError):
        return f"cannot connect to {server}"
    return describe_error(error)


def server_of(api: ApiClient) -> str:
    """The API server's address, as failures name it."""
    return printable(str(api.configuration.host))


def open_api(kubeconfig: str, context: str) -> tuple[ApiClient, str]:
    """An API client for one context, and the label its rows carry."""
    # Deferred: the kubernetes package costs ~0.6 s to import.
    from kubernetes import client, config
    from kubernetes.config.config_exception import ConfigException

    if context == IN_CLUSTER:
        configuration = client.Configuration()
        try:
            config.load_incluster_config(client_configuration=configuration)
        except ConfigException as error:
            raise SourceError(f"in-cluster config: {printable(str(error))}") from None
        return client.ApiClient(configuration), IN_CLUSTER
    path = str(Path(kubeconfig).expanduser()) if kubeconfig else None
    where = path or "kubeconfig"
    try:
        api = config.new_client_from_config(config_file=path, context=context or None)
        if context:
            label = context
        else:
            _contexts, current = config.list_kube_config_contexts(config_file=path)
            label = str(current.get("name", "")) if current else ""
    except ConfigException as error:
        raise SourceError(f"{where}: {printable(str(error))}") from None
    except OSError as error:
        raise SourceError(f"cannot read {where}: {error.strerror}") from None
    except Exception as error:  # malformed YAML and the like
        raise SourceError(f"{where}: not a usable kubeconfig ({type(error).__name__})"
                          ) from None
    return api, printable(label)


@dataclass
class _State:
    pods: dict[str, PodRow]
    synced: bool = False
    problem: str = ""
    stale_since: datetime | None = None
    listed: int = 0  # pods received by a first list still in progress


class PodWatch:
    """Pods of one namespace (or all) of one context, kept current by a
    list then watch loop in a daemon thread."""

    def __init__(self, api: ApiClient, cluster: str, namespace: str, selector: str,
                 now: Callable[[], datetime]) -> None:
        self.cluster = cluster
        self.namespace = namespace
        self.selector = selector
        self._api = api
        self._server = server_of(api)
        self._now = now
        self._state = _State({})
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._response: Any = None
        self._resource_version = ""
        # Seconds to wait before the next retry; 0 while all is well.
        self._delay = 0.0
        self.lists = 0  # how many times the pods were listed (relists included)
        self._thread = threading.Thread(target=self._run, daemon=True,
                                        name=f"pods {cluster}/{namespace or '*'}")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        response = self._response
        if response is not None:
            # Unblock a read that may otherwise wait for the next event.
            with contextlib.suppress(Exception):
                response.shutdown() if hasattr(response, "shutdown") else response.close()

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    def state(self) -> tuple[tuple[PodRow, ...], bool, str, datetime | None, int]:
        with self._lock:
            state = self._state
            return (tuple(state.pods.values()), state.synced, state.problem,
                    state.stale_since, state.listed)

    # -- the loop, in the thread ----------------------------------------------

    def _run(self) -> None:
        from urllib3.exceptions import ProtocolError

        while not self._stop.is_set():
            watching = False
            try:
                if not self._resource_version:
                    self._list()
                watching = True
                began = time.monotonic()
                self._watch()
                if time.monotonic() - began < 1.0:
                    # A watch that ends at once, again and again, must not spin.
                    self._stop.wait(BACKOFF_START)
            except _Gone:
                self._resource_version = ""
            except Exception as error:
                if self._stop.is_set():
                    return
                if watching and isinstance(error, ProtocolError) and self._delay == 0:
                    # Servers and load balancers drop long watches now and
                    # then: resume at once, and only report a second failure.
                    self._delay = BACKOFF_START
                    continue
                self._failed(describe(error, self._server))
                self._stop.wait(self._delay or BACKOFF_START)
                self._delay = min(max(self._delay, BACKOFF_START) * 2, BACKOFF_MAX)

    def _call(self, timeout: tuple[float, float], **query: Any) -> Any:
        return get(self._api, pods_path(self.namespace),
                   {"labelSelector": self.selector, **query}, timeout=timeout)

    def _list(self) -> None:
        try:
            pods, version = self._list_pages(PAGE_SIZE)
        except ContinueExpired:
            pods, version = self._list_pages(0)
        with self._lock:
            self._state = _State(pods, synced=True)
        self._resource_version = version
        self._delay = 0.0
        self.lists += 1

    def _list_pages(self, limit: int) -> tuple[dict[str, PodRow], str]:
        """Every pod, one page of `limit` at a time (0: all at once), and the
        resourceVersion of the snapshot they all come from."""
        def call(**paging: Any) -> Any:
            return self._call((CONNECT_TIMEOUT, LIST_READ_TIMEOUT), **paging)

        def progress(listed: int) -> None:
            with self._lock:
                self._state.listed = listed

        return list_pages(lambda token: read_page(call, self._server, limit, token),
                          self.cluster, self._stop, progress)

    def _watch(self) -> None:
        response = self._call(
            (CONNECT_TIMEOUT, READ_TIMEOUT), watch=True, resourceVersion=self._resource_version,
            allowWatchBookmarks=True, timeoutSeconds=WATCH_SECONDS)
        self._response = response
        # The server took the watch: whatever failed before is over.
        self._recovered()
        try:
            for line in _lines(response):
                if self._stop.is_set():
                    return
                self._apply(line)
        finally:
            self._response = None
            response.release_conn()

    def _apply(self, line: bytes) -> None:
        try:
            event = json.loads(line)
            kind, pod = event["type"], event["object"]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise SourceError(f"{self._server}: malformed watch event") from None
        if kind == "ERROR":
            code = pod.get("code") if isinstance(pod, dict) else None
            if code == 410:
                raise _Gone
            message = printable(str(pod.get("message", ""))) if isinstance(pod, dict) else ""
            raise SourceError(f"watch error {code or ''} from {self._server}: {message}")
        metadata = pod.get("metadata") or {} if isinstance(pod, dict) else {}
        version = metadata.get("resourceVersion")
        if kind == "BOOKMARK":
            if version:
                self._resource_version = str(version)
            return
        row = pod_row(pod, self.cluster)
        key = f"{row.namespace}/{row.name}"
        with self._lock:
            if kind == "DELETED":
                self._state.pods.pop(key, None)
            else:
                self._state.pods[key] = row
        self._recovered()
        if version:
            self._resource_version = str(version)

    def _recovered(self) -> None:
        self._delay = 0.0
        with self._lock:
            self._state.problem, self._state.stale_since = "", None

    def _failed(self, problem: str) -> None:
        with self._lock:
            self._state.problem = problem
            if self._state.stale_since is None:
                self._state.stale_since = self._now()


def _stop_all(watches: list[PodWatch]) -> None:
    """Stop watches, then wait for them: all stop at once, not one by one."""
    for watch in watches:
        watch.stop()
    for watch in watches:
        watch.join(2.0)


def _list_problem(error: BaseException, server: str, what: str) -> str:
    """One line for a failed list of `what` (Namespace, ReplicaSet…)."""
    if isinstance(error, ValueError | AttributeError):
        return f"{server}: malformed {what} list"
    return describe(error, server)


class KubernetesPods:
    """The pods source of the war room: every context and namespace in the
    settings, merged into one snapshot."""

    def __init__(self, settings: KubernetesSettings, now: Callable[[], datetime]) -> None:
        self.settings = settings
        self._now = now
        self._watches: list[PodWatch] = []
        self._failed: dict[str, tuple[str, float]] = {}  # context → (problem, when)
        self._lock = threading.Lock()
        self._opened: dict[str, str] = {}  # context → the label its rows carry
        self._apis: dict[str, ApiClient] = {}  # by the label rows carry
        self._closed = False

    def _open(self) -> None:
        settings = self.settings
        for context in settings.contexts or ("",):
            if context in self._opened:
                continue
            failed = self._failed.get(context)
            if failed and time.monotonic() - failed[1] < REOPEN_SECONDS:
                continue
            try:
                api, label = open_api(settings.kubeconfig, context)
            except SourceError as error:
                self._failed[context] = (str(error), time.monotonic())
                continue
            # Before the first list: what start-up allocated (the kubernetes
            # client included) is kept out of the collections its pods trigger.
            freeze_start()
            self._failed.pop(context, None)
            self._opened[context] = label
            self._apis[label] = api
            for namespace in settings.namespaces or ("",):
                watch = PodWatch(api, label, namespace, settings.label_selector, self._now)
                self._watches.append(watch)
                watch.start()

    def contexts(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Every context of the kubeconfig, and those in view; blocking."""
        from kubernetes import config
        from kubernetes.config.config_exception import ConfigException

        kubeconfig = self.settings.kubeconfig
        path = str(Path(kubeconfig).expanduser()) if kubeconfig else None
        try:
            found, _current = config.list_kube_config_contexts(config_file=path)
        except (ConfigException, OSError) as error:
            raise SourceError(f"{path or 'kubeconfig'}: {printable(str(error))}") from None
        names = tuple(printable(str(context.get("name", ""))) for context in found or [])
        with self._lock:
            in_view = tuple(dict.fromkeys(self._opened.values()))
        return names, in_view

    def set_contexts(self, contexts: tuple[str, ...]) -> None:
        """Watch these contexts from now on: dropped ones stop, new ones open.
        Blocking (it waits for the dropped watches to end)."""
        with self._lock:
            self.settings = replace(self.settings, contexts=contexts)
            wanted = set(contexts or ("",))
            dropped = {label for context, label in self._opened.items() if context not in wanted}
            self._opened = {c: label for c, label in self._opened.items() if c in wanted}
            self._failed = {c: failure for c, failure in self._failed.items() if c in wanted}
            stopping = [watch for watch in self._watches if watch.cluster in dropped]
            self._watches = [watch for watch in self._watches if watch.cluster not in dropped]
            for label in dropped:
                self._apis.pop(label, None)
            if not self._closed:
                self._open()
        _stop_all(stopping)

    def namespaces(self) -> NamespaceChoice:
        """Every namespace of the contexts in view (and of the pods seen, for
        users who may not list namespaces); blocking."""
        with self._lock:
            if not self._closed:
                self._open()
            apis = dict(self._apis)
            seen = {row.namespace for watch in self._watches for row in watch.state()[0]}
        names = set(seen) | set(self.settings.namespaces)
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
        return NamespaceChoice(tuple(sorted(names)), tuple(self.settings.namespaces),
                               " · ".join(problems))

    def set_namespaces(self, namespaces: tuple[str, ...]) -> None:
        """Watch these namespaces (() for all) in every context in view from
        now on: the watches restart. Blocking."""
        with self._lock:
            self.settings = replace(self.settings, namespaces=namespaces)
            stopping, self._watches = self._watches, []
            self._opened, self._apis = {}, {}
            if not self._closed:
                self._open()
        _stop_all(stopping)

    def pods(self, now: datetime) -> PodSnapshot:
        """Blocking the first time (kubeconfig, imports); then a copy."""
        with self._lock:
            if not self._closed:
                self._open()
            watches = list(self._watches)
            open_problems = [problem for problem, _ in self._failed.values()]
        rows: list[PodRow] = []
        synced = bool(watches) or not open_problems
        problems = list(open_problems)
        stale: list[datetime] = []
        listed = 0
        for watch in watches:
            found, watch_synced, problem, since, in_progress = watch.state()
            rows.extend(found)
            listed += in_progress if not watch_synced else len(found)
            synced = synced and watch_synced
            if problem:
                where = watch.cluster if len(watches) > 1 else ""
                problems.append(f"{where}: {problem}" if where else problem)
            if since is not None:
                stale.append(since)
        clusters = tuple(dict.fromkeys(watch.cluster for watch in watches))
        return PodSnapshot(rows=tuple(rows), as_of=now, synced=synced,
                           problem=" · ".join(problems), stale_since=min(stale, default=None),
                           clusters=clusters, listed=0 if synced else listed,
                           namespaces=tuple(self.settings.namespaces))

    def detail(self, row: PodRow) -> PodDetail:
        """The pod as it is now, and its Events; blocking (a worker calls it).
        Events that cannot be read leave the pod shown, with the reason."""
        with self._lock:
            api = self._apis.get(row.cluster)
        if api is None:
            raise SourceError(f"the context {row.cluster!r} is not connected")
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

    def logs(self, row: PodRow, request: LogRequest) -> PodLogStream:
        """A container's log, to be read in a thread (tui/sources/pod_logs.py)."""
        from tui.sources.pod_logs import PodLogStream

        with self._lock:
            api = self._apis.get(row.cluster)
        if api is None:
            raise SourceError(f"the context {row.cluster!r} is not connected")
        return PodLogStream(api, row, request)

    def rollouts(self, now: datetime) -> RolloutHistory:
        """Every Deployment revision in the namespaces in view, from their
        ReplicaSets, and where each Deployment's rollout stands; blocking (a
        worker calls it every half minute)."""
        with self._lock:
            if not self._closed:
                self._open()
            apis = dict(self._apis)
        revisions: list[Revision] = []
        states: list[DeploymentState] = []
        problems: list[str] = []
        for label, api in apis.items():
            server = server_of(api)
            for namespace in self.settings.namespaces or ("",):
                for kind, what in (("replicasets", "ReplicaSet"), ("deployments", "Deployment")):
                    try:
                        items = self._apps_list(api, kind, namespace)
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

    def _apps_list(self, api: ApiClient, resource: str, namespace: str
                   ) -> list[dict[str, Any]]:
        """ReplicaSets or Deployments (`resource` as the API names them)."""
        response = get(api, apps_path(resource, namespace),
                       {"labelSelector": self.settings.label_selector},
                       timeout=(CONNECT_TIMEOUT, DETAIL_READ_TIMEOUT))
        items = json.loads(response.data).get("items") or []
        return [item for item in items if isinstance(item, dict)]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            watches = list(self._watches)
        _stop_all(watches)
