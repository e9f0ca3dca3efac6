"""Full-text search on PostgreSQL: the same searches as tui/store/search_index.py
over migration 11's PostgreSQL form (one row per incident record and per
entry, a weighted tsvector under a GIN index).

A search is a tsquery built from the quoted words (a prefix search adds
`:*`), never from what was typed, so no operator reaches the parser. Rows
are ranked with ts_rank, weighted as SQLite's bm25 weights its columns
(title, then services and scenarios, then details, then the timeline) and
summed per incident; the score handed back is its negative, so that lower
is better on both engines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tui.store.search_index import SHORTLIST_MARGIN, Match
from tui.store.search_migration import PG_FOLD_FROM, PG_FOLD_TO

if TYPE_CHECKING:
    from tui.store.postgres_connection import PostgresConnection

# ts_rank's weights, in the order {D, C, B, A}: timeline, details,
# services and scenarios, title: bm25's 1, 2, 8, 10 of migration 11 over ten
# (ts_rank takes weights up to 1).
_WEIGHTS = "'{0.1, 0.2, 0.8, 1.0}'::float4[]"


# The letters the index reads without their diacritic (migration 11's
# PostgreSQL form), read so in what is searched too.
_FOLD = str.maketrans(PG_FOLD_FROM, PG_FOLD_TO)


def tsquery(terms: str) -> str:
    """An FTS5 expression of Match (quoted words, `*` for a prefix, OR
    between them) as tsquery text."""
    words = []
    for quoted in terms.split(" OR "):
        prefix = quoted.endswith("*")
        word = quoted.rstrip("*").strip('"').translate(_FOLD)
        words.append(f"'{word}'" + (":*" if prefix else ""))
    return " | ".join(words)


class PostgresSearchIndex:
    """Queries over the index. The caller holds the connection's lock."""

    def __init__(self, conn: PostgresConnection) -> None:
        self.conn = conn

    def _query(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def ranked_rows(self, match: Match, *, where: Sequence[str] = (),
                    params: Sequence[Any] = (), limit: int | None = None
                    ) -> list[dict[str, Any]]:
        """Incident rows found by `match`, best first (see SearchIndex)."""
        shortlist = f" LIMIT {int(limit) + SHORTLIST_MARGIN}" if limit is not None else ""
        sql = ("WITH hits AS (SELECT incident_id, "
               f"-sum(ts_rank({_WEIGHTS}, document, to_tsquery('simple', ?))) AS score "
               "FROM incident_search WHERE document @@ to_tsquery('simple', ?) "
               f"GROUP BY incident_id ORDER BY score{shortlist}) "
               "SELECT incidents.* FROM hits JOIN incidents ON incidents.id = hits.incident_id"
               " WHERE TRUE")
        query = tsquery(match.any)
        every = [tsquery(term) for term in match.every]
        for _ in every:
            sql += (" AND incidents.id IN (SELECT incident_id FROM incident_search "
                    "WHERE document @@ to_tsquery('simple', ?))")
        for condition in where:
            sql += f" AND ({condition})"
        sql += " ORDER BY hits.score, incidents.created_at DESC, incidents.id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._query(sql, [query, query, *every, *params])

    def ranked_ids(self, match: Match, limit: int = 20) -> list[tuple[str, float]]:
        """Incident ids and their summed score (lower is better), for measuring."""
        query = tsquery(match.any)
        rows = self._query(
            "SELECT incident_id, "
            f"-sum(ts_rank({_WEIGHTS}, document, to_tsquery('simple', ?))) AS score "
            "FROM incident_search WHERE document @@ to_tsquery('simple', ?) "
            "GROUP BY incident_id ORDER BY score LIMIT ?", [query, query, limit])
        return [(row["incident_id"], float(row["score"])) for row in rows]
