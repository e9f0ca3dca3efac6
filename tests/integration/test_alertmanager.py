"""Alertmanager against the real Debian binary, fed by a real Prometheus
whose rules fire CheckoutHighErrorRate into it: alerts with their silences,
silences made, refused and expired, the fallback to Prometheus's alerts, and
discovery through /api/v1/alertmanagers. Shapes posted and read are those
of the Alertmanager API v2 OpenAPI spec (api/v2/openapi.yaml in
prometheus/alertmanager: postableAlert, postableSilence, gettableAlert)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler

import httpx
import pytest

from tests.integration.alertmanager_server import AlertmanagerServer
from tests.integration.loopback_http import serve
from tests.integration.prometheus_server import free_port
from tui.files.config import PrometheusSettings
from tui.model.alerts import Alert
from tui.model.silences import Matcher, NewSilence
from tui.sources import SourceError
from tui.sources.alert_feed import AlertFeed, discover_through
from tui.sources.alertmanager import AlertmanagerClient
from tui.sources.prometheus import PrometheusClient

FIRING = "CheckoutHighErrorRate"


def now() -> datetime:
    return datetime.now(UTC)


async def eventually(check: Callable[[], Awaitable[bool]], seconds: float = 30) -> None:
    for _ in range(int(seconds / 0.2)):
        if await check():
            return
        await asyncio.sleep(0.2)
    raise AssertionError("condition not met in time")


@pytest.fixture
async def am(alertmanager: AlertmanagerServer) -> AsyncIterator[AlertmanagerClient]:
    client = AlertmanagerClient(PrometheusSettings(url=alertmanager.url, timeout_seconds=5))
    yield client
    # Each test leaves no silence behind for the next.
    for silence in (await client.silences()).values():
        if silence.state != "expired":
            await client.expire_silence(silence.id)
    await client.aclose()


async def checkout_alert(client: AlertmanagerClient,
                         alerting_prometheus: object) -> Alert:
    """The rule's alert, once Prometheus has sent it to Alertmanager."""
    found: list[Alert] = []

    async def arrived() -> bool:
        found[:] = [a for a in await client.alerts(now()) if a.name == FIRING]
        return bool(found)

    await eventually(arrived)
    return found[0]


def silence_of(alert: Alert, minutes: int = 120, comment: str = "fix rolling out",
               start: datetime | None = None) -> NewSilence:
    at = start or now()
    return NewSilence((Matcher("alertname", alert.name),
                       Matcher("service", alert.label("service"))),
                      at, at + timedelta(minutes=minutes), "alice", comment)


async def test_alerts_arrive_from_alertmanager(am: AlertmanagerClient,
                                               alerting_prometheus: object) -> None:
    alert = await checkout_alert(am, alerting_prometheus)
    assert alert.firing and not alert.muted
    assert alert.label("service") == "checkout"
    assert alert.severity == "critical"
    assert alert.summary == "5xx ratio of checkout above 2%"
    assert len(alert.fingerprint) == 16  # Alertmanager's hex fingerprint
    assert alert.since is not None and alert.since <= now()


async def test_a_silence_mutes_the_alert_with_author_and_until_and_expiring_fires_it_again(
        am: AlertmanagerClient, alerting_prometheus: object) -> None:
    alert = await checkout_alert(am, alerting_prometheus)
    silence = silence_of(alert)
    silence_id = await am.create_silence(silence)
    silenced = await checkout_alert(am, alerting_prometheus)
    assert silenced.state == "suppressed"
    assert silenced.muted and not silenced.firing
    assert silenced.silenced_by == (silence_id,)
    assert silenced.silence_author == "alice"
    assert silenced.silence_comment == "fix rolling out"
    assert silenced.silence_until is not None
    assert abs(silenced.silence_until - silence.ends_at) < timedelta(seconds=1)

    await am.expire_silence(silence_id)
    again = await checkout_alert(am, alerting_prometheus)
    assert again.firing and again.silenced_by == ()
    assert (await am.silences())[silence_id].state == "expired"


@pytest.mark.parametrize(("change", "words"), [
    ({"start": now() - timedelta(hours=3), "minutes": 60},
     "HTTP 400: Failed to create silence: end time can't be in the past"),
    ({"matchers": ()}, "HTTP 422: matchers in body should have at least 1 items"),
    ({"matchers": (Matcher("pod", "(", is_regex=True),)},
     "HTTP 400: silence invalid: invalid label matcher 0: invalid regular expression"),
])
async def test_a_silence_alertmanager_refuses_gives_its_words(
        am: AlertmanagerClient, change: dict[str, object], words: str) -> None:
    base = Alert(FIRING, "critical", "firing", None, "", (("alertname", FIRING),
                                                        ("service", "checkout")))
    silence = silence_of(base, minutes=int(change.get("minutes", 60)),  # type: ignore[call-overload]
                         start=change.get("start"))  # type: ignore[arg-type]
    if "matchers" in change:
        silence = NewSilence(change["matchers"], silence.starts_at,  # type: ignore[arg-type]
                             silence.ends_at, silence.created_by, silence.comment)
    with pytest.raises(SourceError) as raised:
        await am.create_silence(silence)
    assert str(raised.value).startswith(words)


