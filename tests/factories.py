"""Model objects for tests, with defaults that any field can override."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tui.model.incident import Incident, Milestone, Roles, Status
from tui.model.pods import PodRow
from tui.store import Store

T0 = datetime(2026, 3, 14, 14, 0, tzinfo=UTC)


def make_incident(**changes: object) -> Incident:
    """P1 "Checkout down", started at T0 and declared 8 minutes later."""
    fields: dict[str, object] = dict(
        id="INC-1", title="Checkout down", severity="P1", status=Status.INVESTIGATING,
        milestones={Milestone.STARTED: T0, Milestone.DECLARED: T0 + timedelta(minutes=8)},
        roles=Roles(incident_commander="Priya"), services=("checkout",),
    )
    fields.update(changes)
    return Incident(**fields)  # type: ignore[arg-type]


def make_pod_row(name: str, **changes: object) -> PodRow:
    """A healthy pod of namespace "shop", created an hour before T0."""
    fields: dict[str, object] = dict(
        cluster="prod", namespace="shop", name=name, ready=1, containers=1,
        status="Running", restarts=0, last_restart_at=None,
        created_at=T0 - timedelta(hours=1), node="node-1",
    )
    fields.update(changes)
    return PodRow(**fields)  # type: ignore[arg-type]


def seed_history(store: Store, now: datetime, count: int = 24, *, every_days: float = 4.0
                 ) -> list[Incident]:
    """`count` past incidents in a real store, one every `every_days` days
    back from `now`, with known response times: incident n is P1 when
    n % 4 == 0, else P2 (n % 4 == 1), else P3; detected n % 7 minutes
    after its start, acknowledged 5 minutes later, resolved 30 + 10·(n % 5)
    minutes after the start; services rotate through checkout, payments,
    cart (checkout every time n is even); every third has an open action
    item owned by bo or ana, overdue when n % 6 == 0."""
    from tui.model.action_item import ActionDraft

    severities = ("P1", "P2", "P3", "P3")
    services = ("payments", "cart")
    made = []
    for n in range(count):
        start = now - timedelta(days=every_days * n + 0.5)
        incident = Incident(
            id=f"INC-H{n:04d}", title=f"Past incident {n}", severity=severities[n % 4],
            status=Status.RESOLVED,
            services=(("checkout",) if n % 2 == 0 else ()) + (services[n % 2],),
            milestones={Milestone.STARTED: start,
                        Milestone.DETECTED: start + timedelta(minutes=n % 7),
                        Milestone.ACKNOWLEDGED: start + timedelta(minutes=n % 7 + 5),
                        Milestone.DECLARED: start + timedelta(minutes=n % 7 + 6),
                        Milestone.RESOLVED: start + timedelta(minutes=30 + 10 * (n % 5))})
        store.incidents.create(incident)
        if n % 3 == 0:
            due = (now - timedelta(days=1)).date() if n % 6 == 0 else None
            store.follow_ups.add(incident.id, ActionDraft(
                f"Follow-up of incident {n}", owner=("bo", "ana")[n % 2], due=due))
        made.append(incident)
    return made


SEARCH_WORDS = ("checkout", "payments", "cart", "search", "auth", "kafka", "redis", "dns")


def seed_search_corpus(store: Store, count: int = 5000) -> None:
    """`count` resolved incidents titled from two of eight service words, each
    with a timeline note, written in one transaction (a bulk load, not
    `count` commits): the search index's load in tests and bench/search.py."""
    words = SEARCH_WORDS
    with store.db.lock:
        store.conn.execute("BEGIN")
        for n in range(count):
            a, b = words[n % 8], words[(n // 8) % 8]
            store.conn.execute(
                "INSERT INTO incidents (id, title, severity, status, services, created_at, "
                "updated_at) VALUES (?, ?, 'P2', 'resolved', ?, ?, ?)",
                [f"INC-{n:05d}", f"{a} {b} errors {n}", f'["{a}", "{b}"]',
                 f"2025-01-01T00:00:{n % 60:02d}Z", "2025-01-01T00:00:00Z"])
            store.conn.execute("INSERT INTO milestones VALUES (?, 'started', ?)",
                               [f"INC-{n:05d}", "2025-01-01T00:00:00Z"])
            store.conn.execute(
                "INSERT INTO timeline (incident_id, at, kind, text, created_at) VALUES "
                "(?, '2025-01-01T00:01:00Z', 'note', ?, '2025-01-01T00:01:00Z')",
                [f"INC-{n:05d}", f"rolled back {b} deploy {n}"])
        store.conn.execute("COMMIT")
