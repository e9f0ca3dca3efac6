"""A loopback Kubernetes API server for the tests: no kube-apiserver can be
installed here, so this serves the part of the API that Warroom's pods pane
uses, with the semantics the real one has:

- discovery (`/version`, `/api`, `/api/v1`, `/apis`, `/apis/apps/v1`), enough
  for `kubectl get pods` to talk to it;
- `GET /api/v1/pods` and `/api/v1/namespaces/NS/pods`, with `labelSelector`
  (equality and inequality), returning a PodList with a resourceVersion;
  `limit` pages it, and `continue` resumes the same consistent snapshot
  until that version is compacted away, then answers 410 Expired;
- `?watch=true&resourceVersion=RV`: a chunked stream of ADDED / MODIFIED /
  DELETED events after RV, BOOKMARKs when asked, ended after
  `timeoutSeconds`; a compacted RV gets an ERROR event with a 410 Status;
- `GET /api/v1/namespaces`: every namespace that has pods, or was added;
- `GET /api/v1/namespaces/NS/pods/NAME`, and `/api/v1/namespaces/NS/events`
  with the `involvedObject.kind` / `involvedObject.name` field selector;
- `GET /apis/apps/v1/replicasets` and `/apis/apps/v1/namespaces/NS/replicasets`,
  and the same for `deployments` (lists only: the rollout history is
  polled, not watched);
- `GET /api/v1/namespaces/NS/pods/NAME/log` with `container`, `previous`,
  `follow` (chunked, new lines as they are written), `tailLines`,
  `limitBytes` and `timestamps`, refusing as the real server does: 400
  when the pod has several containers and none is named, or when no
  previous instance terminated; 403 for `pods/log`;
- bearer-token authentication (401 Status) and per-namespace or
  per-resource RBAC (403 Status naming the user, the verb and the resource,
  as the real server words it).

Tests change pods through its methods; each change is an event that open
watches receive. It can also misbehave: refuse with a status, or cut every
open watch at once.

Its parts: the cluster's state (kube_store.py), the request handler
(kube_handler.py) and its streamed answers (kube_streams.py), the faults
(kube_faults.py), and the objects tests make (kube_objects.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tests.integration.kube_faults import Faults
from tests.integration.kube_handler import handler_for
from tests.integration.kube_objects import (
    TOKEN,
    USER,
    make_deployment,
    make_pod,
    make_replicaset,
    write_kubeconfig,
)
from tests.integration.kube_store import KubeStore
from tests.integration.loopback_http import serve

# The helpers tests have always imported from here.
__all__ = ["TOKEN", "USER", "KubeApiServer", "make_deployment", "make_pod",
           "make_replicaset", "write_kubeconfig"]


class KubeApiServer(KubeStore):
    def __init__(self) -> None:
        super().__init__()
        self.faults = Faults()
        self._down = False
        # kubectl sends no bearer token over plain HTTP: checking the server
        # by hand with it needs this off.
        self.require_token = True
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._server = serve(handler_for(self))

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self.cut_watches()
        self._server.shutdown()
        self._server.server_close()

    @contextmanager
    def down(self) -> Iterator[None]:
        """The API server is gone (connections refused), then back on the
        same port with the same pods."""
        port = int(self._server.server_address[1])
        self._down = True  # connections kept alive from before die on their next request
        self.close()
        try:
            yield
        finally:
            self._down = False
            self._server = serve(handler_for(self), port)

    @contextmanager
    def failing(self, status: int) -> Iterator[None]:
        self.faults.status = status
        self.cut_watches()
        try:
            yield
        finally:
            self.faults.status = 0

    def list_requests(self) -> list[dict[str, str]]:
        """The query of every pod list (not watch, not get) served so far."""
        return [query for path, query in self.requests if path.endswith("/pods")
                and query.get("watch") not in ("true", "1")]

    def watch_count(self) -> int:
        return sum(1 for path, query in self.requests if query.get("watch") in ("true", "1"))
