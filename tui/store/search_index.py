"""Full-text search over incidents, through the FTS5 index migration 11
keeps in step (tui/store/migrations.py), read with sqlite-utils.

What people type never reaches FTS5's query syntax: it is cut into words
and each word is quoted, so `"`, `*`, `NEAR(`, `-`, `:` or `OR` are only
text, and a query without a word matches nothing instead of failing."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.store.database import Connection
    from tui.store.postgres_search import PostgresSearchIndex

# Words as FTS5's unicode61 tokenizer sees them (near enough: an underscore
# splits there and not here, and a quoted "db_pool" is then a phrase).
_WORD = re.compile(r"\w+")
# A pasted stack trace must not become a thousand-term query.
MAX_TERMS = 32
# FTS5 keeps no track of its tokens' length; past this a "word" is noise.
MAX_TERM_CHARS = 64


def terms(*texts: str) -> list[str]:
    """The distinct words of `texts`, lower-cased, in order of appearance."""
    found: dict[str, None] = {}
    for text in texts:
        for word in _WORD.findall(text.lower()):
            # Only letters or digits make a token: "_" alone would be an empty phrase.
            if any(char.isalnum() for char in word):
                found.setdefault(word[:MAX_TERM_CHARS], None)
    return list(found)[:MAX_TERMS]


# migration 11's `rank`, spelled out: `rank` reads its configuration again for
# every row and took twice as long (18 ms against 9 over 6,000 rows).
_BM25 = "bm25(incident_search, 0.0, 10.0, 8.0, 8.0, 2.0, 1.0)"
# Which incident a row of the index belongs to, from its rowid (migration 11:
# minus the incident's rowid, or the entry's id): reading the row's
# incident_id back out of FTS5 took twice as long as these lookups.
_INCIDENT_OF_ROW = ("CASE WHEN r < 0 THEN (SELECT id FROM incidents WHERE rowid = -r) "
                    "ELSE (SELECT incident_id FROM timeline WHERE id = r) END")


# How many more incidents than asked for are ranked before `where` filters.
SHORTLIST_MARGIN = 50


class Match:
    """A search as MATCH expressions: `any` finds and ranks the rows holding
    any of the words; each of `every` (one word each) must be found somewhere
    in an incident (its record or any entry) for it to be listed."""

    def __init__(self, words: Sequence[str], *, prefix: bool, every: bool) -> None:
        # \w never holds a double quote: the quoting cannot be broken out of.
        quoted = [f'"{word}"' + ("*" if prefix else "") for word in words]
        self.any = " OR ".join(quoted)
        self.every = quoted if every and len(quoted) > 1 else []


def match_all_prefixes(text: str) -> Match | None:
    """As-you-type search: every word, each as a prefix ("chec pay" finds
    "checkout payments"). None when nothing can match."""
    words = terms(text)
    return Match(words, prefix=True, every=True) if words else None


def match_any(words: Sequence[str]) -> Match | None:
    """Look-alikes: any of the words; bm25 ranks those sharing more, and
    rarer, words first."""
    return Match(words, prefix=False, every=False) if words else None


def index_for(conn: Connection) -> SearchIndex | PostgresSearchIndex:
    """The index of the store behind `conn`: FTS5, or PostgreSQL's tsvector."""
    from tui.store.postgres_connection import PostgresConnection

    if isinstance(conn, PostgresConnection):
        from tui.store.postgres_search import PostgresSearchIndex

        return PostgresSearchIndex(conn)
    return SearchIndex(conn)


class SearchIndex:
    """Queries over the index. The caller holds the connection's lock."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        # Imported here: sqlite-utils (and its click, pluggy, tabulate) was
        # 60 ms of every start, and only a search or a declaration reads it.
        from sqlite_utils import Database

        # No recursive triggers, no plugins: the connection is Warroom's and
        # keeps Warroom's settings.
        self.db = Database(conn, recursive_triggers=False, execute_plugins=False)

    def ranked_rows(self, match: Match, *, where: Sequence[str] = (),
                    params: Sequence[Any] = (), limit: int | None = None
                    ) -> list[dict[str, Any]]:
        """Incident rows found by `match`, best first: bm25 (weighted as
        migration 11's `rank`) summed over the incident's rows, so an incident
        sharing more words, and rarer ones, comes first; newest first among
        equals."""
        # With a limit, only the best few incidents are read and filtered, not
        # every one sharing a common word; `where` leaves out a few at most
        # (demo incidents, the one edited), hence the margin.
        shortlist = f" LIMIT {int(limit) + SHORTLIST_MARGIN}" if limit is not None else ""
        # MATERIALIZED: flattened into the GROUP BY, bm25 is out of its context.
        sql = (f"WITH found AS MATERIALIZED (SELECT rowid AS r, {_BM25} AS score "
               "FROM incident_search WHERE incident_search MATCH ?), "
               f"hits AS (SELECT {_INCIDENT_OF_ROW} AS incident_id, sum(score) AS score "
               f"FROM found GROUP BY 1 ORDER BY score{shortlist}) "
               "SELECT incidents.* FROM hits JOIN incidents ON incidents.id = hits.incident_id"
               " WHERE 1")
        for _ in match.every:
            sql += (f" AND incidents.id IN (SELECT {_INCIDENT_OF_ROW} FROM "
                    "(SELECT rowid AS r FROM incident_search WHERE incident_search MATCH ?))")
        for condition in where:
            sql += f" AND ({condition})"
        sql += " ORDER BY hits.score, incidents.created_at DESC, incidents.id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return list(self.db.query(sql, [match.any, *match.every, *params]))

    def ranked_ids(self, match: Match, limit: int = 20) -> list[tuple[str, float]]:
        """Incident ids and their summed bm25 (lower is better), for measuring."""
        rows = self.db.query(
            f"WITH found AS MATERIALIZED (SELECT rowid AS r, {_BM25} AS score "
            "FROM incident_search WHERE incident_search MATCH ?) "
            f"SELECT {_INCIDENT_OF_ROW} AS incident_id, sum(score) AS score FROM found "
            "GROUP BY 1 ORDER BY score LIMIT ?",
            [match.any, limit])
        return [(row["incident_id"], row["score"]) for row in rows]
