"""A worker's failure is declared with the worker, and said as declared."""

from __future__ import annotations

from tui.ui.toast_once import ToastOnce
from tui.ui.workers import Failure


class Host:
    def __init__(self) -> None:
        self.toast_once = ToastOnce()
        self.said: list[tuple[str, str]] = []
        self.after = 0

    def notify(self, message: str, *, title: str = "", severity: str = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        assert markup is False  # an error's text is never read as markup
        self.said.append((message, severity))


def test_a_failure_says_its_message_with_the_error_in_one_line() -> None:
    host = Host()
    Failure("Export not written: {error}").report(host, OSError("disk {full}"))
    [(message, severity)] = host.said
    assert message.startswith("Export not written: ") and "disk {full}" in message
    assert severity == "error"


def test_a_repeated_failure_declared_once_is_said_once_then_runs_its_follow_up() -> None:
    host = Host()

    def later(on: Host) -> None:
        on.after += 1

    failure = Failure("Snapshot not stored: {error}", severity="warning", once=True,
                      then=later)
    for _ in range(3):
        failure.report(host, OSError("the disk is full"))
    assert len(host.said) == 1 and host.said[0][1] == "warning"
    assert host.after == 3


def test_a_silent_failure_says_nothing() -> None:
    host = Host()
    Failure().report(host, RuntimeError("boom"))
    assert host.said == []


def test_a_background_write_failing_on_an_unreachable_store_leaves_it_to_the_header() -> None:
    """The PostgreSQL server went away: the header says so on its own line
    (StoreLinkWatch), so a background write declared `once` (a snapshot for
    the review) adds no toast over it; its follow-up still runs, and any
    other failure is still said."""
    from tui.store.postgres_connection import PostgresError
    from tui.store.postgres_errors import Trouble

    host = Host()

    def later(on: Host) -> None:
        on.after += 1

    failure = Failure("Snapshot not stored: {error}", severity="warning", write=True,
                      once=True, then=later)
    failure.report(host, PostgresError("the server went away", Trouble.UNREACHABLE))
    assert host.said == [] and host.after == 1
    failure.report(host, OSError("the disk is full"))
    assert len(host.said) == 1
