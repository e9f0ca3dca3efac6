"""The loopback Kubernetes API server in a process of its own, loaded with
`count` pods, as the pods benchmarks use it: serving a 10k-pod list takes
the server's CPU, and in the client's process it would compete with the
client for the GIL, which no real API server does.

`python bench/kube_process.py COUNT` serves until its stdin closes, after
printing its URL on one line."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.integration.kube_server import KubeApiServer, make_pod  # noqa: E402


def pods(count: int) -> list[dict[str, Any]]:
    made = []
    for index in range(count):
        broken = index % 97 == 0
        made.append(make_pod(f"svc-{index // 20:04d}-{index:05d}", f"ns-{index % 40:02d}",
                             ready=not broken, restarts=3 if broken else 0,
                             waiting="CrashLoopBackOff" if broken else "",
                             node=f"node-{index % 300:03d}"))
    return made


@contextmanager
def api_server_process(count: int) -> Iterator[str]:
    """The URL of an API server with `count` pods, running in a child process."""
    child = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), str(count)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        url = child.stdout.readline().strip()
        if not url.startswith("http"):
            raise SystemExit("the API server process did not start")
        yield url
    finally:
        assert child.stdin is not None
        child.stdin.close()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def main() -> None:
    server = KubeApiServer()
    # kubectl sends no bearer token over plain HTTP.
    server.require_token = False
    server.load(pods(int(sys.argv[1])))
    print(server.url, flush=True)
    sys.stdin.read()
    server.close()


if __name__ == "__main__":
    main()
