"""The log screen's model: what a line may show, the bound on what is kept,
search spans, and the hand-over from the reading thread."""

from __future__ import annotations

from tui.model.pod_detail import ContainerDetail
from tui.model.pod_logs import (
    MAX_LINE_CHARS,
    BoundedLines,
    LogInbox,
    clean_line,
    log_containers,
    spans,
)


def test_colours_are_stripped_and_every_other_escape_is_shown() -> None:
    assert clean_line("\x1b[1;31mERROR\x1b[0m \x1b[38;5;208mhot\x1b[m\r") == "ERROR hot"
    assert clean_line("\x1b]0;title\x07 \x1b[2J\x1b[H\u202eevil") == (
        "\\x1b]0;title\\x07 \\x1b[2J\\x1b[H\\u202eevil")
    assert clean_line("a\tb") == "a    b"
    assert clean_line("x" * (MAX_LINE_CHARS + 10)).endswith(" …(cut)")


def test_the_bound_keeps_the_newest_lines_and_counts_the_rest() -> None:
    kept = BoundedLines(max_lines=3, max_bytes=1000)
    kept.extend(["a", "b", "c", "d"], dropped_before=2)
    assert [kept[n] for n in range(kept.start, kept.end)] == ["b", "c", "d"]
    assert (kept.start, kept.dropped) == (1, 3)
    by_size = BoundedLines(max_lines=100, max_bytes=25)
    by_size.extend(["0123456789"] * 5)
    assert len(by_size) == 2 and by_size.size <= 25
    assert by_size.matches("345") == [3, 4]  # absolute numbers


def test_spans_find_every_occurrence_in_any_case() -> None:
    assert spans("Error error ERROR", "error") == [(0, 5), (6, 11), (12, 17)]
    assert spans("anything", "") == []


def test_the_inbox_loses_the_oldest_when_the_ui_falls_behind() -> None:
    inbox = LogInbox(max_lines=3)
    inbox.put(["1", "2"])
    inbox.put(["3", "4", "5"])
    inbox.fail("HTTP 404 from x: pods \"p\" not found")
    assert inbox.take() == (["3", "4", "5"], 2, "HTTP 404 from x: pods \"p\" not found", True)
    assert inbox.take()[:2] == ([], 0)


def test_containers_app_first_then_sidecars_then_init() -> None:
    def detail(name: str, *, init: bool = False, sidecar: bool = False,
               restarts: int = 0) -> ContainerDetail:
        return ContainerDetail(name, "img", init, True, restarts, "running", sidecar=sidecar)

    found = log_containers([detail("migrate", init=True), detail("mesh", init=True,
                                                                 sidecar=True),
                            detail("app", restarts=2)])
    assert [(c.name, c.kind, c.has_previous) for c in found] == [
        ("app", "container", True), ("mesh", "sidecar", False),
        ("migrate", "init container", False)]
