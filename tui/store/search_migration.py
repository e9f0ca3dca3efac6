"""Migration 11's pieces (full-text search over incidents): the SQL its
SQLite triggers and its PostgreSQL form share, and the PostgreSQL form
itself (tui/store/migrations.py gives it for step 11). Append only, as
every migration: a released statement is never edited."""

from __future__ import annotations

# Pieces of migration 11's SQL, written once for its triggers and its backfill.
# What else identifies an incident to a searcher: its id, severity, words and people.
DETAILS = ("({row}.id || ' ' || {row}.severity || ' ' || {row}.description || ' ' "
           "|| {row}.impact || ' ' || {row}.roles)")
# A timeline entry's row; deleted entries (hidden, restorable) have none.
ENTRY_ROW = ("INSERT INTO incident_search(rowid, incident_id, timeline) "
             "SELECT {row}.id, {row}.incident_id, {row}.text WHERE {row}.deleted_at IS NULL")


# Migration 11 for PostgreSQL: the same searchable fields in a plain table,
# one row per incident (entry_id 0) and per timeline entry, with a weighted
# tsvector (title, then services and scenarios, then details, then the
# timeline, as bm25's weights rank them in SQLite) under a GIN index, and
# triggers that keep it in step. The 'simple' configuration, like SQLite's
# unicode61, lower-cases and stems nothing; the Latin letters with a
# diacritic are read as their base letter first ("Zoë" is found by "zoe", as
# remove_diacritics does; unaccent is an extension a database owner may not
# be allowed to create), and punctuation as a space: PostgreSQL's parser would
# keep "checkout.svc", "a/b" or "-1400" (a signed number) whole, where
# unicode61 finds the words in them. A search folds its words the same way
# (tui/store/postgres_search.py): written out here, never derived, so that
# the step stays what it was whatever Python's Unicode tables become.
PG_FOLD_FROM = (
    "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀ"
    "āĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľ"
    "ŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſ")
PG_FOLD_TO = (
    "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyA"
    "aAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLl"
    "NnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzs")
# ASCII punctuation, each read as a space (no quote nor backslash: they
# would need escaping in the statement, and split nothing a search types).
_PUNCTUATION = "-./@:_+#,;()[]{}!?=&*~|<>$^`\""
PG_FOLD_FROM += _PUNCTUATION
PG_FOLD_TO += " " * len(_PUNCTUATION)


def _pg_fold(column: str) -> str:
    return f"translate(coalesce({column}, ''), '{PG_FOLD_FROM}', '{PG_FOLD_TO}')"


_PG_DOCUMENT = (
    f"setweight(to_tsvector('simple', {_pg_fold('title')}), 'A') || "
    f"setweight(to_tsvector('simple', {_pg_fold('services')} || ' ' || "
    f"{_pg_fold('scenarios')}), 'B') || "
    f"setweight(to_tsvector('simple', {_pg_fold('details')}), 'C') || "
    f"setweight(to_tsvector('simple', {_pg_fold('timeline')}), 'D')")
_PG_RECORD_ROW = ("INSERT INTO incident_search "
                  "(incident_id, entry_id, title, services, scenarios, details) ")
_PG_ENTRY_ROW = "INSERT INTO incident_search (incident_id, entry_id, timeline) "
POSTGRES_SEARCH = (
    f"""CREATE TABLE incident_search (
        incident_id TEXT NOT NULL,
        entry_id BIGINT NOT NULL,
        title TEXT,
        services TEXT,
        scenarios TEXT,
        details TEXT,
        timeline TEXT,
        document tsvector GENERATED ALWAYS AS ({_PG_DOCUMENT}) STORED,
        PRIMARY KEY (incident_id, entry_id)
    )""",
    "CREATE INDEX incident_search_document ON incident_search USING GIN (document)",
    f"""CREATE FUNCTION incident_search_record() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            DELETE FROM incident_search WHERE incident_id = OLD.id AND entry_id = 0;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            {_PG_RECORD_ROW}
            VALUES (NEW.id, 0, NEW.title, NEW.services, NEW.scenarios,
                    {DETAILS.format(row="NEW")});
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER incident_search_record AFTER INSERT OR DELETE OR UPDATE OF
            id, title, services, scenarios, severity, description, impact, roles
        ON incidents FOR EACH ROW EXECUTE FUNCTION incident_search_record()""",
    f"""CREATE FUNCTION incident_search_entry() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            DELETE FROM incident_search
            WHERE incident_id = OLD.incident_id AND entry_id = OLD.id;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN
            {_PG_ENTRY_ROW} VALUES (NEW.incident_id, NEW.id, NEW.text);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER incident_search_entry AFTER INSERT OR DELETE OR UPDATE OF
            text, deleted_at, incident_id
        ON timeline FOR EACH ROW EXECUTE FUNCTION incident_search_entry()""",
    f"""{_PG_RECORD_ROW}
        SELECT id, 0, title, services, scenarios, {DETAILS.format(row="incidents")}
        FROM incidents""",
    f"{_PG_ENTRY_ROW} SELECT incident_id, id, text FROM timeline WHERE deleted_at IS NULL",
)
