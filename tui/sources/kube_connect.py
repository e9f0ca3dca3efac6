"""Connecting to one Kubernetes context through the `kubernetes` client: the
API client of a kubeconfig context (or of the pod we run in), the contexts
a kubeconfig names, and one line for a failed call that names the server
and never a token."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from tui.model.safe_text import printable
from tui.sources import SourceError, describe_error
from tui.sources.settings import IN_CLUSTER

if TYPE_CHECKING:
    from kubernetes.client import ApiClient

CONNECT_TIMEOUT = 5
# Single reads (a pod, its Events, a list of namespaces or ReplicaSets).
DETAIL_READ_TIMEOUT = 15


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


def kubeconfig_contexts(kubeconfig: str) -> tuple[str, ...]:
    """Every context the kubeconfig names; blocking."""
    from kubernetes import config
    from kubernetes.config.config_exception import ConfigException

    path = str(Path(kubeconfig).expanduser()) if kubeconfig else None
    try:
        found, _current = config.list_kube_config_contexts(config_file=path)
    except (ConfigException, OSError) as error:
        raise SourceError(f"{path or 'kubeconfig'}: {printable(str(error))}") from None
    return tuple(printable(str(context.get("name", ""))) for context in found or [])
