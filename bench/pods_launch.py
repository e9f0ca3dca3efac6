"""Launch to 10k pods on screen, against kubectl on the same server.

The loopback API server runs in a process of its own with COUNT pods. In
turn, alternating: `kubectl get pods -A` from its start to its exit (every
pod printed), and `warroom --kubeconfig` started in a 160x48 pty until the
pods pane says `COUNT pods`. The ratio is Warroom's median over kubectl's:
a user who would have typed the kubectl command instead sees the pods in
that fraction of the time."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kube_process import api_server_process
from results import record
from startup import time_markers

from tests.integration.kube_server import write_kubeconfig


def kubectl_seconds(kubeconfig: Path, count: int) -> float:
    start = time.perf_counter()
    done = subprocess.run(["kubectl", "--kubeconfig", str(kubeconfig), "get", "pods", "-A"],
                          capture_output=True, text=True, check=True)
    took = time.perf_counter() - start
    printed = len(done.stdout.splitlines()) - 1
    if printed != count:
        raise SystemExit(f"kubectl printed {printed} pods, not {count}")
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int, nargs="?", default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    marker = f"{args.count} pods".encode()
    kubectl, warroom = [], []
    with api_server_process(args.count) as url, tempfile.TemporaryDirectory() as folder:
        kubeconfig = write_kubeconfig(Path(folder) / "kubeconfig", {"bench": url})
        db = Path(folder) / "bench.db"
        command = [sys.executable, "-m", "tui", "--db", str(db), "--kubeconfig", str(kubeconfig)]
        # A first start creates the database; every timed one opens it.
        time_markers(command, [marker], timeout=90)
        kubectl_seconds(kubeconfig, args.count)
        for _ in range(args.runs):
            kubectl.append(kubectl_seconds(kubeconfig, args.count))
            warroom.extend(time_markers(command, [marker], timeout=90))
    ours, theirs = statistics.median(warroom), statistics.median(kubectl)
    print(f"launch to {args.count:,} pods on screen, median of {args.runs} alternating runs "
          "(API server in its own process)")
    print(f"  kubectl get pods -A            {theirs:.2f} s   "
          f"({', '.join(f'{value:.2f}' for value in kubectl)})")
    print(f"  warroom, `{args.count} pods` shown  {ours:.2f} s   "
          f"({', '.join(f'{value:.2f}' for value in warroom)})   ratio {ours / theirs:.2f}")
    record(f"Launch to {args.count // 1000}k pods on screen (ratio to kubectl get pods -A)",
           f"{ours:.2f} s vs {theirs:.2f} s, ratio {ours / theirs:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
