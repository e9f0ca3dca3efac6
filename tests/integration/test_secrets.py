"""Secrets never leave the process: with a Prometheus password (read from a
file), a bearer token (from an environment variable) and a Kubernetes
token (in the kubeconfig) all in use, and the sources failing on wrong
credentials too, none of them is in the SQLite files, the exports, the
logs or a screenshot of the console."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.conftest import MakeApp
from tests.integration import kube_server, prometheus_server
from tests.integration.fault_proxy import FaultProxy
from tests.integration.kube_server import KubeApiServer, make_pod
from tests.ui.helpers import wait_for
from tui.app import WarroomApp
from tui.cli.launch import build_live_context
from tui.files.config import Config, KubernetesSettings, PrometheusSettings, SecretRef
from tui.ui.context import WarroomContext
from tui.widgets.metric_pane import MetricPane
from tui.widgets.pod_table import PodTable

BEARER = "bearer-Z3xQ-never-shown"
WRONG_PASSWORD = "wrong-pw-K9v2-never-shown"


async def run_console(make_app: MakeApp, context: WarroomContext,
                      pilot_steps: Callable[[WarroomApp, Pilot], Awaitable[None]]) -> str:
    app = make_app(context)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot_steps(app, pilot)
        return app.export_screenshot()


def files_bytes(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


async def test_no_secret_reaches_the_database_exports_logs_or_screen(
        make_app: MakeApp, prometheus: prometheus_server.PrometheusServer, proxy: FaultProxy,
        kube_api: KubeApiServer, password_file: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("WARROOM_TEST_BEARER", BEARER)
    kube_api.apply(make_pod("checkout-1"))
    kubeconfig = kube_server.write_kubeconfig(tmp_path / "kubeconfig",
                                              {"prod-eu": kube_api.url})
    state = tmp_path / "state"
    state.mkdir()
    db = state / "warroom.db"
    secrets = [prometheus_server.PASSWORD, BEARER, kube_server.TOKEN, WRONG_PASSWORD]

    # 1. Basic auth with the real password, from a file; a real cluster token.
    config = Config(
        prometheus=PrometheusSettings(url=prometheus.url, username=prometheus_server.USER,
                                      password=SecretRef(file=str(password_file)),
                                      timeout_seconds=5),
        kubernetes=KubernetesSettings(kubeconfig=str(kubeconfig), namespaces=("shop",)))
    context = build_live_context(db, config)

    async def watch(app: WarroomApp, pilot: Pilot) -> None:
        pane = app.screen.query(MetricPane).first()
        await wait_for(pilot, lambda: pane.snapshot is not None)
        pods = app.screen.query_one(PodTable)
        await wait_for(pilot, lambda: "1 pods" in str(pods.query_one(".pod-summary").render())
                       or "1 pod" in str(pods.query_one(".pod-summary").render()))
        await pilot.press("n", *"checked the pool", "enter")
        await asyncio.sleep(0.2)
        await pilot.app.workers.wait_for_complete()

    screens = [await run_console(make_app, context, watch)]
    incident_id = context.incident.id
    context.store.close()

    # 2. A bearer token from the environment (the proxy checks it), then a
    # wrong password: the failures are said on screen and in the logs.
    wrong = tmp_path / "wrong-password"
    wrong.write_text(WRONG_PASSWORD)
    for settings in (
            PrometheusSettings(url=proxy.url, bearer_token=SecretRef(env="WARROOM_TEST_BEARER"),
                               timeout_seconds=5),
            PrometheusSettings(url=prometheus.url, username=prometheus_server.USER,
                               password=SecretRef(file=str(wrong)), timeout_seconds=5)):
        context = build_live_context(db, Config(prometheus=settings))

        async def fail(app: WarroomApp, pilot: Pilot) -> None:
            pane = app.screen.query(MetricPane).first()
            await wait_for(pilot, lambda: pane.snapshot is not None or pane.has_class("-stale"))

        with proxy.behaving(bearer="a-different-token"):
            screens.append(await run_console(make_app, context, fail))
        context.store.close()

    exports = []
    for form in ("md", "json"):
        done = subprocess.run([sys.executable, "-m", "tui", "export", incident_id, "--format",
                               form, "--db", str(db)], capture_output=True, text=True,
                              timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        exports.append(done.stdout + done.stderr)
    assert "checked the pool" in exports[0]  # the export is the real one

    stored = files_bytes(state)
    assert b"checked the pool" in stored  # and so is the database
    logged = caplog.text
    # httpx logs every request it makes: the logs were really captured.
    assert "HTTP Request: GET" in logged
    for secret in secrets:
        assert secret.encode() not in stored, f"{secret!r} is in the database files"
        for text in exports:
            assert secret not in text, f"{secret!r} is in an export"
        assert secret not in logged, f"{secret!r} is in the logs"
        for screen in screens:
            assert secret not in screen, f"{secret!r} is on screen"
