"""Alertmanager answers as the API v2 OpenAPI spec shapes them
(api/v2/openapi.yaml in prometheus/alertmanager: gettableAlert with
alertStatus, gettableSilence, the BadRequest string), Prometheus's
/api/v1/alertmanagers, and the [alertmanager] config table."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.files.config import ConfigError, SecretRef, parse_config
from tui.model.silences import Matcher, NewSilence
from tui.sources import SourceError
from tui.sources.alertmanager_parse import (
    alertmanager_base,
    decode_alertmanager,
    parse_alertmanagers,
    parse_am_alerts,
    parse_silences,
    silence_body,
)

SILENCES = [{
    "id": "5bd5ab5a-1b1f-4d6f-9a9e-2f7d1d4b1c01", "status": {"state": "active"},
    "updatedAt": "2026-03-14T14:00:00.000Z", "comment": "fix rolling out",
    "createdBy": "alice", "startsAt": "2026-03-14T14:00:00.000Z",
    "endsAt": "2026-03-14T16:00:00.123456789Z",
    "matchers": [{"name": "service", "value": "checkout", "isRegex": False, "isEqual": True},
                 {"name": "pod", "value": "web-.*", "isRegex": True}],
}]
ALERTS = [
    {"labels": {"alertname": "CheckoutHighErrorRate", "service": "checkout",
                "severity": "critical"},
     "annotations": {"summary": "5xx above 2%"}, "fingerprint": "a3d9a4bfa0d26a05",
     "receivers": [{"name": "null"}], "startsAt": "2026-03-14T13:58:00.000Z",
     "updatedAt": "2026-03-14T14:19:00.000Z", "endsAt": "2026-03-14T14:25:00.000Z",
     "status": {"state": "suppressed", "silencedBy": [SILENCES[0]["id"]],
                "inhibitedBy": []}},
    {"labels": {"alertname": "CartLatency", "severity": "warning"},
     "annotations": {"description": "slow"}, "fingerprint": "b1", "receivers": [],
     "startsAt": "2026-03-14T14:10:00Z", "updatedAt": "", "endsAt": "",
     "status": {"state": "suppressed", "silencedBy": [], "inhibitedBy": ["a3d9a4bfa0d26a05"]}},
    {"labels": {"alertname": "Fresh"}, "annotations": {}, "fingerprint": "c1",
     "receivers": [], "startsAt": "2026-03-14T14:19:00Z", "updatedAt": "", "endsAt": "",
     "status": {"state": "unprocessed", "silencedBy": [], "inhibitedBy": []}},
]


def test_alerts_with_their_silences_and_inhibitions() -> None:
    silences = parse_silences(SILENCES)
    silence = silences[SILENCES[0]["id"]]  # type: ignore[index]
    assert silence.matchers[1] == Matcher("pod", "web-.*", is_regex=True)
    silenced, inhibited, fresh = parse_am_alerts(ALERTS, silences)
    assert silenced.muted and not silenced.firing
    assert (silenced.silence_author, silenced.silence_comment) == ("alice", "fix rolling out")
    assert silenced.silence_until == datetime(2026, 3, 14, 16, 0, 0, 123456, tzinfo=UTC)
    assert silenced.fingerprint == "a3d9a4bfa0d26a05"
    assert inhibited.muted and inhibited.inhibited_by == ("a3d9a4bfa0d26a05",)
    assert inhibited.summary == "slow" and inhibited.silence_author == ""
    assert fresh.firing  # unprocessed: firing until Alertmanager says otherwise


def test_a_silence_unknown_to_the_list_still_mutes() -> None:
    (silenced, *_) = parse_am_alerts(ALERTS, {})
    assert silenced.muted and silenced.silence_until is None


def test_outside_text_is_made_printable() -> None:
    hostile = [{"labels": {"alertname": "X\x1b[2J", "service": "[red]a[/red]\x07"},
                "annotations": {"summary": "\x1b]0;t\x07hi"}, "status": "odd"}]
    (alert,) = parse_am_alerts(hostile, {})
    assert "\x1b" not in alert.name and "\x07" not in alert.label("service")
    assert "[red]a[/red]" in alert.label("service")
    assert "\x1b" not in alert.summary and alert.state == ""


def test_a_postable_silence() -> None:
    at = datetime(2026, 3, 14, 14, 20, tzinfo=UTC)
    body = silence_body(NewSilence((Matcher("service", "checkout"),
                                    Matcher("env", "dev", is_equal=False)),
                                   at, at.replace(hour=16), "alice", "why"))
    assert body == {"matchers": [
        {"name": "service", "value": "checkout", "isRegex": False, "isEqual": True},
        {"name": "env", "value": "dev", "isRegex": False, "isEqual": False}],
        "startsAt": "2026-03-14T14:20:00.000Z", "endsAt": "2026-03-14T16:20:00.000Z",
        "createdBy": "alice", "comment": "why"}


@pytest.mark.parametrize(("status", "kind", "body", "said"), [
    (400, "application/json", b'"silence invalid: [b]x[/b]\\u001b[2J"',
     "HTTP 400: silence invalid: [b]x[/b]"),
    (422, "application/json", b'{"code":612,"message":"matchers in body should have at '
     b'least 1 items"}', "HTTP 422: matchers in body should have at least 1 items"),
    (401, "text/plain", b"Unauthorized", "HTTP 401 unauthorized"),
    (200, "text/html", b"<html>login</html>", "HTTP 200: an HTML page, not the Alertmanager"),
    (502, "text/plain", b"bad gateway", "HTTP 502: bad gateway"),
    (200, "application/json", b"[{", "HTTP 200: malformed or truncated JSON"),
])
def test_refusals_in_alertmanagers_words(status: int, kind: str, body: bytes,
                                         said: str) -> None:
    with pytest.raises(SourceError) as raised:
        decode_alertmanager(status, kind, body)
    assert str(raised.value).startswith(said)
    assert "\x1b" not in str(raised.value)


def test_alertmanagers_prometheus_sends_to() -> None:
    payload = {"status": "success", "data": {"activeAlertmanagers": [
        {"url": "http://am-0:9093/api/v2/alerts"}, {"url": "http://am-0:9093/api/v2/alerts"},
        {"url": "https://gw/alertmanager/api/v2/alerts"}], "droppedAlertmanagers": []}}
    assert parse_alertmanagers(payload) == ("http://am-0:9093", "https://gw/alertmanager")
    assert alertmanager_base("http://am:9093") == "http://am:9093"
    with pytest.raises(SourceError):
        parse_alertmanagers({"status": "success", "data": {}})


def test_the_alertmanager_table_takes_the_prometheus_keys(tmp_path: Path) -> None:
    config = parse_config('[alertmanager]\nurl = "https://am.internal:9093/"\n'
                          'bearer_token_env = "AM_TOKEN"\nheaders = { "X-Org" = "1" }\n',
                          tmp_path / "c.toml")
    assert config.alertmanager is not None and config.prometheus is None
    assert config.alertmanager.url == "https://am.internal:9093"
    assert config.alertmanager.bearer_token == SecretRef(env="AM_TOKEN")
    assert config.alertmanager.headers == (("X-Org", "1"),)
    assert parse_config("", tmp_path / "c.toml").alertmanager is None


@pytest.mark.parametrize(("text", "said"), [
    ("[alertmanager]\n", r"c\.toml \[alertmanager\]: url is required"),
    ('[alertmanager]\nurl = "am:9093"\n', r"c\.toml \[alertmanager\]: 'am:9093' is not"),
    ('[alertmanager]\nurl = "http://am"\nusername = "x"\n',
     r"c\.toml \[alertmanager\]: basic auth needs both"),
    ('[alertmanager]\nurl = "http://am"\ntoken = "x"\n',
     r"c\.toml \[alertmanager\]: unknown key 'token'"),
])
def test_alertmanager_table_errors_name_file_and_key(tmp_path: Path, text: str,
                                                     said: str) -> None:
    with pytest.raises(ConfigError, match=said):
        parse_config(text, tmp_path / "c.toml")
