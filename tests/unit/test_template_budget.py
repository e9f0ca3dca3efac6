"""Runaway templates stop with one line, whatever form the runaway takes
(issue 23, item 6): the budget counts every loop, macro call and filter,
caps what strings and numbers may grow to, and has a wall-clock deadline.

Each render runs in a child process with a hard limit, so that a runaway
that is not stopped fails this test instead of freezing the suite."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

LONG = "{% set s = 'x' * 1000 %}"
RUNAWAYS = {
    "nested loops over strings": LONG + "{% for a in s %}{% for b in s %}{% for c in s %}"
                                 "{% endfor %}{% endfor %}{% endfor %}",
    "string doubling with ~": "{% set ns = namespace(s='x') %}{% for i in range(60) %}"
                              "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}",
    "string doubling with +": "{% set ns = namespace(s='x') %}{% for i in range(60) %}"
                              "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s | length }}",
    "join": LONG + "{{ (s * 1000) | join(s * 1000) | length }}",
    "expandtabs": "{{ ('\t' * 1000000).expandtabs(10000) | length }}",
    "indent": "{{ ('x\n' * 1000000) | indent(10000) | length }}",
    "exponential macros": "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}"
                          "{% endmacro %}{{ f(60) | length }}",
    "big integers": "{% set ns = namespace(n=3) %}{% for i in range(40) %}"
                    "{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n > 0 }}",
    "big powers": "{{ ((9 ** 9999) ** 9999) > 0 }}",
}

CHILD = """
import sys, time
from tui.render.templates import TemplateError, render
started = time.monotonic()
try:
    render(sys.stdin.read(), {})
except TemplateError as error:
    print("STOPPED", error)
print("SECONDS", time.monotonic() - started)
"""


@pytest.mark.parametrize("source", RUNAWAYS.values(), ids=RUNAWAYS.keys())
def test_a_runaway_stops_quickly_with_one_line(source: str) -> None:
    started = time.monotonic()
    try:
        result = subprocess.run([sys.executable, "-c", CHILD], input=source,
                                capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("the render ran for 20 s")
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    lines = [line for line in result.stdout.splitlines() if line.startswith("STOPPED")]
    assert len(lines) == 1, result.stdout
    assert "template stopped" in lines[0]
    assert time.monotonic() - started < 15


def test_a_template_within_the_budget_is_untouched() -> None:
    from tui.render.templates import render

    source = ("{% for a in 'abc' %}{% for b in 'de' %}{{ a }}{{ b }} {% endfor %}{% endfor %}"
              "{{ ('x' ~ 'y') * 3 }} {{ 2 ** 10 }}")
    assert render(source, {}) == "ad ae bd be cd ce xyxyxy 1024"
