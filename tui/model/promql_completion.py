"""What to complete at the cursor of a PromQL expression: a metric name, a
label name (inside `{...}` or `by (...)`), or a label value (after `=`).

A small scanner, not a parser: it only has to know where the cursor is, and
it must never fail on a half-typed expression."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

_NAME_CHARS = re.compile(r"[A-Za-z0-9_:]*$")
_LABEL_CHARS = re.compile(r"[A-Za-z0-9_]*$")
_IDENT_BEFORE = re.compile(r"([A-Za-z_:][A-Za-z0-9_:]*)\s*$")
_GROUPING = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\($")

# Functions and aggregations offered beside metric names.
FUNCTIONS = (
    "abs", "absent", "absent_over_time", "avg", "avg_over_time", "bottomk", "ceil",
    "changes", "clamp", "clamp_max", "clamp_min", "count", "count_over_time", "delta",
    "deriv", "floor", "group", "histogram_quantile", "idelta", "increase", "irate",
    "label_join", "label_replace", "last_over_time", "max", "max_over_time", "min",
    "min_over_time", "predict_linear", "quantile", "quantile_over_time", "rate",
    "resets", "round", "scalar", "sort", "sort_desc", "stddev", "sum", "sum_over_time",
    "time", "timestamp", "topk", "vector",
)


class CompletionKind(StrEnum):
    METRIC = "metric"
    LABEL = "label"
    VALUE = "value"


@dataclass(frozen=True)
class CompletionPoint:
    kind: CompletionKind
    prefix: str  # what is typed of the token so far
    start: int  # where the token begins; a completion replaces start..cursor
    metric: str = ""  # the selector's metric, to narrow labels and values
    label: str = ""  # for values: the label being matched
    quoted: bool = False  # for values: the cursor is inside the quotes already
    # For values: the metric and the matchers typed before this one, e.g.
    # `http_requests_total{service="cart"}`, to narrow the values offered.
    selector: str = ""


def escape_value(value: str) -> str:
    """A label value as it must appear between double quotes in PromQL."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def completion_at(text: str, cursor: int) -> CompletionPoint | None:
    """Where the cursor stands in `text`, or None where nothing completes
    (inside a string outside a selector, after a number, in a duration)."""
    cursor = max(0, min(cursor, len(text)))
    head = text[:cursor]
    quote: str | None = None
    quote_start = 0
    brace_start = -1  # index of the open `{`, when inside one
    bracket = False  # inside `[5m]`
    index = 0
    while index < len(head):
        char = head[index]
        if quote is not None:
            if char == "\\":
                index += 2
                continue
            if char == quote:
                quote = None
        elif char in "\"'`":
            quote, quote_start = char, index
        elif char == "{":
            brace_start = index
        elif char == "}":
            brace_start = -1
        elif char == "[":
            bracket = True
        elif char == "]":
            bracket = False
        index += 1

    if bracket:
        return None
    if brace_start >= 0:
        metric = _metric_before(head, brace_start)
        if quote is not None:
            label = _label_before_operator(head[brace_start + 1:quote_start])
            if not label:
                return None
            return CompletionPoint(CompletionKind.VALUE, head[quote_start + 1:],
                                   quote_start + 1, metric, label, quoted=True,
                                   selector=_selector(head, brace_start, metric))
        return _in_selector(head, brace_start, metric)
    if quote is not None:
        return None
    return _outside_selector(head)


def _metric_before(head: str, brace: int) -> str:
    match = _IDENT_BEFORE.search(head[:brace])
    return match.group(1) if match else ""


def _selector(head: str, brace: int, metric: str) -> str:
    """The metric with the matchers complete before the one being typed."""
    inside = head[brace + 1:]
    cut = inside.rfind(",")
    matchers = inside[:cut].strip() if cut >= 0 else ""
    if matchers:
        return f"{metric}{{{matchers}}}"
    return metric


def _label_before_operator(selector_head: str) -> str:
    """In `job="api", status=~` the label whose value is being typed."""
    match = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*$", selector_head)
    return match.group(1) if match else ""


def _tail(chars: re.Pattern[str], head: str) -> str:
    """The run of `chars` that ends `head` (possibly empty: the pattern
    always matches)."""
    match = chars.search(head)
    return match.group(0) if match else ""


def _in_selector(head: str, brace: int, metric: str) -> CompletionPoint | None:
    token = _tail(_LABEL_CHARS, head)
    start = len(head) - len(token)
    before = head[brace + 1:start].rstrip()
    if before == "" or before.endswith(","):
        return CompletionPoint(CompletionKind.LABEL, token, start, metric)
    label = _label_before_operator(head[brace + 1:start])
    if label and token == "":
        # After `status=` with no quote yet: offer values, quoted on insert.
        return CompletionPoint(CompletionKind.VALUE, "", start, metric, label,
                               selector=_selector(head, brace, metric))
    return None


def _outside_selector(head: str) -> CompletionPoint | None:
    token = _tail(_NAME_CHARS, head)
    start = len(head) - len(token)
    if token[:1].isdigit():
        return None
    before = head[:start]
    grouping = _GROUPING.search(before) or re.search(
        r"\b(by|without|on|ignoring|group_left|group_right)\s*\(([A-Za-z0-9_,\s]*),\s*$",
        before)
    if grouping is not None:
        return CompletionPoint(CompletionKind.LABEL, token, start)
    if not token:
        return None
    return CompletionPoint(CompletionKind.METRIC, token, start)
