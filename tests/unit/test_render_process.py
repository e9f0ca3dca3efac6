"""Templates are filled in a child process (issue 23, item 6: a runaway
template held the interpreter lock, about 0.6 s per key in the war room).
Real child processes; the shipped templates fill the same there as here."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

import tui.render.process as render_process
import tui.render.template_budget as template_budget
from tests.conftest import PEAK
from tui.cli.launch import build_demo_context
from tui.model.clock import FrozenClock
from tui.render.process import TemplateProcess
from tui.render.template_fields import incident_fields
from tui.render.templates import TemplateError, render


@pytest.fixture
def process() -> TemplateProcess:
    renderer = TemplateProcess()
    yield renderer  # type: ignore[misc]
    renderer.close()


def test_the_shipped_templates_fill_the_same_in_the_child(
        process: TemplateProcess, tmp_path: Path) -> None:
    context = build_demo_context(tmp_path / "w.db", clock=FrozenClock(PEAK))
    record = context.store.record(context.incident.id)
    fields = incident_fields(record, PEAK, context.severity_levels, ["Roll back checkout"])
    assert len(context.templates) == 8
    for template in context.templates:
        assert process.render(template.source, fields) == render(template.source, fields)
    context.store.close()


def test_a_broken_or_runaway_template_is_one_line_and_the_child_goes_on(
        process: TemplateProcess) -> None:
    with pytest.raises(TemplateError, match="line 1"):
        process.render("{% for %}", {})
    with pytest.raises(TemplateError, match="template stopped"):
        process.render("{% for a in range(10000) %}{% for b in range(10000) %}"
                       "{% endfor %}{% endfor %}", {})
    assert process.render("{{ title }}", {"title": "Checkout down"}) == "Checkout down"


def test_a_child_that_makes_no_progress_is_ended_after_its_deadline(
        process: TemplateProcess, monkeypatch: pytest.MonkeyPatch) -> None:
    # Stopped by a signal, the child makes no progress at all, as one stuck
    # in a single C call the budget cannot reach would.
    monkeypatch.setattr(template_budget, "DEADLINE_SECONDS", 0.5)
    assert process.render("warm", {}) == "warm"
    child = process._child
    assert child is not None
    os.kill(child.pid, signal.SIGSTOP)
    started = time.monotonic()
    with pytest.raises(TemplateError, match=r"template stopped: over 0\.5 seconds"):
        process.render("{{ 1 }}", {})
    assert time.monotonic() - started < 0.5 + render_process.GRACE_SECONDS + 2
    assert child.poll() is not None  # ended, not left behind
    assert process.render("{{ 2 }}", {}) == "2"


def test_a_child_that_dies_mid_render_is_said_and_the_next_render_starts_another(
        process: TemplateProcess, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(template_budget, "DEADLINE_SECONDS", 20.0)
    assert process.render("warm", {}) == "warm"
    child = process._child
    assert child is not None
    # Killed (as the kernel's out-of-memory killer would) while it renders
    # a template that runs for its whole budget.
    threading.Timer(0.3, child.kill).start()
    with pytest.raises(TemplateError, match="its process ended"):
        process.render("{% set s = 'x' * 1000000 %}{% for a in s %}{% for b in s %}"
                       "{{ (s ~ s) | length }}{% endfor %}{% endfor %}", {})
    assert process.render("{{ 3 }}", {}) == "3"


def test_the_child_cannot_take_the_machines_memory(process: TemplateProcess) -> None:
    # Doubling text in one call per step: the budget stops it by size, and
    # the child's address-space limit would stop it before the machine's.
    with pytest.raises(TemplateError, match="template stopped"):
        process.render("{% set ns = namespace(s='x' * 1000) %}{% for i in range(40) %}"
                       "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}", {})
    assert process.render("{{ 4 }}", {}) == "4"


@pytest.mark.parametrize(("payload", "said"), [
    # Server-side template injection probes of the security literature
    # (PortSwigger's Jinja2 SSTI examples), as a hostile template file holds them.
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "not allowed in a template"),
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "not allowed in a template"),
])
def test_injection_probes_are_refused_in_the_child(process: TemplateProcess, payload: str,
                                                   said: str) -> None:
    with pytest.raises(TemplateError, match=said):
        process.render(payload, {})
    assert process.render("{{ 5 }}", {}) == "5"


def test_a_private_name_is_a_missing_field_not_the_render_context(
        process: TemplateProcess) -> None:
    assert process.render("{{ self._TemplateReference__context }}", {}) == (
        "⟨missing: _TemplateReference__context⟩")
