"""Rollout history: ReplicaSets as revisions, their order, rollbacks, and
which changes are news."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.integration.kube_server import make_replicaset
from tui.model.rollouts import (
    RolloutHistory,
    is_rollback,
    new_revisions,
    revisions_newest_first,
)
from tui.sources.kubernetes_parse import revision


def parsed(*replicasets: dict) -> tuple:  # type: ignore[type-arg]
    found = (revision(rs, "prod") for rs in replicasets)
    return revisions_newest_first(r for r in found if r is not None)


def test_only_deployment_owned_replicasets_with_a_revision_count() -> None:
    orphan = make_replicaset("x", 1, "x:1")
    orphan["metadata"]["ownerReferences"] = [{"kind": "Job", "name": "x"}]
    odd = make_replicaset("y", 1, "y:1")
    odd["metadata"]["annotations"]["deployment.kubernetes.io/revision"] = "seven"
    assert revision(orphan) is None and revision(odd) is None
    good = revision(make_replicaset("api", 4, "api:2", cause="helm upgrade api 2"), "prod")
    assert good is not None
    assert (good.deployment, good.revision, good.images, good.change_cause) == (
        "api", 4, ("api:2",), "helm upgrade api 2")


def test_recently_changed_deployments_first_and_rollbacks_recognised() -> None:
    history = parsed(
        make_replicaset("cart", 9, "cart:9", created="2026-11-01T00:00:00Z"),
        make_replicaset("checkout", 1, "c:1", created="2026-11-20T00:00:00Z"),
        make_replicaset("checkout", 2, "c:2", created="2026-11-23T13:58:00Z"),
    )
    assert [(r.deployment, r.revision) for r in history] == [
        ("checkout", 2), ("checkout", 1), ("cart", 9)]
    rolled_back = parsed(
        make_replicaset("checkout", 3, "c:1", created="2026-11-20T00:00:00Z"),
        make_replicaset("checkout", 2, "c:2", created="2026-11-23T13:58:00Z"))
    assert [r.revision for r in rolled_back] == [3, 2]  # the revision orders changes
    assert is_rollback(rolled_back[0], rolled_back)
    assert not is_rollback(rolled_back[1], rolled_back)
    assert rolled_back[0].created_at == datetime(2026, 11, 20, tzinfo=UTC)


def test_new_revisions_and_new_deployments_are_news_only_after_a_full_fetch() -> None:
    before = RolloutHistory(parsed(make_replicaset("checkout", 1, "c:1")))
    after = RolloutHistory(parsed(make_replicaset("checkout", 1, "c:1"),
                                  make_replicaset("checkout", 2, "c:2"),
                                  make_replicaset("search", 1, "s:1")))
    assert [(r.deployment, r.revision) for r in new_revisions(before, after)] == [
        ("checkout", 2), ("search", 1)]
    partial = RolloutHistory(before.revisions, problem="HTTP 403 forbidden")
    assert [(r.deployment, r.revision) for r in new_revisions(partial, after)] == [
        ("checkout", 2)]
    assert new_revisions(after, after) == []


def test_deployment_state_from_odd_or_hostile_status() -> None:
    from tui.model.rollouts import Progress
    from tui.sources.kubernetes_parse import deployment_state

    bare = deployment_state({"metadata": {"name": "api", "namespace": "shop"}}, "prod")
    # No spec.replicas means one; nothing updated yet is a rollout under way.
    assert (bare.desired, bare.updated, bare.progress) == (1, 0, Progress.ROLLING)
    odd = deployment_state({
        "metadata": {"name": "[red]x\x1b[2J", "namespace": "shop"},
        "spec": {"replicas": "many"},
        "status": {"updatedReplicas": None, "conditions": [
            "junk", {"type": "Progressing", "status": "False", "message": "[b]boom\x07"}]},
    })
    assert odd.deployment == "[red]x\\x1b[2J" and odd.desired == 0
    assert odd.stalled_reason == "Stalled" and odd.stalled_message == "[b]boom\\x07"
    assert odd.progress is Progress.STALLED
