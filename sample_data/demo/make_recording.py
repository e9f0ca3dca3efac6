"""Regenerate the demo recording: `python sample_data/demo/make_recording.py`.

The story: checkout v2.14.0 ships at 13:58 with its database pool cut from 50
to 10 connections per pod and a connection leak on the retry path. From 14:02
requests queue for connections, the error ratio climbs from ~0.5 % to ~20 %,
p95 latency from ~140 ms to over 500 ms, liveness probes time out, pods
restart and one lands in CrashLoopBackOff. At 14:22 the team rolls back to
v2.13.4 and the service recovers by 14:30.

Files are written in the shapes the real APIs return: Prometheus `query_range`
responses, and a Kubernetes pod list followed by watch events. Deterministic:
the same seed gives byte-identical files."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).parent
RNG = random.Random(20260314)
START = datetime(2026, 3, 14, 13, 0, tzinfo=UTC)
END = datetime(2026, 3, 14, 15, 10, tzinfo=UTC)
STEP = 15


def at(hhmm: str, seconds: int = 0) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return START.replace(hour=hour, minute=minute) + timedelta(seconds=seconds)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def ramp(t: datetime, begin: datetime, end: datetime) -> float:
    """0 before begin, 1 after end, smooth in between."""
    span = (end - begin).total_seconds()
    x = min(1.0, max(0.0, (t - begin).total_seconds() / span))
    return x * x * (3 - 2 * x)


def incident_shape(t: datetime) -> float:
    """How bad things are, 0..1: climbs from 14:02, peaks by 14:14, recovers
    after the 14:22 rollback."""
    return ramp(t, at("14:02"), at("14:14")) * (1 - ramp(t, at("14:22"), at("14:29")))


def matrix(series: list[tuple[dict[str, str], list[tuple[float, float]]]]) -> dict:
    return {
        "status": "success",
        "data": {
            "resultType": "matrix",
            "result": [
                {"metric": labels, "values": [[ts, f"{value:.6g}"] for ts, value in points]}
                for labels, points in series
            ],
        },
    }


def timestamps() -> list[datetime]:
    out, t = [], START
    while t <= END:
        out.append(t)
        t += timedelta(seconds=STEP)
    return out


def noisy(base: float, spread: float) -> float:
    return max(0.0, base * (1 + RNG.gauss(0, spread)))


def write_metrics() -> None:
    times = timestamps()
    services = {"checkout": (0.005, 0.20), "cart": (0.002, 0.004), "payments": (0.003, 0.03)}
    error = []
    for service, (base, peak) in services.items():
        points = [(t.timestamp(), noisy(base + (peak - base) * incident_shape(t), 0.12))
                  for t in times]
        error.append(({"service": service}, points))
    quantiles = {"0.5": (0.045, 0.19), "0.95": (0.140, 0.56), "0.99": (0.260, 1.25)}
    latency = {}
    for q, (base, peak) in quantiles.items():
        points = [(t.timestamp(), noisy(base + (peak - base) * incident_shape(t), 0.06))
                  for t in times]
        latency[q] = matrix([({"service": "checkout"}, points)])
    folder = HERE / "prometheus"
    folder.mkdir(exist_ok=True)
    (folder / "error_ratio.json").write_text(json.dumps(matrix(error)) + "\n")
    for q, payload in latency.items():
        name = {"0.5": "p50", "0.95": "p95", "0.99": "p99"}[q]
        (folder / f"latency_{name}.json").write_text(json.dumps(payload) + "\n")


# -- pods ----------------------------------------------------------------------

NODES = [f"ip-10-0-{n}.eu-west-1.compute.internal" for n in ("1-23", "2-41", "3-17")]
SUFFIX = "bcdfghjklmnpqrstvwxz2456789"


def suffix() -> str:
    return "".join(RNG.choice(SUFFIX) for _ in range(5))


class Pods:
    """Builds pod objects and records the watch stream."""

    def __init__(self) -> None:
        self.pods: dict[str, dict] = {}
        self.events: list[dict] = []
        self.kube_events: list[dict] = []  # core/v1 Events, as `kubectl describe` lists
        self.ip = 30

    def happened(self, when: datetime, pod: dict, reason: str, message: str,
                 kind: str = "Normal", component: str = "kubelet") -> None:
        metadata = pod["metadata"]
        event = {
            "apiVersion": "v1", "kind": "Event",
            "metadata": {"name": f"{metadata['name']}.{len(self.kube_events):x}",
                         "namespace": metadata["namespace"]},
            "involvedObject": {"kind": "Pod", "name": metadata["name"],
                               "namespace": metadata["namespace"], "uid": metadata["uid"]},
            "type": kind, "reason": reason, "message": message, "count": 1,
            "firstTimestamp": iso(when), "lastTimestamp": iso(when),
            "source": {"component": component},
        }
        self.kube_events.append({"type": kind, "at": iso(when), "object": event})

    def make(self, namespace: str, app: str, rs: str, image: str, created: datetime,
             node: str, running: bool = True, qos: str = "Burstable") -> dict:
        name = f"{app}-{rs}-{suffix()}" if rs else app
        self.ip += 7
        pod = {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "name": name,
                "namespace": namespace,
                "uid": f"{RNG.getrandbits(64):016x}",
                "creationTimestamp": iso(created),
                "labels": {"app": app, "pod-template-hash": rs} if rs else {"app": app},
                "ownerReferences": [{"kind": "ReplicaSet", "name": f"{app}-{rs}"}] if rs else [],
            },
            "spec": {"nodeName": node, "containers": [{"name": app, "image": image}]},
            "status": {
                "phase": "Running" if running else "Pending",
                "podIP": f"10.42.{self.ip // 250}.{self.ip % 250}",
                "qosClass": qos,
                "startTime": iso(created),
                "conditions": [{"type": "Ready", "status": "True" if running else "False"}],
                "containerStatuses": [
                    {
                        "name": app,
                        "image": image,
                        "ready": running,
                        "restartCount": 0,
                        "state": {"running": {"startedAt": iso(created)}} if running
                        else {"waiting": {"reason": "ContainerCreating"}},
                        "lastState": {},
                    }
                ],
            },
        }
        return pod

    def emit(self, kind: str, when: datetime, pod: dict) -> None:
        self.events.append({"type": kind, "at": iso(when),
                            "object": json.loads(json.dumps(pod))})

    def add(self, when: datetime, pod: dict) -> dict:
        self.pods[pod["metadata"]["name"]] = pod
        self.emit("ADDED", when, pod)
        name, node = pod["metadata"]["name"], pod["spec"]["nodeName"]
        image = pod["spec"]["containers"][0]["image"]
        self.happened(when, pod, "Scheduled",
                      f"Successfully assigned {pod['metadata']['namespace']}/{name} to {node}",
                      component="default-scheduler")
        self.happened(when + timedelta(seconds=2), pod, "Pulled",
                      f'Container image "{image}" already present on machine')
        return pod

    def start(self, when: datetime, pod: dict) -> None:
        status = pod["status"]
        status["phase"] = "Running"
        status["conditions"] = [{"type": "Ready", "status": "True"}]
        container = status["containerStatuses"][0]
        container.update(ready=True, state={"running": {"startedAt": iso(when)}})
        self.emit("MODIFIED", when, pod)
        self.happened(when, pod, "Started", f"Started container {container['name']}")

    def restart(self, when: datetime, pod: dict, crashloop: bool = False) -> None:
        container = pod["status"]["containerStatuses"][0]
        started = container["state"].get("running", {}).get("startedAt", iso(when))
        container["restartCount"] += 1
        container["lastState"] = {"terminated": {
            "reason": "Error", "exitCode": 137, "startedAt": started, "finishedAt": iso(when)}}
        if crashloop:
            container["ready"] = False
            container["state"] = {"waiting": {
                "reason": "CrashLoopBackOff",
                "message": f"back-off 5m0s restarting failed container={container['name']}"}}
            pod["status"]["conditions"] = [{"type": "Ready", "status": "False"}]
        else:
            container["ready"] = True
            container["state"] = {"running": {"startedAt": iso(when + timedelta(seconds=2))}}
        self.emit("MODIFIED", when, pod)
        name = container["name"]
        self.happened(when, pod, "Killing",
                      f"Container {name} failed liveness probe, will be restarted")
        if crashloop:
            self.happened(when + timedelta(seconds=1), pod, "BackOff",
                          "Back-off restarting failed container "
                          f"{name} in pod {pod['metadata']['name']}", kind="Warning")

    def not_ready(self, when: datetime, pod: dict) -> None:
        pod["status"]["containerStatuses"][0]["ready"] = False
        pod["status"]["conditions"] = [{"type": "Ready", "status": "False"}]
        self.emit("MODIFIED", when, pod)
        self.happened(when, pod, "Unhealthy",
                      f'Liveness probe failed: Get "http://{pod["status"]["podIP"]}:8080/healthz":'
                      " context deadline exceeded (Client.Timeout exceeded while awaiting "
                      "headers)", kind="Warning")

    def terminate(self, when: datetime, pod: dict, grace: int = 30) -> None:
        pod["metadata"]["deletionTimestamp"] = iso(when + timedelta(seconds=grace))
        self.emit("MODIFIED", when, pod)
        self.happened(when, pod, "Killing",
                      f"Stopping container {pod['spec']['containers'][0]['name']}")
        self.emit("DELETED", when + timedelta(seconds=grace), pod)
        del self.pods[pod["metadata"]["name"]]


def write_pods() -> None:
    pods = Pods()
    old_image = "registry.example.com/shop/checkout:v2.13.4"
    new_image = "registry.example.com/shop/checkout:v2.14.0"
    long_ago = datetime(2026, 3, 9, 10, 12, tzinfo=UTC)
    stable = [
        ("shop", "cart", "6f7c9d8b4", "registry.example.com/shop/cart:v5.2.1", 3),
        ("shop", "payments", "84b6c7d5f", "registry.example.com/shop/payments:v3.9.0", 3),
        ("shop", "pgbouncer", "5b9d6f7c8", "docker.io/bitnami/pgbouncer:1.23.1", 2),
        ("ingress", "ingress-nginx-controller", "7c5f9b6d4",
         "registry.k8s.io/ingress-nginx/controller:v1.11.2", 2),
        ("monitoring", "prometheus-server", "", "quay.io/prometheus/prometheus:v2.53.1", 1),
    ]
    initial = []
    for index in range(4):
        initial.append(pods.make("shop", "checkout", "5c8d7b9f4", old_image,
                                 long_ago + timedelta(minutes=index), NODES[index % 3]))
    for namespace, app, rs, image, count in stable:
        for index in range(count):
            created = long_ago - timedelta(days=index + 1, hours=RNG.randint(0, 20))
            initial.append(pods.make(namespace, app, rs, image, created, NODES[(index + 1) % 3],
                                     qos="Guaranteed" if app == "pgbouncer" else "Burstable"))
    for pod in initial:
        pods.pods[pod["metadata"]["name"]] = pod
    pod_list = {"apiVersion": "v1", "kind": "PodList",
                "metadata": {"resourceVersion": "8812340"},
                "items": json.loads(json.dumps(initial))}

    # 13:57 the release's schema migration job runs and completes.
    job = pods.make("shop", "checkout-db-migrate-29554917", "", new_image, at("13:57"),
                    NODES[0], running=False, qos="BestEffort")
    job["metadata"]["name"] = f"checkout-db-migrate-29554917-{suffix()}"
    job["metadata"]["ownerReferences"] = [{"kind": "Job", "name": "checkout-db-migrate-29554917"}]
    pods.add(at("13:57"), job)
    job["status"]["phase"] = "Succeeded"
    job["status"]["containerStatuses"][0]["state"] = {"terminated": {
        "reason": "Completed", "exitCode": 0, "finishedAt": iso(at("13:57", 40))}}
    pods.emit("MODIFIED", at("13:57", 40), job)

    # 13:58 rolling update to v2.14.0, one pod at a time.
    old = [p for p in initial if p["metadata"]["name"].startswith("checkout-")]
    new = []
    for index, victim in enumerate(old):
        when = at("13:58", index * 35)
        pod = pods.add(when, pods.make("shop", "checkout", "7d9f8c6b5", new_image, when,
                                       NODES[index % 3], running=False))
        pods.start(when + timedelta(seconds=12), pod)
        pods.terminate(when + timedelta(seconds=14), victim)
        new.append(pod)

    # 14:05 onwards: liveness probes time out waiting for DB connections.
    crasher = new[1]
    schedule = [(0, "14:05", 10), (2, "14:06", 40), (1, "14:07", 5), (3, "14:08", 20),
                (0, "14:09", 30), (2, "14:11", 0), (3, "14:13", 45), (0, "14:16", 10),
                (2, "14:18", 25), (3, "14:20", 5)]
    for index, hhmm, seconds in schedule:
        when = at(hhmm, seconds)
        pods.not_ready(when - timedelta(seconds=20), new[index])
        pods.restart(when, new[index])
    for hhmm, seconds in [("14:08", 50), ("14:10", 5), ("14:12", 20), ("14:15", 30),
                          ("14:19", 55)]:
        pods.restart(at(hhmm, seconds), crasher, crashloop=True)

    # 14:22 kubectl rollout undo: v2.13.4 pods return, v2.14.0 pods drain.
    for index, victim in enumerate(new):
        when = at("14:22", 10 + index * 30)
        pod = pods.add(when, pods.make("shop", "checkout", "5c8d7b9f4", old_image, when,
                                       NODES[(index + 1) % 3], running=False))
        pods.start(when + timedelta(seconds=11), pod)
        pods.terminate(when + timedelta(seconds=13), victim)

    pods.events.sort(key=lambda event: event["at"])
    folder = HERE / "kubernetes"
    folder.mkdir(exist_ok=True)
    lines = [json.dumps({"type": "LIST", "at": iso(START), "object": pod_list})]
    lines += [json.dumps(event) for event in pods.events]
    (folder / "pods.jsonl").write_text("\n".join(lines) + "\n")
    pods.kube_events.sort(key=lambda event: event["at"])
    (folder / "events.jsonl").write_text(
        "\n".join(json.dumps(event) for event in pods.kube_events) + "\n")


def replicaset(app: str, rs: str, image: str, revision: int, created: datetime,
               replicas: int, ready: int, cause: str = "") -> dict:
    annotations = {"deployment.kubernetes.io/revision": str(revision)}
    if cause:
        annotations["kubernetes.io/change-cause"] = cause
    return {
        "apiVersion": "apps/v1", "kind": "ReplicaSet",
        "metadata": {"name": f"{app}-{rs}", "namespace": "ingress" if "ingress" in app
                     else "shop", "creationTimestamp": iso(created),
                     "annotations": annotations,
                     "ownerReferences": [{"kind": "Deployment", "name": app}]},
        "spec": {"replicas": replicas,
                 "template": {"spec": {"containers": [{"name": app, "image": image}]}}},
        "status": {"replicas": replicas, "readyReplicas": ready},
    }


def write_replicasets() -> None:
    """Each Deployment's ReplicaSets over the story, as a list of changes:
    v2.14.0 becomes revision 2 at 13:58, and the 14:22 rollback relabels
    the v2.13.4 ReplicaSet as revision 3, as `kubectl rollout undo` does."""
    old = "registry.example.com/shop/checkout:v2.13.4"
    new = "registry.example.com/shop/checkout:v2.14.0"
    long_ago = datetime(2026, 3, 9, 10, 12, tzinfo=UTC)
    changes = [
        (START, replicaset("checkout", "5c8d7b9f4", old, 1, long_ago, 4, 4,
                           "helm upgrade checkout 2.13.4")),
        (START, replicaset("cart", "6f7c9d8b4", "registry.example.com/shop/cart:v5.2.1", 4,
                           long_ago - timedelta(days=8), 3, 3)),
        (START, replicaset("payments", "84b6c7d5f",
                           "registry.example.com/shop/payments:v3.9.0", 7,
                           long_ago - timedelta(days=8), 3, 3)),
        (START, replicaset("pgbouncer", "5b9d6f7c8", "docker.io/bitnami/pgbouncer:1.23.1", 2,
                           long_ago - timedelta(days=7), 2, 2)),
        (START, replicaset("ingress-nginx-controller", "7c5f9b6d4",
                           "registry.k8s.io/ingress-nginx/controller:v1.11.2", 1,
                           long_ago - timedelta(days=7), 2, 2)),
        (at("13:58"), replicaset("checkout", "7d9f8c6b5", new, 2, at("13:58"), 4, 4,
                                 "helm upgrade checkout 2.14.0")),
        (at("13:58", 140), replicaset("checkout", "5c8d7b9f4", old, 1, long_ago, 0, 0,
                                      "helm upgrade checkout 2.13.4")),
        (at("14:22"), replicaset("checkout", "5c8d7b9f4", old, 3, long_ago, 4, 4,
                                 "kubectl rollout undo deployment/checkout")),
        (at("14:24"), replicaset("checkout", "7d9f8c6b5", new, 2, at("13:58"), 0, 0,
                                 "helm upgrade checkout 2.14.0")),
    ]
    lines = [json.dumps({"type": "MODIFIED", "at": iso(when), "object": rs})
             for when, rs in changes]
    (HERE / "kubernetes" / "replicasets.jsonl").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    write_metrics()
    write_pods()
    write_replicasets()
