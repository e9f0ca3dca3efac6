"""The store's link as the room is told it (issue 27, point 2): the
header's words while a PostgreSQL server is away and once it is back, the
connections' record of it (away, back, the spacing of reconnects), and a
note kept meanwhile saying it waits for the reconnect. A SQLite file is
never away, and its own locked-file wording is left as it was."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from tests.conftest import open_store
from tests.factories import T0
from tui.model.clock import FrozenClock
from tui.model.note_queue import NoteQueue, pending_lines
from tui.model.store_link import NORMAL, StoreLink, link_line
from tui.store.link import Link


def test_the_header_says_since_when_read_only_and_reconnecting_then_back() -> None:
    assert link_line(StoreLink(down_since=T0)) == (
        "store unreachable since 14:00:00Z · read-only · reconnecting")
    assert link_line(StoreLink(back_at=T0 + timedelta(seconds=70))) == (
        "store reconnected at 14:01:10Z · saving what was kept")
    assert link_line(NORMAL) == ""


def test_the_link_is_away_from_the_first_cut_until_a_statement_gets_through() -> None:
    link = Link()
    assert link.state()[:2] == (None, None)
    link.lost()
    down_at, _, _ = link.state()
    link.lost()  # a second failure does not move "since"
    assert link.state()[:2] == (down_at, None)
    link.found()
    down, back, _ = link.state()
    assert down is None and back is not None
    link.back_shown_s = 0
    assert link.state()[:2] == (None, None)  # "reconnected" said only a moment


def test_reconnects_are_spaced_unless_the_feed_got_through() -> None:
    link = Link()
    assert link.may_reconnect()
    link.reconnect_failed()
    assert link.state()[0] is not None  # a failed reconnect is a server away too
    assert not link.may_reconnect()
    link.reachable()
    assert link.may_reconnect()


def test_a_note_kept_while_the_store_is_away_says_it_saves_on_reconnect() -> None:
    queue = NoteQueue()
    first, second = queue.add("INC-1", "restarted the pods"), queue.add("INC-1", "paged DBA")
    queue.start()
    queue.failed(first.key, "the PostgreSQL server went away (…)", unreachable=True)
    assert pending_lines(queue.pending(), "INC-1") == [
        "✖ not saved: restarted the pods — store unreachable: kept here, will save on "
        "reconnect",
        "· waiting: paged DBA"]
    assert second.key != first.key
    # Retried under the uid chosen at Enter, so a commit that landed
    # unanswered is found, not stored twice (tests/unit/test_actions.py).
    queue.start()
    retried = queue.take()
    assert retried is not None and retried.uid == first.uid and len(first.uid) == 32
    assert second.uid != first.uid


def test_a_locked_file_keeps_its_own_words() -> None:
    queue = NoteQueue()
    note = queue.add("INC-1", "restarted the pods")
    queue.start()
    queue.failed(note.key, "the database is locked by another program (waited 5 s)")
    assert pending_lines(queue.pending(), "INC-1") == [
        "✖ not saved: restarted the pods — the database is locked by another program "
        "(waited 5 s); tried again by itself, Enter tries now"]


def test_a_sqlite_file_is_never_away(tmp_path: Path) -> None:
    store = open_store(tmp_path / "warroom.db", FrozenClock(T0))
    started = time.monotonic()
    assert store.link() == NORMAL
    assert time.monotonic() - started < 0.5  # no statement run: the UI thread asks
    store.close()
