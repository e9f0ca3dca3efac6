"""Add or edit a metric pane: title, unit, thresholds and its PromQL
queries, with metric and label completion, and a test run before saving.

Dismisses with the new PaneSpec, or None when cancelled."""

from __future__ import annotations

import asyncio
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from tui.model.metrics import PaneSpec, QuerySpec, Thresholds, Unit, format_value
from tui.model.pane_layout import new_pane_id
from tui.model.promql_completion import CompletionKind, CompletionPoint
from tui.model.safe_text import printable
from tui.screens.discard_guard import DiscardGuard
from tui.sources.protocols import MetricCatalog, MetricsSource
from tui.ui.workers import work
from tui.widgets.inert import inert
from tui.widgets.promql_autocomplete import PromQLAutoComplete

MAX_QUERIES = 6
TEST_WINDOW = 900
UNIT_LABELS = {
    Unit.RATIO: "ratio (as %)",
    Unit.PERCENT: "percent (0–100)",
    Unit.SECONDS: "seconds",
    Unit.MILLISECONDS: "milliseconds",
    Unit.BYTES: "bytes",
    Unit.COUNT: "count",
    Unit.PER_SECOND: "per second",
}

CatalogKey = tuple[str, str, str]


def _key(point: CompletionPoint) -> CatalogKey:
    if point.kind is CompletionKind.METRIC:
        return ("metrics", "", "")
    if point.kind is CompletionKind.LABEL:
        return ("labels", point.metric, "")
    return ("values", point.selector, point.label)


class QueryRow(Horizontal):
    """One PromQL expression and the legend of its series."""

    def __init__(self, index: int, query: QuerySpec) -> None:
        super().__init__(classes="query-row")
        self.index = index
        # Not `query`: that is DOMNode.query, which this row's own lookups use.
        self.spec_query = query

    def compose(self) -> ComposeResult:
        yield Input(self.spec_query.expr,
                    placeholder="PromQL, e.g. sum(rate(http_requests_total[5m]))",
                    id=f"expr-{self.index}", classes="expr")
        yield Input(self.spec_query.legend, placeholder="legend", id=f"legend-{self.index}",
                    classes="legend")


