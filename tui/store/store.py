"""The composition root: one `Database` and a repository per aggregate
(`store.incidents`, `store.timeline`, `store.checklists`,
`store.follow_ups`, `store.comms`, `store.archives`, `store.panes`), with
the few reads and writes that span them all. Safe to call from worker
threads: the database's lock serialises use of the single connection. A
use case that changes several aggregates at once is in tui/actions."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from tui.model.clock import Clock
from tui.model.demo_story import DemoStory
from tui.model.incident import Incident
from tui.model.record import IncidentRecord
from tui.model.severity import SeverityLevel
from tui.model.stats import StatsReport, incident_stats
from tui.model.store_link import NORMAL, StoreLink
from tui.model.timeline import EntryKind, TimelineEntry
from tui.store import demo_replay, incident_dump
from tui.store import response_log as response_sql
from tui.store.archives import Archives
from tui.store.checklists import Checklists
from tui.store.comms import Comms
from tui.store.database import Database
from tui.store.follow_ups import FollowUps
from tui.store.incidents import Incidents
from tui.store.panes import Panes
from tui.store.presence import Presence
from tui.store.timeline import Timeline, insert_entry

if TYPE_CHECKING:
    from tui.model.local_copy import LocalCopy, MergeCounts
    from tui.store.change_feed import ChangeFeed
    from tui.store.database import Connection


class Store:
    def __init__(self, conn: Connection, clock: Clock,
                 lock: threading.RLock | None = None, *, db: Database | None = None) -> None:
        self.db = db or Database(conn, clock, lock)
        self.timeline = Timeline(self.db)
        self.incidents = Incidents(self.db, self.timeline)
        self.checklists = Checklists(self.db, self.incidents, self.timeline)
        self.follow_ups = FollowUps(self.db, self.incidents, self.timeline)
        self.comms = Comms(self.db, self.incidents, self.timeline)
        self.archives = Archives(self.db)
        self.panes = Panes(self.db)
        self.presence = Presence(self.db)
        # The link's monotonic moments on this store's clock, each read once
        # (a time said "since" must not move from one tick to the next).
        self._moments: dict[float, datetime] = {}

    @property
    def conn(self) -> Connection:
        return self.db.conn

    @property
    def clock(self) -> Clock:
        return self.db.clock

    def on_clock(self, clock: Clock) -> Store:
        """The same database (connection and lock) on another clock: the
        demo's store writes in recording time, a real incident declared
        from the demo in the time of day."""
        return Store(self.db.conn, clock, db=self.db.on_clock(clock))

    def close(self) -> None:
        self.presence.leave()
        self.db.close()

    def watch(self, incident: Callable[[], str], wake: Callable[[], object]
              ) -> ChangeFeed | None:
        """Have `wake` called, from a thread of the store's, within a second
        of another console committing a change to the incident `incident()`
        names (PostgreSQL's LISTEN/NOTIFY, tui/store/change_feed.py). None
        on a SQLite file: its consoles see changes at their next poll of
        data_version."""
        from tui.store.postgres_connection import PostgresConnection

        if not isinstance(self.conn, PostgresConnection):
            return None
        return self.conn.watch(incident, wake)

    def link(self) -> StoreLink:
        """Whether the store can be reached, as its connections last found
        (tui/store/link.py): no statement is run, the UI thread may ask at
        every tick. A SQLite file's is always normal."""
        from tui.store.postgres_connection import PostgresConnection

        if not isinstance(self.conn, PostgresConnection):
            return NORMAL
        down_at, back_at, now = self.conn.link.state()
        return StoreLink(self._on_clock(down_at, now), self._on_clock(back_at, now))

    def _on_clock(self, moment: float | None, now: float) -> datetime | None:
        if moment is None:
            return None
        if moment not in self._moments:
            if len(self._moments) > 8:
                self._moments.clear()
            self._moments[moment] = self.clock.now() - timedelta(seconds=now - moment)
        return self._moments[moment]

    @property
    def read_only(self) -> bool:
        """Opened read-only (a file this user may not write, for review or export)."""
        return self.db.read_only

    def data_version(self) -> int:
        """Changes whenever another connection commits (see Database.data_version)."""
        return self.db.data_version()

    # -- reads across the aggregates -------------------------------------------

    def record(self, incident_id: str) -> IncidentRecord:
        """The incident with its timeline, checklists and follow-ups, read
        under one lock so that they agree with each other."""
        with self.db.reading():
            return IncidentRecord(self.incidents.required(incident_id),
                                  self.timeline.entries(incident_id),
                                  self.checklists.attachments(incident_id),
                                  self.checklists.marks(incident_id),
                                  self.follow_ups.for_incident(incident_id),
                                  self.comms.drafts(incident_id),
                                  self.comms.review_notes(incident_id),
                                  self.comms.response_log(incident_id),
                                  self.archives.slo_impacts(incident_id))

    def stats(self, now: datetime, levels: Sequence[SeverityLevel]) -> StatsReport:
        """The incident metrics over the whole database (see model/stats.py)."""
        with self.db.reading():
            incidents = self.incidents.all()
            actions = self.follow_ups.every()
        return incident_stats(incidents, actions, now, levels)

    # -- whole incidents, out and in ---------------------------------------------

    def export_incident(self, incident_id: str) -> dict[str, Any]:
        """Everything kept for the incident, as a versioned JSON document."""
        with self.db.reading() as conn:
            return incident_dump.dump_incident(conn, incident_id)

    def import_incident(self, document: dict[str, Any]) -> str:
        """Load an exported incident, all or nothing; returns its id."""
        with self.db.transaction() as conn:
            return incident_dump.load_incident(conn, document)

    def import_or_merge(self, document: dict[str, Any]) -> tuple[str, MergeCounts | None]:
        """Load an exported incident, or merge it into the one already here
        (tui/store/incident_merge.py: what is new is added, once); all or
        nothing. Returns its id, and what the merge did (None: loaded whole)."""
        from tui.store.incident_merge import merge_incident

        with self.db.transaction() as conn:
            incident_id = incident_dump.checked_id(document)
            if conn.execute("SELECT 1 FROM incidents WHERE id = ?", [incident_id]).fetchone():
                return incident_id, merge_incident(conn, document)
            return incident_dump.load_incident(conn, document), None

    def local_copy(self, incident_id: str) -> LocalCopy | None:
        """Where the incident was pulled from, when this store is a local
        copy of it (`warroom sync --pull`)."""
        from tui.store.local_copies import local_copies

        with self.db.reading() as conn:
            found = local_copies(conn, incident_id)
        return found[0] if found else None

    # -- the demo replay -------------------------------------------------------------

    def join_demo(self, incident: Incident, entries: Sequence[TimelineEntry], wall_now: datetime,
                  playing: Callable[[datetime], bool], *, restart: bool = True
                  ) -> tuple[datetime, bool]:
        """When (wall clock) the demo replay being played began: the stored
        one while `playing` says it still plays, else a new one from
        `wall_now`, with the demo incident seeded again as recorded (with
        `restart`; without, one already there is kept). Returns that moment
        and whether the incident was seeded. One transaction: two war rooms
        started together play one replay."""
        with self.db.transaction() as conn:
            exists = conn.execute("SELECT 1 FROM incidents WHERE id = ?",
                                  [incident.id]).fetchone() is not None
            began = demo_replay.began(conn, incident.id) if exists else None
            if exists and began is not None and (playing(began) or not restart):
                return began, False
            if exists and restart:
                demo_replay.forget(conn, [incident.id])
            seeded = not exists or restart
            if seeded:
                self.incidents.insert(conn, incident, entries)
            demo_replay.mark_began(conn, incident.id, wall_now)
        return wall_now, seeded

    def play_story(self, story: DemoStory, now: datetime) -> int:
        """The demo story's steps reached by `now`, each applied once (here
        or by another war room on the file); returns how many were."""
        def log(conn: Any, incident_id: str, at: datetime, kind: str, text: str,
                author: str) -> None:
            insert_entry(conn, incident_id, at, EntryKind(kind), text, author, False,
                         self.db.now_iso())

        due = {story.key(index) for index, _ in story.due(now)}
        with self.db.reading() as conn:
            # Most refreshes reach no new step: a read says so without the
            # write lock, which another program may hold (a note typed
            # meanwhile must not queue behind the replay's wait for it).
            if due <= set(response_sql.logged(conn, story.incident_id)):
                return 0
            with self.db.transaction(give_way=True) as conn:
                return demo_replay.play(conn, story, now, log)