async def test_expiring_an_unknown_silence_says_so(am: AlertmanagerClient) -> None:
    with pytest.raises(SourceError, match="HTTP 500: silence not found"):
        await am.expire_silence("00000000-0000-0000-0000-000000000000")


async def test_outside_label_values_come_back_printable(am: AlertmanagerClient,
                                                        alertmanager: AlertmanagerServer
                                                        ) -> None:
    hostile = {"alertname": "Hostile", "service": "[red]pay[/red]\x1b[2J\x07ments"}
    httpx.post(f"{alertmanager.url}/api/v2/alerts",
               json=[{"labels": hostile, "annotations": {"summary": "\x1b]0;owned\x07[b]x"}}],
               timeout=5).raise_for_status()

    async def arrived() -> bool:
        return any(a.name == "Hostile" for a in await am.alerts(now()))

    await eventually(arrived)
    alert = next(a for a in await am.alerts(now()) if a.name == "Hostile")
    assert "\x1b" not in alert.label("service") and "\x07" not in alert.label("service")
    assert "[red]pay[/red]" in alert.label("service")  # markup kept as text, not applied
    assert "\x1b" not in alert.summary


class Refusing(BaseHTTPRequestHandler):
    """401 on /api/v2/*, an HTML login page on /html/api/v2/*."""

    def do_GET(self) -> None:
        if self.path.startswith("/html/"):
            body, kind, status = b"<html><body>Sign in</body></html>", "text/html", 200
        else:
            body, kind, status = b"Unauthorized\n", "text/plain", 401
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def refusing() -> Iterator[str]:
    server = serve(Refusing)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("where", "reason"), [
    ("down", "Alertmanager: cannot connect to http://127.0.0.1:"),
    ("401", "Alertmanager: HTTP 401 unauthorized: check the token or username/password"),
    ("html", "Alertmanager: HTTP 200: an HTML page, not the Alertmanager API"),
])
async def test_a_failing_alertmanager_falls_back_to_prometheus_and_says_why(
        settings: PrometheusSettings, refusing: str, where: str, reason: str) -> None:
    url = {"down": f"http://127.0.0.1:{free_port()}", "401": refusing,
           "html": f"{refusing}/html"}[where]
    prometheus = PrometheusClient(settings)
    feed = AlertFeed(prometheus, AlertmanagerClient(PrometheusSettings(url=url,
                                                                       timeout_seconds=3)))
    try:
        async def fell_back() -> bool:
            report = await feed.report(now())
            return any(a.name == FIRING for a in report.alerts) and (
                report.fallback_reason.startswith(reason))

        await eventually(fell_back)
        report = await feed.report(now())
        assert not report.from_alertmanager
    finally:
        await feed.aclose()
        await prometheus.aclose()


async def test_the_alertmanager_is_found_through_prometheus(
        alerting_settings: PrometheusSettings, alertmanager: AlertmanagerServer) -> None:
    prometheus = PrometheusClient(alerting_settings)
    assert await prometheus.alertmanagers() == (alertmanager.url,)
    asked: list[int] = []
    discover = discover_through(prometheus, alerting_settings)

    async def counting() -> object:
        asked.append(1)
        return await discover()

    feed = AlertFeed(prometheus, discover=counting)  # type: ignore[arg-type]
    try:
        async def from_alertmanager() -> bool:
            report = await feed.report(now())
            return report.from_alertmanager and any(a.name == FIRING for a in report.alerts)

        await eventually(from_alertmanager)
        await feed.report(now())
        assert len(asked) == 1  # once a session
        assert feed.alertmanager is not None and feed.alertmanager.url == alertmanager.url
    finally:
        await feed.aclose()
        await prometheus.aclose()


async def test_a_prometheus_without_alertmanagers_keeps_its_own_alerts(
        settings: PrometheusSettings) -> None:
    prometheus = PrometheusClient(settings)
    feed = AlertFeed(prometheus, discover=discover_through(prometheus, settings))
    try:
        report = await feed.report(now())
        assert not report.from_alertmanager and not report.fallback_reason
        assert feed.alertmanager is None
    finally:
        await prometheus.aclose()
