"""Silences and Alertmanager alerts in the model: the matchers typed in the
silence dialog, grouping, and muted alerts never counted as firing. The
shapes follow the Alertmanager API v2 OpenAPI spec (api/v2/openapi.yaml in
prometheus/alertmanager: `matcher`, `alertStatus`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tui.model.alerts import Alert, grouped, newest_first
from tui.model.silences import (
    Matcher,
    SilenceDraft,
    describe,
    expired_line,
    matchers_text,
    parse_matchers,
    read_draft,
    silenced_line,
)

NOW = datetime(2026, 3, 14, 14, 20, tzinfo=UTC)


def alert(name: str, state: str = "firing", minutes: int = 5, service: str = "",
          **extra: object) -> Alert:
    labels = {"alertname": name, **({"service": service} if service else {})}
    return Alert(name, "critical", state, NOW - timedelta(minutes=minutes), "",
                 tuple(sorted(labels.items())), **extra)  # type: ignore[arg-type]


def test_matchers_are_read_one_a_line_with_each_operator() -> None:
    found = parse_matchers('alertname=CheckoutHighErrorRate\n\n service = "check\\"out" \n'
                           "pod=~checkout-.*\nenv!=dev\nzone!~eu-.*\n")
    assert found == (Matcher("alertname", "CheckoutHighErrorRate"),
                     Matcher("service", 'check"out'),
                     Matcher("pod", "checkout-.*", is_regex=True),
                     Matcher("env", "dev", is_equal=False),
                     Matcher("zone", "eu-.*", is_regex=True, is_equal=False))
    assert [m.operator for m in found] == ["=", "=", "=~", "!=", "!~"]
    assert found[1].text() == 'service="check\\"out"'


@pytest.mark.parametrize(("text", "problem"), [
    ("", "at least one matcher"),
    ("9lives=x", "line 1: start with a label name"),
    ("a=b\nservice checkout", "line 2: use name=value"),
    ("pod=~(", "line 1: bad regex"),
])
def test_bad_matchers_name_the_line(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_matchers(text)


def test_the_dialog_prefills_every_label_and_reads_them_back() -> None:
    firing = alert("CheckoutHighErrorRate", service="checkout")
    text = matchers_text(firing)
    assert text == 'alertname="CheckoutHighErrorRate"\nservice="checkout"'
    assert dict((m.name, m.value) for m in parse_matchers(text)) == dict(firing.labels)


def test_matching_as_alertmanager_does() -> None:
    labels = {"alertname": "A", "pod": "checkout-7f9"}
    assert Matcher("pod", "checkout-.*", is_regex=True).matches(labels)
    assert not Matcher("pod", "checkout", is_regex=True).matches(labels)  # whole value
    assert Matcher("env", "").matches(labels)  # missing is empty
    assert Matcher("env", "prod", is_equal=False).matches(labels)


def test_a_draft_becomes_a_silence_from_now_or_says_which_field_is_wrong() -> None:
    draft = SilenceDraft('alertname="A"\nservice="checkout"', "2h", " deploying a fix ")
    silence = read_draft(draft, NOW, "alice")
    assert (silence.starts_at, silence.ends_at) == (NOW, NOW + timedelta(hours=2))
    assert (silence.created_by, silence.comment) == ("alice", "deploying a fix")
    assert read_draft(SilenceDraft("a=b", "90", "x"), NOW, "").span == timedelta(minutes=90)
    with pytest.raises(ValueError, match="duration 'soon'"):
        read_draft(SilenceDraft("a=b", "soon", "x"), NOW, "alice")
    with pytest.raises(ValueError, match="comment is required"):
        read_draft(SilenceDraft("a=b", "2h", "  "), NOW, "alice")


def test_timeline_lines_name_the_alert_span_comment_and_silence() -> None:
    silence = read_draft(SilenceDraft('alertname=CheckoutHighErrorRate\nservice=checkout',
                                      "2h", "fix rolling out"), NOW, "alice")
    assert silenced_line(silence, "0b1c") == (
        'Silenced CheckoutHighErrorRate {service="checkout"} for 2h: fix rolling out '
        "(silence 0b1c)")
    assert describe((Matcher("pod", "x.*", is_regex=True),)) == '{pod=~"x.*"}'
    muted = alert("CheckoutHighErrorRate", service="checkout", silenced_by=("0b1c",))
    assert expired_line(muted, ("0b1c",)) == (
        'Expired the silence of CheckoutHighErrorRate {service="checkout"} (silence 0b1c)')


def test_silenced_and_inhibited_alerts_are_muted_never_firing() -> None:
    silenced = alert("A", "suppressed", silenced_by=("s1",))
    inhibited = alert("B", "suppressed", inhibited_by=("f1",))
    assert silenced.muted and not silenced.firing
    assert inhibited.muted and not inhibited.firing
    # An alert Alertmanager has not yet processed is firing until it says otherwise.
    assert alert("C").firing and not alert("C").muted


def test_firing_first_then_pending_then_muted_and_grouped_by_name_and_service() -> None:
    alerts = (alert("Mute", "suppressed", 1, silenced_by=("s",)),
              alert("Slow", "pending", 2),
              alert("Errors", "firing", 9, service="cart"),
              alert("Errors", "firing", 3, service="checkout"),
              alert("Errors", "suppressed", 1, service="checkout", silenced_by=("s",)),
              alert("Errors", "firing", 8, service="checkout"))
    assert [a.state for a in newest_first(list(alerts))] == [
        "firing", "firing", "firing", "pending", "suppressed", "suppressed"]
    groups = grouped(alerts)
    assert [(g.name, g.service, len(g.alerts)) for g in groups] == [
        ("Errors", "checkout", 3), ("Errors", "cart", 1), ("Slow", "", 1), ("Mute", "", 1)]
    # Within a group: firing (newest first), then muted.
    assert [a.muted for a in groups[0].alerts] == [False, False, True]
