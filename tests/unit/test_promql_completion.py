"""Where the pane editor offers metric names, label names and label values."""

from __future__ import annotations

import pytest

from tui.model.promql_completion import CompletionKind, completion_at, escape_value


def at_end(text: str):  # type: ignore[no-untyped-def]
    return completion_at(text, len(text))


def test_a_bare_word_completes_a_metric_name() -> None:
    point = at_end("http_req")
    assert point is not None
    assert (point.kind, point.prefix, point.start) == (CompletionKind.METRIC, "http_req", 0)


def test_a_metric_inside_a_function_call() -> None:
    point = at_end("sum(rate(http_requests_t")
    assert point is not None
    assert point.kind is CompletionKind.METRIC
    assert point.prefix == "http_requests_t"
    assert point.start == len("sum(rate(")


def test_label_names_inside_a_selector_know_their_metric() -> None:
    point = at_end('http_requests_total{service="checkout", sta')
    assert point is not None
    assert point.kind is CompletionKind.LABEL
    assert (point.prefix, point.metric) == ("sta", "http_requests_total")


def test_label_name_right_after_the_brace() -> None:
    point = at_end("up{")
    assert point is not None
    assert (point.kind, point.prefix, point.metric) == (CompletionKind.LABEL, "", "up")


@pytest.mark.parametrize("operator", ["=", "!=", "=~", "!~"])
def test_label_values_inside_quotes(operator: str) -> None:
    text = f'http_requests_total{{status{operator}"5'
    point = at_end(text)
    assert point is not None
    assert point.kind is CompletionKind.VALUE
    assert (point.label, point.prefix, point.quoted) == ("status", "5", True)
    assert point.start == len(text) - 1


def test_label_value_before_the_quote_is_offered_quoted() -> None:
    point = at_end("up{job=")
    assert point is not None
    assert (point.kind, point.label, point.quoted) == (CompletionKind.VALUE, "job", False)


def test_grouping_clauses_complete_label_names() -> None:
    point = at_end("sum by (service, st")
    assert point is not None
    assert (point.kind, point.prefix) == (CompletionKind.LABEL, "st")
    first = at_end("sum without (")
    assert first is not None and first.kind is CompletionKind.LABEL


def test_the_cursor_in_the_middle_completes_what_is_before_it() -> None:
    text = 'rate(http_requests_total{service="checkout"}[5m])'
    point = completion_at(text, text.index("_total") )
    assert point is not None
    assert (point.kind, point.prefix) == (CompletionKind.METRIC, "http_requests")


@pytest.mark.parametrize("text", [
    "rate(x[5",  # a duration
    "histogram_quantile(0.9",  # a number
    'label_replace(up, "dst", "',  # a string outside a selector
    "",
    "sum(",
])
def test_nothing_to_complete(text: str) -> None:
    assert at_end(text) is None


def test_escaped_quotes_do_not_end_the_value() -> None:
    point = at_end(r'up{path="a\"b')
    assert point is not None
    assert point.kind is CompletionKind.VALUE and point.prefix == r"a\"b"


def test_values_are_escaped_for_promql() -> None:
    assert escape_value('say "hi"\\') == 'say \\"hi\\"\\\\'


def test_values_are_narrowed_by_the_matchers_before_them() -> None:
    point = at_end('http_requests_total{service="cart", status="')
    assert point is not None
    assert point.selector == 'http_requests_total{service="cart"}'
    first = at_end('http_requests_total{status="')
    assert first is not None and first.selector == "http_requests_total"
