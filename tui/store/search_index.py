"""Full-text search over incidents, through the FTS5 index migration 11
keeps in step (tui/store/migrations.py), read with sqlite-utils.

What people type never reaches FTS5's query syntax: it is cut into words
and each word is quoted, so `"`, `*`, `NEAR(`, `-`, `:` or `OR` are only
text, and a query without a word matches nothing instead of failing."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

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


def match_all_prefixes(text: str) -> str | None:
    """A MATCH for as-you-type search: every word, each as a prefix
    ("chec pay" finds "checkout payments"). None when nothing can match."""
    words = terms(text)
    # \\w never holds a double quote: the quoting cannot be broken out of.
    return " ".join(f'"{word}"*' for word in words) if words else None


def match_any(words: Iterable[str]) -> str | None:
    """A MATCH for look-alikes: any of the words; bm25 ranks those sharing
    more, and rarer, words first."""
    quoted = [f'"{word}"' for word in words]
    return " OR ".join(quoted) if quoted else None


class SearchIndex:
    """Queries over the index. The caller holds the connection's lock."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        # No recursive triggers, no plugins: the connection is Warroom's and
        # keeps Warroom's settings.
        self.db = Database(conn, recursive_triggers=False, execute_plugins=False)

    def ranked_rows(self, match: str, *, where: Sequence[str] = (),
                    params: Sequence[Any] = (), limit: int | None = None
                    ) -> list[dict[str, Any]]:
        """Incident rows matching `match`, best first (bm25 `rank`, with the
        weights migration 11 set), newest first among equals."""
        sql = ("SELECT incidents.* FROM incident_search "
               "JOIN incidents ON incidents.id = incident_search.incident_id "
               "WHERE incident_search MATCH ?")
        for condition in where:
            sql += f" AND ({condition})"
        sql += " ORDER BY incident_search.rank, incidents.created_at DESC, incidents.id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return list(self.db.query(sql, [match, *params]))

    def ranked_ids(self, match: str, limit: int = 20) -> list[tuple[str, float]]:
        """Incident ids and their bm25 rank (lower is better), for measuring."""
        rows = self.db.query("SELECT incident_id, rank FROM incident_search "
                             "WHERE incident_search MATCH ? ORDER BY rank LIMIT ?",
                             [match, limit])
        return [(row["incident_id"], row["rank"]) for row in rows]
