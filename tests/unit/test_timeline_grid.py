"""How an entry fits its one line in the timeline."""

from __future__ import annotations

from rich.cells import cell_len

from tui.widgets.timeline_grid import entry_line


def test_a_short_entry_is_shown_whole_and_a_long_one_cut_with_its_size() -> None:
    assert entry_line("Failover to db-2", 40) == "Failover to db-2"
    assert entry_line("Checkout pods restarting on liveness timeouts", 20) == (
        "Checkout pods resta…")
    pasted = "Traceback (most recent call last):\n" + "  File x.py\n" * 100_000
    line = entry_line(pasted, 60)
    assert cell_len(line) == 60
    assert line.startswith("Traceback (most recent call last): ⏎")
    assert line.endswith("… (1,200,035 characters)")


def test_markup_escapes_and_wide_characters_are_printable_and_fit() -> None:
    assert entry_line("[red]boom[/red] \x1b[31m", 40) == "[red]boom[/red] \\x1b[31m"
    line = entry_line("警告 " * 40, 21)
    assert cell_len(line) <= 21 and line.endswith("…")
