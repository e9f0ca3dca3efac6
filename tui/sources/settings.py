"""What a source needs to reach its server: the Prometheus and Kubernetes
settings, and the secrets they name (read when used, never shown). The
config file (tui/files/config.py) fills them; the sources own them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


class ConfigError(Exception):
    """A configuration the user must fix; the message names the file and key."""


class Secret:
    """A credential that never shows itself in a repr, a log or an error."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__


@dataclass(frozen=True)
class SecretRef:
    """Where a secret lives: an environment variable or a file."""

    env: str = ""
    file: str = ""

    def resolve(self, what: str) -> Secret:
        if self.env:
            value = os.environ.get(self.env)
            if value is None:
                raise ConfigError(f"{what}: environment variable {self.env} is not set")
            return Secret(value.strip())
        try:
            return Secret(Path(self.file).expanduser().read_text(encoding="utf-8").strip())
        except OSError as error:
            raise ConfigError(f"{what}: cannot read {self.file} ({error.strerror})") from error


@dataclass(frozen=True)
class PrometheusSettings:
    url: str
    refresh_seconds: float = 15.0
    timeout_seconds: float = 10.0
    bearer_token: SecretRef | None = None
    username: str = ""
    password: SecretRef | None = None
    ca_file: str = ""
    insecure: bool = False
    headers: tuple[tuple[str, str], ...] = ()


IN_CLUSTER = "in-cluster"


@dataclass(frozen=True)
class KubernetesSettings:
    kubeconfig: str = ""  # empty: $KUBECONFIG, then ~/.kube/config
    contexts: tuple[str, ...] = ()  # empty: the kubeconfig's current context
    namespaces: tuple[str, ...] = ()  # empty: all namespaces
    label_selector: str = ""