class PaneEditor(DiscardGuard, ModalScreen[PaneSpec | None]):
    CSS_PATH = "pane_editor.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+t", "test", "Test queries", priority=True),
        Binding("ctrl+n", "add_query", "Add query", priority=True),
    ]

    def __init__(self, *, spec: PaneSpec | None, taken_ids: set[str],
                 catalog: MetricCatalog | None, metrics: MetricsSource,
                 now: datetime, draft: PaneSpec | None = None) -> None:
        super().__init__()
        self.spec = spec
        # A new pane started from something (a playbook item's query).
        self.draft = draft
        self.taken_ids = taken_ids
        self.catalog = catalog
        self.metrics = metrics
        self.now = now
        self._names: dict[CatalogKey, tuple[str, ...]] = {}
        self._asked: set[CatalogKey] = set()
        start = spec or draft
        self._rows = len(start.queries) if start is not None else 1

    def compose(self) -> ComposeResult:
        spec = self.spec or self.draft
        with Vertical(id="editor") as editor:
            editor.border_title = inert(f"Edit pane: {self.spec.title}" if self.spec
                                        else "Add a metric pane")
            editor.border_subtitle = ("ctrl+s save · ctrl+t test · ctrl+n add query · esc cancel"
                                      " · F1 help")
            with Horizontal(classes="field"):
                yield Label("Title", classes="caption")
                yield Input(spec.title if spec else "", placeholder="e.g. DB pool wait time",
                            id="title")
            with Horizontal(classes="field"):
                yield Label("Unit", classes="caption")
                yield Select([(label, unit.value) for unit, label in UNIT_LABELS.items()],
                             value=(spec.unit if spec else Unit.COUNT).value,
                             allow_blank=False, id="unit")
                yield Label("Warning ≥", classes="caption short")
                yield Input(_number(spec.thresholds.warning if spec else None),
                            placeholder="none", id="warning", classes="threshold")
                yield Label("Critical ≥", classes="caption short")
                yield Input(_number(spec.thresholds.critical if spec else None),
                            placeholder="none", id="critical", classes="threshold")
            yield Label("Queries (Tab or Enter takes a completion)", classes="caption wide")
            with VerticalScroll(id="queries"):
                queries = spec.queries if spec else (QuerySpec(""),)
                for index, query in enumerate(queries):
                    yield QueryRow(index, query)
            yield Static(self._catalog_hint(), id="catalog-status")
            yield Static("", id="editor-result")
            with Horizontal(id="buttons"):
                yield Button("Test", id="test")
                yield Button("Add query", id="add-query")
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        for index in range(self._rows):
            self._attach_completion(index)
        self.query_one("#title", Input).focus()
        self._load(("metrics", "", ""))
        self.discard_what = "the changes to this pane" if self.spec else "this pane"
        self.remember_form()

    def _catalog_hint(self) -> Text:
        if self.catalog is None:
            return Text("No metric catalog: completion offers PromQL functions only.",
                        style="italic")
        return Text("Loading metric names…", style="italic")

    def _attach_completion(self, index: int) -> None:
        self.mount(PromQLAutoComplete(f"#expr-{index}", self._names_for))

    # -- the catalog, loaded in threads -------------------------------------

    def _names_for(self, point: CompletionPoint) -> tuple[str, ...] | None:
        """The names for the cursor's place, or None while they are fetched."""
        key = _key(point)
        if key in self._names:
            return self._names[key]
        self._load(key)
        return None

    def _load(self, key: CatalogKey) -> None:
        if self.catalog is not None and key not in self._asked:
            self._asked.add(key)
            self._fetch_names(key)

    @work(group="catalog", exit_on_error=False)
    async def _fetch_names(self, key: CatalogKey) -> None:
        catalog = self.catalog
        assert catalog is not None
        kind, metric, label = key
        try:
            if kind == "metrics":
                names = await asyncio.to_thread(catalog.metric_names)
            elif kind == "labels":
                names = await asyncio.to_thread(catalog.label_names, metric)
            else:
                names = await asyncio.to_thread(catalog.label_values, label, metric)
        except Exception as error:  # a catalog failure only costs completion
            self._names_failed(key, error)
            return
        self._names_arrived(key, names)

    def _names_arrived(self, key: CatalogKey, names: tuple[str, ...]) -> None:
        self._names[key] = names
        if key[0] == "metrics":
            self.query_one("#catalog-status", Static).update(
                Text(f"{len(names):,} metric names for completion", style="italic"))
        for completion in self.query(PromQLAutoComplete):
            completion.refresh_candidates()

    def _names_failed(self, key: CatalogKey, error: Exception) -> None:
        # Asked again next time the cursor gets there.
        self._asked.discard(key)
        what = {"metrics": "metric names", "labels": "label names"}.get(key[0], "label values")
        self.query_one("#catalog-status", Static).update(
            Text(f"No {what} for completion: {printable(str(error))}", style="italic"))

    # -- reading the form ----------------------------------------------------

    def _read(self) -> PaneSpec:
        """The pane as typed, or ValueError saying what to fix."""
        title = self.query_one("#title", Input).value.strip()
        if not title:
            raise ValueError("Give the pane a title")
        queries = []
        for row in self.query(QueryRow):
            expr = row.query_one(".expr", Input).value.strip()
            if expr:
                legend = row.query_one(".legend", Input).value.strip()
                queries.append(QuerySpec(expr, legend))
        if not queries:
            raise ValueError("Give at least one PromQL query")
        warning = _parse_number(self.query_one("#warning", Input).value, "Warning")
        critical = _parse_number(self.query_one("#critical", Input).value, "Critical")
        if warning is not None and critical is not None and warning > critical:
            raise ValueError("Warning must not be above critical (higher is worse)")
        unit = Unit(str(self.query_one("#unit", Select).value))
        pane_id = self.spec.id if self.spec else new_pane_id(title, self.taken_ids)
        headline = self.spec.headline if self.spec else ""
        if headline and headline not in {query.legend for query in queries}:
            headline = ""
        return PaneSpec(pane_id, title, unit, tuple(queries), Thresholds(warning, critical),
                        headline)

    def _show_result(self, text: str, *, error: bool) -> None:
        result = self.query_one("#editor-result", Static)
        result.update(Text(printable(text)))
        result.set_class(error, "-error")

    # -- actions -------------------------------------------------------------------

    def action_cancel(self) -> None:
        self.cancel_form()

    def _read_or_explain(self) -> PaneSpec | None:
        try:
            return self._read()
        except ValueError as error:
            self._show_result(str(error), error=True)
            return None

    def action_save(self) -> None:
        spec = self._read_or_explain()
        if spec is not None:
            self.dismiss(spec)

    def action_add_query(self) -> None:
        if self._rows >= MAX_QUERIES:
            self._show_result(f"A pane holds at most {MAX_QUERIES} queries", error=True)
            return
        index = self._rows
        self._rows += 1
        row = QueryRow(index, QuerySpec(""))
        self.query_one("#queries", VerticalScroll).mount(row)
        self.call_after_refresh(self._focus_new_row, index)

    def _focus_new_row(self, index: int) -> None:
        self._attach_completion(index)
        self.query_one(f"#expr-{index}", Input).focus()

    def action_test(self) -> None:
        spec = self._read_or_explain()
        if spec is not None:
            self._show_result("Testing…", error=False)
            self._test(spec)

    @work(exclusive=True, group="test", exit_on_error=False)
    async def _test(self, spec: PaneSpec) -> None:
        try:
            snapshot = await self.metrics.fetch_pane(spec, self.now, TEST_WINDOW, 60)
        except Exception as error:
            self._show_result(f"Query failed: {error}", error=True)
            return
        with_data = [s for s in snapshot.series if s.latest is not None]
        if not with_data:
            self._show_result("The queries return no series (check names and labels)",
                              error=True)
            return
        headline = snapshot.headline_series(spec)
        latest = format_value(headline.latest if headline else None, spec.unit)
        level = spec.thresholds.level(headline.latest if headline else None)
        text = (f"OK: {len(with_data)} series; worst {headline.name if headline else ''} "
                f"{latest} ({level.value})")
        if snapshot.warnings:
            text += f"; warning: {snapshot.warnings[0]}"
        self._show_result(text, error=False)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        actions = {"test": self.action_test, "add-query": self.action_add_query,
                   "save": self.action_save, "cancel": self.action_cancel}
        actions[event.button.id or "cancel"]()


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _parse_number(text: str, what: str) -> float | None:
    """A threshold; "5%" is 0.05, as ratio panes store it."""
    text = text.strip()
    scale = 1.0
    if text.endswith("%"):
        text, scale = text[:-1].strip(), 0.01
    if not text:
        return None
    try:
        return float(text) * scale
    except ValueError:
        raise ValueError(f"{what} must be a number, e.g. 0.05 or 0.5") from None
