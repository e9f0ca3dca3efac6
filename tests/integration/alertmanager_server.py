"""A real Alertmanager for the tests: the Debian package's binary
(prometheus-alertmanager) on 127.0.0.1 and a free port, clustering off,
a temporary storage dir, and a null receiver (nothing is notified)."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.integration.prometheus_server import free_port, wait_ready

BINARY = "prometheus-alertmanager"

CONFIG = """
route:
  receiver: "null"
  group_wait: 1s
receivers:
  - name: "null"
"""


@dataclass(frozen=True)
class AlertmanagerServer:
    url: str
    address: str  # host:port, as Prometheus's static_configs take it


def binary_available() -> bool:
    return shutil.which(BINARY) is not None


def start(folder: Path) -> tuple[AlertmanagerServer, subprocess.Popen[bytes]]:
    (folder / "alertmanager.yml").write_text(CONFIG)
    port = free_port()
    log = (folder / "alertmanager.log").open("wb")
    process = subprocess.Popen(
        [BINARY, f"--config.file={folder / 'alertmanager.yml'}",
         f"--storage.path={folder / 'data'}", f"--web.listen-address=127.0.0.1:{port}",
         # No gossip: nothing listens beyond the one loopback port.
         "--cluster.listen-address=", "--log.level=warn"],
        stdout=log, stderr=subprocess.STDOUT, cwd=folder, env=dict(os.environ),
    )
    url = f"http://127.0.0.1:{port}"
    wait_ready(process, url, folder / "alertmanager.log")
    return AlertmanagerServer(url=url, address=f"127.0.0.1:{port}"), process
