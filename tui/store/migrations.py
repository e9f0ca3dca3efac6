"""Numbered schema migrations. Append only: a released step is never edited.
The schema version lives in `PRAGMA user_version` (SQLite) or the
`warroom_schema` table (PostgreSQL).

One definition serves both engines: each step is written for SQLite and
`migration()` gives it to PostgreSQL through tui/store/dialect.py. Only
what has no translation (migration 11's FTS5 index and its triggers,
migration 15's uid triggers) has a PostgreSQL form of its own, in
POSTGRES_STEPS (written in tui/store/search_migration.py and
sync_migration.py)."""

from __future__ import annotations

import re

from tui.store.dialect import Dialect, translate
from tui.store.search_migration import DETAILS as _DETAILS
from tui.store.search_migration import ENTRY_ROW as _ENTRY_ROW
from tui.store.search_migration import POSTGRES_SEARCH
from tui.store.sync_migration import POSTGRES_UIDS, SQLITE_UIDS

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: incidents, milestones, timeline
    (
        """CREATE TABLE incidents (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            severity TEXT NOT NULL,
            status TEXT NOT NULL,
            impact TEXT NOT NULL DEFAULT '',
            services TEXT NOT NULL DEFAULT '[]',
            roles TEXT NOT NULL DEFAULT '{}',
            last_update_at TEXT,
            is_demo INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE milestones (
            incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (incident_id, name)
        )""",
        """CREATE TABLE timeline (
            id INTEGER PRIMARY KEY,
            incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            starred INTEGER NOT NULL DEFAULT 0,
            deleted_at TEXT,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX timeline_by_incident ON timeline(incident_id, at)",
    ),
    # 2: what the metric panes fetched, for offline review
    (
        """CREATE TABLE metric_panes (
            incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            pane_id TEXT NOT NULL,
            spec TEXT NOT NULL,
            PRIMARY KEY (incident_id, pane_id)
        )""",
        """CREATE TABLE metric_series (
            id INTEGER PRIMARY KEY,
            incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            pane_id TEXT NOT NULL,
            name TEXT NOT NULL,
            labels TEXT NOT NULL,
            UNIQUE (incident_id, pane_id, labels, name)
        )""",
        """CREATE TABLE metric_points (
            series_id INTEGER NOT NULL REFERENCES metric_series(id) ON DELETE CASCADE,
            t REAL NOT NULL,
            v REAL,
            PRIMARY KEY (series_id, t)
        ) WITHOUT ROWID""",
        """CREATE TABLE metric_fetches (
            incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            pane_id TEXT NOT NULL,
            at TEXT NOT NULL,
            window_seconds INTEGER NOT NULL,
            step_seconds INTEGER NOT NULL DEFAULT 0,
            warnings TEXT NOT NULL DEFAULT '[]',
            error TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX metric_fetches_by_pane ON metric_fetches(incident_id, pane_id, at)",
    ),
    # 3: metric panes added, edited or removed in the app (for every incident)
    (
        """CREATE TABLE pane_overrides (
            pane_id TEXT PRIMARY KEY,
            spec TEXT,
            position INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL DEFAULT ''
        )""",
    ),
    # 4: pod states kept with the incident on change, for offline review
    (
        """CREATE TABLE pod_states (
            incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            pod TEXT NOT NULL,
            state TEXT
        )""",
        "CREATE INDEX pod_states_by_pod ON pod_states(incident_id, pod, at)",
    ),
    # 5: scenario tags on incidents (they choose the playbooks)
    (
        "ALTER TABLE incidents ADD COLUMN scenarios TEXT NOT NULL DEFAULT '[]'",
    ),
    # 6: playbooks attached to incidents (as they were when attached), the
    # log of ticks and skips, and follow-up action items
    (
        """CREATE TABLE playbook_attachments (
            incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            playbook_id TEXT NOT NULL,
            content TEXT NOT NULL,
            position INTEGER NOT NULL,
            attached_at TEXT NOT NULL,
            attached_by TEXT NOT NULL DEFAULT '',
            detached_at TEXT,
            detached_by TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (incident_id, playbook_id)
        )""",
        """CREATE TABLE checklist_marks (
            id INTEGER PRIMARY KEY,
            incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            playbook_id TEXT NOT NULL,
            item_key TEXT NOT NULL,
            state TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,
            entry_id INTEGER
        )""",
        "CREATE INDEX checklist_marks_by_incident ON checklist_marks(incident_id, id)",
        """CREATE TABLE action_items (
            id INTEGER PRIMARY KEY,
            incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            description TEXT NOT NULL,
            owner TEXT NOT NULL DEFAULT '',
            due TEXT,
            priority TEXT NOT NULL,
            type TEXT NOT NULL,
            status TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX action_items_by_incident ON action_items(incident_id, id)",
    ),
    # 7: a status-update reminder put off, until when and why
    (
        "ALTER TABLE incidents ADD COLUMN update_snoozed_until TEXT",
        "ALTER TABLE incidents ADD COLUMN update_snooze_reason TEXT NOT NULL DEFAULT ''",
    ),
    # 8: communications being written, kept as typed until sent
    (
        """CREATE TABLE comms_drafts (
            incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            template_id TEXT NOT NULL,
            text TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (incident_id, template_id)
        )""",
    ),
    # 9: what the review writes: summary, contributing factors, lessons…
    (
        """CREATE TABLE review_notes (
            incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            text TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (incident_id, field)
        )""",
    ),
    # 10: response targets missed and escalation steps taken (each once), and
    # the error budget each SLO spent, as last measured
    (
        """CREATE TABLE response_log (
            incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            at TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (incident_id, key)
        )""",
        """CREATE TABLE slo_measurements (
            incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            slo_id TEXT NOT NULL,
            spec TEXT NOT NULL,
            window_start TEXT NOT NULL,
            window_end TEXT NOT NULL,
            good REAL NOT NULL,
            total REAL NOT NULL,
            window_total REAL NOT NULL,
            measured_at TEXT NOT NULL,
            source TEXT NOT NULL,
            PRIMARY KEY (incident_id, slo_id)
        )""",
    ),
    # 11: full-text search over incidents ("seen before?" and the `o` picker),
    # kept in step by triggers so that every writer (the app, import, the
    # demo) indexes without knowing; the last statements index what is there.
    # One row per incident (its record; rowid minus the incident's rowid) and
    # one per timeline entry (rowid the entry's id), each naming its incident:
    # a note costs one small row, where one document per incident would be
    # re-indexed whole at every note (3,000 entries imported took 15 s).
    (
        # remove_diacritics: "Zoe" finds "Zoë". incident_id is carried, not indexed.
        """CREATE VIRTUAL TABLE incident_search USING fts5(
            incident_id UNINDEXED, title, services, scenarios, details, timeline,
            tokenize = 'unicode61 remove_diacritics 2'
        )""",
        # rank is bm25 with what names the trouble (title, services, scenario)
        # weighing more than the wording around it.
        "INSERT INTO incident_search(incident_search, rank) "
        "VALUES ('rank', 'bm25(0.0, 10.0, 8.0, 8.0, 2.0, 1.0)')",
        f"""CREATE TRIGGER incident_search_insert AFTER INSERT ON incidents BEGIN
            INSERT INTO incident_search(rowid, incident_id, title, services, scenarios, details)
            VALUES (-new.rowid, new.id, new.title, new.services, new.scenarios,
                    {_DETAILS.format(row="new")});
        END""",
        f"""CREATE TRIGGER incident_search_update AFTER UPDATE OF
                id, title, services, scenarios, severity, description, impact, roles
            ON incidents BEGIN
            UPDATE incident_search SET incident_id = new.id, title = new.title,
                services = new.services, scenarios = new.scenarios,
                details = {_DETAILS.format(row="new")}
            WHERE rowid = -new.rowid;
        END""",
        """CREATE TRIGGER incident_search_delete AFTER DELETE ON incidents BEGIN
            DELETE FROM incident_search WHERE rowid = -old.rowid;
        END""",
        f"""CREATE TRIGGER incident_search_entry_insert AFTER INSERT ON timeline BEGIN
            {_ENTRY_ROW.format(row="new")};
        END""",
        f"""CREATE TRIGGER incident_search_entry_update AFTER UPDATE OF
                text, deleted_at, incident_id ON timeline BEGIN
            DELETE FROM incident_search WHERE rowid = old.id;
            {_ENTRY_ROW.format(row="new")};
        END""",
        """CREATE TRIGGER incident_search_entry_delete AFTER DELETE ON timeline BEGIN
            DELETE FROM incident_search WHERE rowid = old.id;
        END""",
        f"""INSERT INTO incident_search(rowid, incident_id, title, services, scenarios, details)
            SELECT -rowid, id, title, services, scenarios, {_DETAILS.format(row="incidents")}
            FROM incidents""",
        """INSERT INTO incident_search(rowid, incident_id, timeline)
            SELECT id, incident_id, text FROM timeline WHERE deleted_at IS NULL""",
    ),
    # 12: the pod states stored between two moments, read at each step of a
    # review (without it, every step read and sorted every state stored)
    (
        "CREATE INDEX pod_states_by_time ON pod_states(incident_id, at)",
    ),
    # 13: who is in the room: each console's last sign of life on an incident
    (
        """CREATE TABLE presence (
            incident_id TEXT NOT NULL,
            console TEXT NOT NULL,
            name TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            PRIMARY KEY (incident_id, console)
        ) WITHOUT ROWID""",
    ),
    # 14: optimistic concurrency: every change bumps a row's version, an edit
    # names the one it read and is refused when it moved, with who and when
    # (checklist items need none: their marks are a log, the latest its version)
    (
        "ALTER TABLE timeline ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE timeline ADD COLUMN changed_by TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE timeline ADD COLUMN changed_at TEXT",
        "ALTER TABLE incidents ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE incidents ADD COLUMN updated_by TEXT NOT NULL DEFAULT ''",
    ),
    # 15: a stable identity for entries, ticks and follow-ups, and where a
    # local copy came from (tui/store/sync_migration.py)
    SQLITE_UIDS,
)

LATEST_VERSION = len(MIGRATIONS)


def tables_created_by(version: int) -> tuple[str, ...]:
    """The ordinary tables the first `version` migrations create, in order
    (not the search index, whose kind differs by engine)."""
    return tuple(re.findall(r"CREATE TABLE (\w+)", "\n".join(
        statement for step in MIGRATIONS[:version] for statement in step)))


# Every table the migrations create, in the order they do.
TABLES = tables_created_by(LATEST_VERSION)

# Steps whose SQLite statements have no translation, by index (version - 1).
POSTGRES_STEPS: dict[int, tuple[str, ...]] = {10: POSTGRES_SEARCH, 14: POSTGRES_UIDS}


def migration(version: int, dialect: Dialect) -> tuple[str, ...]:
    """The statements that take a database of `dialect` at schema `version`
    to `version + 1`."""
    if dialect is Dialect.POSTGRES and version in POSTGRES_STEPS:
        return POSTGRES_STEPS[version]
    return tuple(_with_rowid(statement, translate(statement, dialect), dialect)
                 for statement in MIGRATIONS[version])


# A table SQLite numbers its rows in without saying (no INTEGER PRIMARY KEY,
# not WITHOUT ROWID): the store orders some of them by that `rowid`.
_IMPLICIT_ROWID = re.compile(r"^\s*CREATE TABLE \w+ \((?![\s\S]*INTEGER PRIMARY KEY)"
                             r"(?![\s\S]*WITHOUT ROWID)")


def _with_rowid(sqlite: str, statement: str, dialect: Dialect) -> str:
    """On PostgreSQL such a table gets its `rowid` as a column, numbered
    in insertion order as SQLite's is (the store's reads leave it out of
    `SELECT *`: tui/store/postgres_connection.py)."""
    if dialect is Dialect.SQLITE or not _IMPLICIT_ROWID.match(sqlite):
        return statement
    # Last, so that a statement naming no columns fills the table's own.
    end = statement.rstrip().rfind(")")
    return f"{statement[:end].rstrip()},\n    rowid BIGINT GENERATED ALWAYS AS IDENTITY)"
