"""The store's statements as PostgreSQL runs them (no server needed)."""

from __future__ import annotations

from tui.store.postgres_sql import KEYS, NUMBERED, translate


def test_the_key_of_each_table_and_the_numbered_ones_come_from_the_migrations() -> None:
    assert KEYS["metric_panes"] == ("incident_id", "pane_id")
    assert KEYS["incidents"] == ("id",)
    assert {"timeline", "metric_series", "checklist_marks", "action_items"} == NUMBERED


def test_insert_or_replace_is_an_upsert_on_the_key() -> None:
    statement = translate(
        "INSERT OR REPLACE INTO metric_panes (incident_id, pane_id, spec) VALUES (?, ?, ?)")
    assert statement.sql == ("INSERT INTO metric_panes (incident_id, pane_id, spec) VALUES "
                             "(%s, %s, %s) ON CONFLICT (incident_id, pane_id) DO UPDATE SET "
                             "spec = excluded.spec, rowid = DEFAULT")
    assert statement.writes and not statement.returns_id


def test_an_insert_into_a_numbered_table_returns_its_id() -> None:
    statement = translate("INSERT INTO timeline (incident_id, text) VALUES (?, ?)")
    assert statement.sql.endswith("VALUES (%s, %s) RETURNING id")
    assert statement.returns_id and statement.explicit_id_table is None
    with_id = translate("INSERT INTO timeline (id, incident_id) VALUES (?, ?)")
    assert with_id.explicit_id_table == "timeline"
    ignored = translate("INSERT OR IGNORE INTO metric_series (incident_id) VALUES (?)")
    assert ignored.sql.endswith("ON CONFLICT DO NOTHING RETURNING id")


def test_json_each_and_planner_hints_are_said_in_postgresql() -> None:
    sql = translate("SELECT DISTINCT pod FROM pod_states INDEXED BY pod_states_by_time "
                    "WHERE pod IN (SELECT value FROM json_each(?)) ORDER BY rowid").sql
    assert sql == ("SELECT DISTINCT pod FROM pod_states  WHERE pod IN (SELECT value FROM "
                   "json_array_elements_text(%s::json)) ORDER BY rowid")
    # Literals are text, never rewritten; a literal % is doubled for psycopg.
    assert translate("SELECT 'rowid 50%' WHERE a = ?").sql == "SELECT 'rowid 50%%' WHERE a = %s"
