"""Numbered schema migrations. Append only: a released step is never edited.
The schema version lives in `PRAGMA user_version`."""

from __future__ import annotations

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
)

LATEST_VERSION = len(MIGRATIONS)
