"""Alerts in the war room as the incident commander meets them: S on an
alert silences it (the demo's Alertmanager, in memory), X expires the
silence, both on the timeline; a refusal comes back into the dialog in
Alertmanager's words; a failing Alertmanager gives way to Prometheus's
alerts and the pane says so; outside label values are shown as text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tests.conftest import PEAK, MakeApp
from tests.ui.helpers import quiesce, settle, steady_cursors, toasts, war_room
from tests.ui.helpers import wait_for as until
from tui.model.alerts import Alert
from tui.model.silences import Matcher, NewSilence
from tui.model.timeline import EntryKind
from tui.screens.silence_dialog import SilenceDialog
from tui.sources import SourceError
from tui.sources.alert_feed import AlertFeed
from tui.sources.demo_silences import DemoAlertmanager
from tui.ui.context import WarroomContext
from tui.widgets.alerts_pane import AlertsPane

MakeContext = Callable[..., WarroomContext]
SILENCE_MATCHERS = (Matcher("alertname", "CheckoutHighErrorRate"),)


def actions(context: WarroomContext) -> list[str]:
    return [entry.text for entry in context.store.timeline.entries(context.incident.id)
            if entry.kind is EntryKind.ACTION and "silence" in entry.text]


def cells(pane: AlertsPane, row: int) -> list[str]:
    # STATE, ALERT, SEVERITY, FOR, SUMMARY: in columns or stacked in lines.
    return pane.fields(row)


def row_of(pane: AlertsPane, name: str) -> int:
    # The first line of the ALERT cell: who silenced it is on the second.
    return next(row for row in range(pane.row_count)
                if cells(pane, row)[1].split("\n")[0] == name)




async def test_s_silences_the_alert_and_x_expires_it_both_on_the_timeline(
        make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        pane = pilot.app.screen.query_one(AlertsPane)
        firing = row_of(pane, "CheckoutHighErrorRate")
        assert cells(pane, firing)[0] == "✖ FIRING"
        pane.focus()
        pane.move_cursor(row=firing)
        await pilot.press("S")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, SilenceDialog)
        assert dialog.query_one("#silence-matchers", TextArea).text == (
            'alertname="CheckoutHighErrorRate"\nseverity="critical"')
        assert dialog.query_one("#silence-duration", Input).value == "2h"
        await pilot.press(*"fix rolling out")
        await pilot.press("enter")
        await until(pilot, lambda: bool(actions(context)))
        assert actions(context) == [
            'Silenced CheckoutHighErrorRate {severity="critical"} for 2h: fix rolling out '
            "(silence 00000000-0000-4000-8000-000000000001)"]
        entry = context.store.timeline.entries(context.incident.id)[-1]
        assert entry.author == "tester"
        await until(pilot, lambda: "muted" in str(pane.border_title))
        silenced = row_of(pane, "CheckoutHighErrorRate")
        state, name, _, _, summary = cells(pane, silenced)
        assert state == "🔇 silenced"
        assert name == f"CheckoutHighErrorRate\ntester until {PEAK + timedelta(hours=2):%H:%MZ}"
        until_at = (PEAK + timedelta(hours=2)).strftime("%H:%M:%SZ")
        assert summary.startswith(f"by tester until {until_at}: fix rolling out")

        pane.focus()
        pane.move_cursor(row=silenced)
        await pilot.press("X")
        await until(pilot, lambda: len(actions(context)) == 2)
        assert actions(context)[1] == ("Expired the silence of CheckoutHighErrorRate "
                                       "(silence 00000000-0000-4000-8000-000000000001)")
        await until(pilot, lambda: "muted" not in str(pane.border_title))
        assert cells(pane, row_of(pane, "CheckoutHighErrorRate"))[0] == "✖ FIRING"


async def test_a_refused_silence_comes_back_with_alertmanagers_words_and_the_typing(
        make_context: MakeContext) -> None:
    context = make_context()
    async with war_room(context) as pilot:
        pane = pilot.app.screen.query_one(AlertsPane)
        pane.focus()
        pane.move_cursor(row=row_of(pane, "CheckoutHighErrorRate"))
        await pilot.press("S")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, SilenceDialog)
        # Checked here first: no comment, no silence.
        await pilot.press("ctrl+s")
        assert "comment is required" in str(dialog.query_one("#silence-problem").render())
        assert pilot.app.screen is dialog
        # A matcher that matches everything: the dialog lets it by, Alertmanager does not.
        dialog.query_one("#silence-matchers", TextArea).text = "team=~.*"
        dialog.query_one("#silence-duration", Input).value = "45m"
        dialog.query_one("#silence-comment", Input).value = "too broad"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(pilot.app.screen, SilenceDialog)
                    and pilot.app.screen is not dialog)
        again = pilot.app.screen
        await pilot.pause()
        assert ("✖ Alertmanager refused: HTTP 400: silence invalid: at least one matcher "
                "must not match the empty string") in str(
                    again.query_one("#silence-problem").render())
        assert again.query_one("#silence-matchers", TextArea).text == "team=~.*"
        assert again.query_one("#silence-duration", Input).value == "45m"
        assert again.query_one("#silence-comment", Input).value == "too broad"
        assert actions(context) == []


class Hostile:
    """An Alertmanager whose alerts carry escape codes and markup, or that fails."""

    url = "http://alertmanager.test"

    def __init__(self, alerts: tuple[Alert, ...] = (), error: str = "") -> None:
        self._alerts, self.error = alerts, error

    async def alerts(self, now: datetime) -> tuple[Alert, ...]:
        if self.error:
            raise SourceError(self.error)
        return self._alerts

    async def create_silence(self, silence: NewSilence) -> str:
        raise SourceError("not here")

    async def expire_silence(self, silence_id: str) -> None:
        raise SourceError("not here")

    async def aclose(self) -> None:
        pass


def alert(name: str, service: str, minutes: int, state: str = "firing", summary: str = "",
          **extra: object) -> Alert:
    labels = (("alertname", name), ("service", service), ("severity", "critical"))
    return Alert(name, "critical", state, PEAK - timedelta(minutes=minutes), summary, labels,
                 **extra)  # type: ignore[arg-type]


SHOWN = (
    alert("CheckoutHighErrorRate", "checkout", 14, summary="5xx ratio above 2%",
          fingerprint="a1"),
    alert("CheckoutHighErrorRate", "checkout", 9, summary="5xx ratio above 2% (eu)",
          fingerprint="a2"),
    alert("CartLatency", "cart", 6, "suppressed", "p95 above 1s", fingerprint="b1",
          silenced_by=("5bd5ab5a",), silence_author="alice",
          silence_until=PEAK + timedelta(hours=2), silence_comment="known, cache warming"),
    alert("PaymentsDown", "payments", 3, "suppressed", "no payments", fingerprint="c1",
          inhibited_by=("a1",)),
    alert("Evil\x1b[2J[b]Name[/b]", "[red]x[/red]", 1,
          summary="\x1b]0;owned\x07[link=http://x]click[/link]", fingerprint="d1"),
)


async def test_outside_text_is_shown_as_typed_and_muted_alerts_are_not_firing(
        make_context: MakeContext) -> None:
    context = make_context()
    context.alert_feed = AlertFeed(context.metrics, Hostile(SHOWN))
    async with war_room(context) as pilot:
        pane = pilot.app.screen.query_one(AlertsPane)
        await until(pilot, lambda: pane.row_count == 5)
        assert pane.border_title == "Alerts · 3 firing · 2 muted"
        rows = [cells(pane, row) for row in range(5)]
        assert [row[0] for row in rows] == ["✖ FIRING"] * 3 + ["🔇 inhibited", "🔇 silenced"]
        assert rows[4][1].endswith("\nalice until 16:20Z")
        # The escape codes shown as harmless text, the markup as typed.
        assert rows[0][1] == "Evil\\x1b[2J[b]Name[/b]"
        assert "\x1b" not in rows[0][4] and "\x07" not in rows[0][4]
        assert rows[0][4].endswith("[link=http://x]click[/link]")
        assert [row[1] for row in rows[1:3]] == ["CheckoutHighErrorRate ×2",
                                                 "  └ CheckoutHighErrorRate"]


async def test_a_failing_alertmanager_gives_way_to_prometheus_and_says_so(
        make_context: MakeContext) -> None:
    context = make_context()
    context.alert_feed = AlertFeed(context.metrics, Hostile(
        error="cannot connect to http://alertmanager.test"))
    async with war_room(context) as pilot:
        pane = pilot.app.screen.query_one(AlertsPane)
        await until(pilot, lambda: pane.row_count >= 1)
        assert pane.border_subtitle == ("as of 14:20:00Z · from Prometheus · Alertmanager: "
                                        "cannot connect to http://alertmanager.test")
        assert cells(pane, row_of(pane, "CheckoutHighErrorRate"))[0] == "✖ FIRING"


async def test_without_an_alertmanager_s_says_how_to_give_one(
        make_context: MakeContext, make_app: MakeApp) -> None:
    context = make_context()
    context.alert_feed = AlertFeed(context.metrics)
    async with make_app(context).run_test(size=(160, 48), notifications=True) as pilot:
        await settle(pilot)
        pilot.app.screen.query_one(AlertsPane).focus()
        await pilot.press("S")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, SilenceDialog)
        assert any("No Alertmanager to silence in" in toast for toast in toasts(pilot.app))


def test_alerts_pane_with_silenced_and_grouped_alerts(
        snap_compare: Callable[..., bool], make_context: MakeContext, make_app: MakeApp) -> None:
    """The alerts pane focused (its row cursor on the top row; S and X in the
    footer): title "Alerts · 3 firing · 1 muted"; the hostile alert first,
    its escape codes and markup shown as typed text (\\x1b[2J, [b]); the two
    checkout alerts grouped (×2, then └); CartLatency last, muted grey,
    "🔇 silenced", and "alice until 16:20Z" under its name (at 160 columns
    the pane is too narrow for the summary column, where the comment is)."""
    context = make_context()
    context.alert_feed = AlertFeed(context.metrics, Hostile(
        tuple(alert for alert in SHOWN if not alert.inhibited_by)))

    async def focus_alerts(pilot: Pilot) -> None:
        await settle(pilot)
        pilot.app.screen.query_one(AlertsPane).focus()
        # The muted grey is blended over the pane's background, which focus
        # changes: redrawn focused, whenever the timed refresh falls.
        await pilot.press("r")
        await settle(pilot)
        steady_cursors(pilot)
        await quiesce(pilot)

    assert snap_compare(make_app(context), terminal_size=(160, 48), run_before=focus_alerts)


async def test_the_demo_alertmanager_refuses_as_alertmanager_does() -> None:
    demo = DemoAlertmanager(None)  # type: ignore[arg-type]
    with pytest.raises(SourceError, match="HTTP 422: matchers in body"):
        await demo.create_silence(NewSilence((), PEAK, PEAK + timedelta(hours=1), "a", "c"))
    with pytest.raises(SourceError, match="end time can't be in the past"):
        await demo.create_silence(NewSilence(SILENCE_MATCHERS, PEAK,
                                             PEAK - timedelta(minutes=1), "a", "c"))
    with pytest.raises(SourceError, match="HTTP 500: silence not found"):
        await demo.expire_silence("nope")


async def test_a_huge_alert_name_leaves_the_other_columns_in_view(
        make_context: MakeContext) -> None:
    """Found by trying a hostile Prometheus: one 3000-character alertname
    pushed SEVERITY and FOR out of the pane for every alert."""
    huge = Alert(name="L" * 3000, severity="critical", state="firing", since=PEAK,
                 summary="", labels=(("alertname", "L" * 3000),))
    context = make_context()
    context.alert_feed = AlertFeed(context.metrics, Hostile((huge, *SHOWN[:1])))
    async with war_room(context) as pilot:
        pane = pilot.app.screen.query_one(AlertsPane)
        await until(pilot, lambda: pane.row_count == 2)
        name = next(cell for cell in cells(pane, 0) + cells(pane, 1) if cell.startswith("L"))
        assert len(name) == 28 and name.endswith("…")
        await settle(pilot)
        # Too wide for columns: each alert stacked in lines, its severity and
        # age in view under the name rather than pushed out sideways.
        assert pane.stacked
        shown = str(pane.get_row_at(next(row for row in range(2)
                                         if cells(pane, row)[1].startswith("L")))[0])
        assert shown.split("\n")[1].startswith("  critical · for ")
