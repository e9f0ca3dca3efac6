"""Hostile and malformed input, fuzzed with Hypothesis: whatever arrives
from a cluster, a Prometheus or a file a user wrote, parsing ends in a
value or in the one error that says what was wrong, and no text that
reaches the screen can carry a control character (an escape sequence)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.text import Text

from tui.files.config import ConfigError, parse_config
from tui.files.contacts import RosterError, parse_roster
from tui.files.playbooks import PlaybookError, load_playbook
from tui.files.template_library import TemplateFileError, parse_template
from tui.files.themes import ThemeError, load_theme
from tui.model.safe_text import printable
from tui.render.templates import TemplateError, render
from tui.sources import SourceError
from tui.sources.kubernetes_parse import pod_row
from tui.sources.prometheus_parse import parse_alerts, parse_matrix

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# The same examples on every run (derandomize): CI stays repeatable.
EXAMPLES = settings(max_examples=150, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

# Text as it comes from outside: markup, escape codes, any unicode.
hostile = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["[red]x[/red]", "\x1b[2J", "\x1b]52;c;aGk=\x07", "[b]", "[/]", "\r\n",
                     "\x9b31m", "\u202e", "{{ 7 * 7 }}", "{% raw %}", "$(rm -rf /)"]),
)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | hostile,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(hostile, children,
                                                                      max_size=4),
    max_leaves=20)


def pod_like() -> st.SearchStrategy[dict[str, Any]]:
    """Mostly the shape of a pod, with any value in any place."""
    container = st.fixed_dictionaries({}, optional={
        "name": json_value, "ready": json_value, "restartCount": json_value,
        "state": st.dictionaries(st.sampled_from(["waiting", "running", "terminated"]),
                                 json_value | st.fixed_dictionaries({}, optional={
                                     "reason": json_value, "exitCode": json_value}),
                                 max_size=2),
        "lastState": json_value | st.fixed_dictionaries({}, optional={
            "terminated": json_value | st.fixed_dictionaries({}, optional={
                "finishedAt": json_value, "reason": json_value,
                "exitCode": json_value})})})
    return st.fixed_dictionaries({}, optional={
        "metadata": json_value | st.fixed_dictionaries({}, optional={
            "name": json_value, "namespace": json_value, "creationTimestamp": json_value,
            "deletionTimestamp": json_value, "labels": json_value}),
        "spec": json_value | st.fixed_dictionaries({}, optional={
            "nodeName": json_value, "containers": json_value}),
        "status": json_value | st.fixed_dictionaries({}, optional={
            "phase": json_value, "reason": json_value, "podIP": json_value,
            "qosClass": json_value, "conditions": json_value,
            "containerStatuses": st.lists(container | json_value, max_size=3),
            "initContainerStatuses": st.lists(container | json_value, max_size=2)}),
    })


@EXAMPLES
@given(pod_like(), hostile)
def test_any_pod_becomes_a_row_of_printable_text(pod: dict[str, Any], cluster: str) -> None:
    row = pod_row(pod, cluster)
    for value in (row.cluster, row.namespace, row.name, row.status, row.node, row.ip, row.qos,
                  row.last_reason):
        assert not CONTROL.search(value)
    assert row.restarts >= 0 and row.ready >= 0


def prometheus_like() -> st.SearchStrategy[Any]:
    sample = st.lists(json_value, min_size=0, max_size=3)
    result = st.fixed_dictionaries({}, optional={
        "metric": st.dictionaries(hostile, hostile, max_size=3) | json_value,
        "values": st.lists(sample, max_size=3) | json_value,
        "value": sample | json_value})
    return json_value | st.fixed_dictionaries({
        "status": st.sampled_from(["success", "error"]) | json_value,
        "data": json_value | st.fixed_dictionaries({
            "resultType": st.sampled_from(["matrix", "vector"]) | json_value,
            "result": st.lists(result, max_size=3) | json_value}),
    }, optional={"warnings": json_value, "error": json_value, "errorType": json_value})


@EXAMPLES
@given(prometheus_like(), hostile)
def test_any_prometheus_answer_is_series_or_one_clear_error(payload: Any, legend: str) -> None:
    try:
        series, warnings = parse_matrix(payload, legend)
    except SourceError as error:
        assert not CONTROL.search(str(error))
        return
    for found in series:
        assert not CONTROL.search(found.name)
        assert all(not CONTROL.search(k + v) for k, v in found.labels)
    assert all(not CONTROL.search(warning) for warning in warnings)


def alert_like() -> st.SearchStrategy[Any]:
    """Mostly the shape of an alert, with any value in any place."""
    text_map = st.dictionaries(hostile, hostile, max_size=3)
    return json_value | st.fixed_dictionaries({}, optional={
        "labels": text_map | st.fixed_dictionaries({"alertname": hostile}) | json_value,
        "annotations": text_map | st.fixed_dictionaries({"summary": hostile}) | json_value,
        "state": json_value, "activeAt": json_value})


@EXAMPLES
@given(st.lists(alert_like(), max_size=4) | json_value)
def test_any_alerts_answer_is_alerts_or_one_clear_error(payload: Any) -> None:
    try:
        alerts = parse_alerts({"status": "success", "data": {"alerts": payload}})
    except SourceError:
        return
    for alert in alerts:
        assert not CONTROL.search(alert.name + alert.summary)


@EXAMPLES
@given(hostile)
def test_printable_text_is_shown_as_typed(text: str) -> None:
    shown = printable(text)
    assert not CONTROL.search(shown)
    # Rich's Text takes no markup: "[red]" stays on screen as typed.
    assert Text(shown).plain == shown


def toml_like() -> st.SearchStrategy[str]:
    """Lines of TOML-ish text: tables, keys with any value, and junk."""
    key = st.sampled_from(["id", "title", "name", "role", "phone", "primary", "dark",
                           "text", "due", "severity", "when", "url", "objective", "good",
                           "total", "after", "who", "file", "folders", "scheme", "x"])
    value = st.one_of(st.integers().map(str), st.floats(allow_nan=False,
                                                        allow_infinity=False).map(repr),
                      st.booleans().map(lambda b: str(b).lower()), hostile.map(json.dumps),
                      st.lists(hostile.map(json.dumps), max_size=3).map(
                          lambda items: "[" + ", ".join(items) + "]"))
    line = st.one_of(
        st.tuples(key, value).map(lambda kv: f"{kv[0]} = {kv[1]}"),
        st.sampled_from(["[[people]]", "[[teams]]", "[[sections]]", "[[sections.items]]",
                         "[when]", "[prometheus]", "[[panes]]", "[[slo]]", "[[escalation]]",
                         "[severity]", "[[severity.levels]]", "[contacts]", "[variables]",
                         "[themes]"]),
        hostile)
    return st.lists(line, max_size=12).map("\n".join)


@EXAMPLES
@given(toml_like())
def test_a_user_file_loads_or_names_its_problem(tmp_path_factory: pytest.TempPathFactory,
                                                text: str) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "file.toml"
    path.write_text(text, encoding="utf-8")
    for load, error in ((load_playbook, PlaybookError), (load_theme, ThemeError)):
        try:
            load(path)
        except error as problem:
            assert str(path) in str(problem)
    try:
        parse_roster(text, path)
    except RosterError as problem:
        assert str(path) in str(problem)
    try:
        parse_config(text, path)
    except ConfigError as problem:
        assert str(path) in str(problem)


template_text = st.lists(st.one_of(
    hostile,
    st.sampled_from(["{{ title }}", "{{ impact | upper }}", "{% for e in entries %}{{ e.text }}"
                     "{% endfor %}", "{% if x %}", "{% endif %}", "{{", "}}", "{#", "#}",
                     "{{ ''.__class__ }}", "{{ range(10**9) | list }}", "{{ 'a' * 10**8 }}",
                     "{{ title|default('none') }}", "{% set x = 1 %}{{ x / 0 }}"])),
    max_size=8).map("".join)


@EXAMPLES
@given(template_text, hostile)
def test_any_template_renders_or_says_why(source: str, title: str) -> None:
    header = "{#\ntitle: Fuzzed\n#}\n"
    try:
        parse_template(header + source, "fuzzed.md", Path("fuzzed.md"))
    except TemplateFileError as problem:
        assert "fuzzed.md" in str(problem)
    try:
        text = render(source, {"title": title, "impact": title, "entries": []})
    except TemplateError as error:
        assert str(error)
        return
    assert len(text) <= 2_000_000
    # The sandbox never hands Python's insides to the text.
    assert not re.search(r"<(class|built-in|function|module|bound method) ", text)
