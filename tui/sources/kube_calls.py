"""Kubernetes API calls through the client's `ApiClient` alone.

`kubernetes.client.CoreV1Api` and `AppsV1Api` import every model class of
the API (about 250 modules, 0.6 s and more on a busy machine) before the
first request, to offer typed answers Warroom never uses: it reads the raw
JSON. The same request goes through the same `ApiClient` (its kubeconfig
authentication, TLS, proxy, timeouts and retries) by path:
`param_serialize` then `call_api`, as the generated methods do, and an
answer that is not 2xx raises the same `ApiException`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from kubernetes.client import ApiClient

JSON = "application/json"


def path(*parts: str) -> str:
    """An API path from its segments, each quoted (a name is never a path)."""
    return "/" + "/".join(quote(part, safe="") for part in parts)


def get(api: ApiClient, resource_path: str, query: Mapping[str, Any] | None = None, *,
        timeout: float | tuple[float, float] | None = None, accept: str = JSON) -> Any:
    """GET `resource_path` (`query` values None are left out): the urllib3
    response, unread, for `.data` or `.stream()`. Raises ApiException."""
    from kubernetes.client.exceptions import ApiException

    params = [(key, value) for key, value in (query or {}).items() if value is not None]
    method, url, headers, body, post = api.param_serialize(
        method="GET", resource_path=resource_path, query_params=params,
        header_params={"Accept": accept}, auth_settings=["BearerToken"])
    response = api.call_api(method, url, headers, body, post, _request_timeout=timeout)
    if not 200 <= response.status <= 299:
        response.read()
        raise ApiException.from_response(http_resp=response, body=None, data=None)
    return response.response


def pods_path(namespace: str) -> str:
    return path("api", "v1", "namespaces", namespace, "pods") if namespace else "/api/v1/pods"


def apps_path(resource: str, namespace: str) -> str:
    """`replicasets` or `deployments`, in one namespace or all."""
    if namespace:
        return path("apis", "apps", "v1", "namespaces", namespace, resource)
    return path("apis", "apps", "v1", resource)
