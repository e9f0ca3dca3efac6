"""Which columns of the pods pane fit its width, and how wide each is.

What triage needs comes first, whatever the width: NAME, READY, STATUS and
RESTARTS in full. The other columns then join by priority, as long as each
fits (as k9s keeps what matters and leaves the rest for a wider window); a
pod name is cut only when the four alone do not fit. A pure function of the
rows, so a big cluster's layout is computed in a thread (see pod_frame)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import attrgetter

from rich.cells import cell_len, set_cell_size

from tui.model.pods import Health, PodRow
from tui.model.timefmt import human_duration, kubectl_age, short_human_duration

# A symbol as well as a colour, so status reads on a monochrome projector.
HEALTH_MARK = {
    Health.OK: "●",
    Health.PENDING: "◌",
    Health.FAILING: "✖",
    Health.COMPLETED: "✓",
    Health.TERMINATING: "⊘",
}
# Widest a column may grow before its values are cut with "…".
MAX_WIDTH = {"CLUSTER": 20, "NAMESPACE": 24, "NODE": 28, "LAST": 24, "STATUS": 30}
MIN_NAME_WIDTH = 14  # "checkou…-x2k4q": a prefix and the ReplicaSet suffix
# Kept in full before any other column, in this order: what triage reads.
ESSENTIAL = ("NAME", "READY", "STATUS", "RESTARTS")
# The other columns join in this order while they fit. CLUSTER first: with
# several clusters a pod's cluster says which one is burning. Then the
# pod's age and what wide mode (ctrl+w) asked for; where a pod runs last.
PRIORITY = ("CLUSTER", "AGE", "LAST", "IP", "QOS", "NAMESPACE", "NODE")
# Where-it-runs text may be cut (down to this many cells) rather than the
# column left out: the start of a node or namespace name still says a lot.
SHRINKABLE = {"CLUSTER": 10, "NAMESPACE": 9, "NODE": 12, "LAST": 12}
GAP = 2
# Never left out for want of room, whatever the order of the columns.
ALWAYS_SHOWN = frozenset({"NAME", "READY", "STATUS"})
# Columns whose header may carry the sort arrow.
SORTABLE = frozenset({"NAME", "STATUS", "RESTARTS", "AGE"})
NAME_TAIL = 6


def _restarts(row: PodRow, now: datetime, short: bool = False) -> str:
    """`6 (3m10s ago)` as kubectl prints it, or `6 (3m)` where room is short;
    no time without a restart, as kubectl."""
    if row.restarts == 0 or row.last_restart_at is None:
        return str(row.restarts)
    if short:
        return f"{row.restarts} ({short_human_duration(now - row.last_restart_at)})"
    return f"{row.restarts} ({human_duration(now - row.last_restart_at)} ago)"


# Each column's text for a pod; AGE and RESTARTS depend on the time.
CELL: dict[str, Callable[[PodRow, datetime], str]] = {
    "CLUSTER": lambda row, now: row.cluster,
    "NAMESPACE": lambda row, now: row.namespace,
    "NAME": lambda row, now: row.name,
    "READY": lambda row, now: f"{row.ready}/{row.containers}",
    "STATUS": lambda row, now: f"{HEALTH_MARK[row.health]} {row.status}",
    "RESTARTS": _restarts,
    "AGE": lambda row, now: kubectl_age(row.created_at, now),
    "NODE": lambda row, now: row.node,
    "IP": lambda row, now: row.ip,
    "LAST": lambda row, now: row.last_termination,
    "QOS": lambda row, now: row.qos,
}


def _widest(values: Iterable[str]) -> int:
    # len() is the width of ASCII text, and most pod text is ASCII.
    return max((len(value) if value.isascii() else cell_len(value) for value in values),
               default=0)


# Columns whose text is a field as it stands.
PLAIN_FIELD = {"CLUSTER": "cluster", "NAMESPACE": "namespace", "NAME": "name", "NODE": "node",
               "IP": "ip", "QOS": "qos"}


# The widest AGE of a pod younger than two years ("7d23h"); an older pod
# may show "7y364d", and a pod with no time "<unknown>".
AGE_WIDEST = "7d23h"
OLD_AGE_WIDEST = "7y364d"
TWO_YEARS = timedelta(days=2 * 365)


@dataclass(frozen=True)
class TimedFacts:
    """What the widths that change with the time depend on, gathered from
    the rows once: the oldest and youngest creation, whether one is unknown,
    and the pods that restarted."""

    oldest: datetime | None
    youngest: datetime | None
    unknown: bool
    restarted: tuple[PodRow, ...]


def timed_facts(rows: Sequence[PodRow]) -> TimedFacts:
    created = [row.created_at for row in rows]
    known = [moment for moment in created if moment is not None]
    return TimedFacts(min(known, default=None), max(known, default=None),
                      len(known) < len(created),
                      tuple(row for row in rows if row.last_restart_at is not None))


def _age_widths(facts: TimedFacts, now: datetime) -> set[str]:
    """Stand-ins as wide as the AGE column must be: formatting 10k ages
    cost 30 ms, a pass for the oldest and the youngest costs little."""
    widths = {AGE_WIDEST}
    if facts.unknown:
        widths.add(kubectl_age(None, now))
    if facts.oldest is not None and facts.youngest is not None:
        widths.add(OLD_AGE_WIDEST if now - facts.oldest >= TWO_YEARS else AGE_WIDEST)
        # "<invalid>" when created in the future
        widths.add(kubectl_age(facts.youngest, now))
    return widths


def _column_values(column: str, rows: Sequence[PodRow], now: datetime,
                   short_restarts: bool = False) -> set[str]:
    if column in PLAIN_FIELD:
        return set(map(attrgetter(PLAIN_FIELD[column]), rows))
    if column == "AGE":
        return _age_widths(timed_facts(rows), now)
    if column == "RESTARTS":
        restarted = [row for row in rows if row.last_restart_at is not None]
        most = max((row.restarts for row in rows), default=0)
        return {str(most), *(_restarts(row, now, short_restarts) for row in restarted)}
    if column == "READY":
        return {f"{ready}/{containers}"
                for ready, containers in {(row.ready, row.containers) for row in rows}}
    if column == "STATUS":
        return {f"{HEALTH_MARK[health]} {status}"
                for health, status in {(row.health, row.status) for row in rows}}
    cell = CELL[column]
    return {cell(row, now) for row in rows}


def timed_widths(columns: Sequence[str], facts: TimedFacts, now: datetime
                 ) -> tuple[int, ...]:
    """The widths in AGE and RESTARTS (long and short) that change with the
    time alone: where these are equal at two moments, so is the layout of
    the same rows."""
    widths = []
    if "AGE" in columns:
        widths.append(_widest(_age_widths(facts, now)))
    if "RESTARTS" in columns:
        widths.append(_widest(_restarts(row, now) for row in facts.restarted))
        widths.append(_widest(_restarts(row, now, short=True) for row in facts.restarted))
    return tuple(widths)


@dataclass(frozen=True)
class GridLayout:
    """How the columns fit the pane: the width of each column shown, in
    order, the gap between them, and whether RESTARTS drops its "ago"."""

    widths: dict[str, int] = field(default_factory=dict)
    gap: int = GAP
    short_restarts: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.widths)

    def cell(self, column: str, row: PodRow, now: datetime) -> str:
        if column == "RESTARTS":
            return _restarts(row, now, self.short_restarts)
        return CELL[column](row, now)


def header_width(column: str) -> int:
    # One more than the header where a sort arrow may go.
    return len(column) + (column in SORTABLE)


def grid_layout(columns: Sequence[str], rows: Sequence[PodRow], width: int,
                now: datetime) -> GridLayout:
    """The columns of `columns` that fit `width` cells, in that order.

    First the essential four, in full: if they do not fit, RESTARTS drops
    its "ago", then the gaps close to one cell, and only then is NAME cut
    (keeping its end). The other columns join by PRIORITY while they fit,
    in full or (where they run) cut to a few cells; one that does not fit
    leaves room for a narrower one after it. NAME is never narrower than
    its names while another column is shown: the rest of the line is
    blank rather than a name cut. Distinct values only: 10k pods share a
    few namespaces, nodes and statuses."""
    def measured(short_restarts: bool) -> dict[str, int]:
        # Names have no cap: a name is cut only for want of room.
        return {column: min(max(header_width(column), _widest(_column_values(
                    column, rows, now, short_restarts))),
                    MAX_WIDTH.get(column, 10_000 if column == "NAME" else 40))
                for column in columns}

    room = width - 1  # a leading space before the first column
    essential = [column for column in ESSENTIAL if column in columns]
    for short_restarts, gap in ((False, GAP), (True, GAP), (True, 1)):
        widths = measured(short_restarts)
        needed = sum(widths[column] for column in essential) + gap * (len(essential) - 1)
        if needed <= room:
            break
    kept = list(essential)
    if "NAME" in widths and needed > room:
        # The essentials alone overflow: NAME gives way, down to a prefix
        # and its ReplicaSet suffix; then RESTARTS is left out.
        cut = widths["NAME"] - (needed - room)
        if cut < MIN_NAME_WIDTH and "RESTARTS" in kept:
            kept.remove("RESTARTS")
            cut += widths["RESTARTS"] + gap
        widths["NAME"] = max(MIN_NAME_WIDTH, min(widths["NAME"], cut))
    used = sum(widths[column] for column in kept) + gap * (len(kept) - 1)
    for column in _by_priority(columns):
        if column in kept:
            continue
        left = room - used - gap * bool(kept)
        column_width = widths[column]
        if column_width > left and column in SHRINKABLE:
            column_width = left if left >= SHRINKABLE[column] else column_width
        if column_width <= left or column in ALWAYS_SHOWN:
            kept.append(column)
            widths[column] = column_width
            used += column_width + gap * (len(kept) > 1)
    shown = [column for column in columns if column in kept]
    return GridLayout({column: widths[column] for column in shown}, gap, short_restarts)


def _by_priority(columns: Sequence[str]) -> list[str]:
    """`columns` in the order they claim room: the essentials, then
    PRIORITY, then any other in the order given."""
    ranked = [*ESSENTIAL, *PRIORITY]
    return sorted(columns, key=lambda column: (ranked.index(column) if column in ranked
                                               else len(ranked)))


def fit(text: str, width: int, *, keep_end: int = 0) -> str:
    """Exactly `width` cells: padded, or cut with an ellipsis. `keep_end`
    cells of the end survive the cut: pods of one ReplicaSet differ only in
    their last five characters."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    if width <= 1:
        return set_cell_size("…", width)
    tail = ""
    if keep_end and width > keep_end * 2:
        tail = text[-keep_end:]
        text = text[:-keep_end]
    head = max(0, width - 1 - cell_len(tail))
    return set_cell_size(text, head) + "…" + tail
