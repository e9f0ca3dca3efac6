"""Real servers for the integration tests (Prometheus, Alertmanager), each
started once per session (PostgreSQL's is in tests/conftest.py: the store's
unit tests run on it too).

Without the binary these tests skip on a developer laptop, but with CI set
they fail: CI installs the Debian package and must run them."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import need as _need
from tests.integration import (
    alertmanager_server,
    conventions_history,
    kube_server,
    prometheus_server,
    tls,
)
from tests.integration.fault_proxy import FaultProxy
from tui.files.config import KubernetesSettings, PrometheusSettings, SecretRef
from tui.sources.kubernetes import KubernetesPods


@pytest.fixture(scope="session")
def prometheus(tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[prometheus_server.PrometheusServer]:
    if not prometheus_server.binary_available():
        message = "prometheus/promtool not installed (apt-get install -y prometheus)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server, process = prometheus_server.start(tmp_path_factory.mktemp("prometheus"))
    yield server
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def alertmanager(tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[alertmanager_server.AlertmanagerServer]:
    _need(alertmanager_server.binary_available(),
          "prometheus-alertmanager not installed (apt-get install -y prometheus-alertmanager)")
    server, process = alertmanager_server.start(tmp_path_factory.mktemp("alertmanager"))
    yield server
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def alerting_prometheus(tmp_path_factory: pytest.TempPathFactory,
                        alertmanager: alertmanager_server.AlertmanagerServer
                        ) -> Iterator[prometheus_server.PrometheusServer]:
    """A second Prometheus, like `prometheus`, whose rules fire into the
    Alertmanager (the first sends nowhere, so other tests see no change)."""
    _need(prometheus_server.binary_available(),
          "prometheus/promtool not installed (apt-get install -y prometheus)")
    server, process = prometheus_server.start(tmp_path_factory.mktemp("prometheus-am"),
                                              alertmanager=alertmanager.address)
    yield server
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def alerting_settings(alerting_prometheus: prometheus_server.PrometheusServer,
                      password_file: Path) -> PrometheusSettings:
    return PrometheusSettings(url=alerting_prometheus.url, username=prometheus_server.USER,
                              password=SecretRef(file=str(password_file)), timeout_seconds=5)


@pytest.fixture(scope="session")
def conventions_prometheus(tmp_path_factory: pytest.TempPathFactory
                           ) -> Iterator[prometheus_server.PrometheusServer]:
    """A second real Prometheus holding one service per HTTP convention
    (tests/integration/conventions_history.py), its history ending at a
    fixed moment so that screens of it can be snapshotted."""
    if not prometheus_server.binary_available():
        message = "prometheus/promtool not installed (apt-get install -y prometheus)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server, process = prometheus_server.start(
        tmp_path_factory.mktemp("conventions"), conventions_history.conventions_history,
        rules="groups: []\n", now=conventions_history.FIXED_NOW)
    yield server
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def proxy(prometheus: prometheus_server.PrometheusServer) -> Iterator[FaultProxy]:
    fault_proxy = FaultProxy(prometheus.url)
    yield fault_proxy
    fault_proxy.close()


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "prometheus-password"
    path.write_text(prometheus_server.PASSWORD + "\n")
    return path


@pytest.fixture
def settings(prometheus: prometheus_server.PrometheusServer, password_file: Path
             ) -> PrometheusSettings:
    """Straight to the real Prometheus, with basic auth read from a file."""
    return PrometheusSettings(url=prometheus.url, username=prometheus_server.USER,
                              password=SecretRef(file=str(password_file)),
                              timeout_seconds=5)


@pytest.fixture(scope="session")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> tls.Certificates:
    if not tls.available():
        if os.environ.get("CI"):
            pytest.fail("openssl not installed")
        pytest.skip("openssl not installed")
    return tls.make_certificates(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="session")
def tls_proxy(prometheus: prometheus_server.PrometheusServer,
              certificates: tls.Certificates) -> Iterator[FaultProxy]:
    """The real Prometheus behind HTTPS, with a certificate of our own CA."""
    fault_proxy = FaultProxy(prometheus.url, tls=certificates.server_context())
    yield fault_proxy
    fault_proxy.close()


@pytest.fixture
def kube_api() -> Iterator[kube_server.KubeApiServer]:
    """A loopback Kubernetes API server with no pods yet."""
    server = kube_server.KubeApiServer()
    yield server
    server.close()


@pytest.fixture
def kubeconfig(tmp_path: Path, kube_api: kube_server.KubeApiServer) -> Path:
    return kube_server.write_kubeconfig(tmp_path / "kubeconfig", {"prod-eu": kube_api.url})


@pytest.fixture
def open_pods() -> Iterator[Callable[..., KubernetesPods]]:
    opened: list[KubernetesPods] = []

    def make(kubeconfig: Path, **settings: object) -> KubernetesPods:
        source = KubernetesPods(KubernetesSettings(kubeconfig=str(kubeconfig), **settings),
                                lambda: datetime.now(UTC))  # type: ignore[arg-type]
        opened.append(source)
        return source

    yield make
    for source in opened:
        source.close()
