"""Where the alerts pane's alerts come from: discovery asked until
Prometheus names an Alertmanager (then never again), and a failing
Alertmanager giving way to Prometheus's alerts with the reason."""

from __future__ import annotations

from datetime import UTC, datetime

from tui.model.alerts import Alert
from tui.sources import SourceError
from tui.sources.alert_feed import AlertFeed

NOW = datetime(2026, 3, 14, 14, 20, tzinfo=UTC)
RULE = Alert("FromRules", "critical", "firing", NOW, "")
HELD = Alert("FromAlertmanager", "critical", "firing", NOW, "")


class Source:
    url = "http://am.test"

    def __init__(self, alert: Alert, error: str = "") -> None:
        self.alert, self.error = alert, error

    async def alerts(self, now: datetime) -> tuple[Alert, ...]:
        if self.error:
            raise SourceError(self.error)
        return (self.alert,)

    async def aclose(self) -> None:
        pass


async def test_discovery_is_asked_again_until_an_alertmanager_is_named() -> None:
    answers: list[Source | None] = [None, Source(HELD)]
    asked: list[int] = []

    async def discover() -> Source | None:
        asked.append(1)
        return answers.pop(0)

    feed = AlertFeed(Source(RULE), discover=discover, ask_again=0)  # type: ignore[arg-type]
    assert (await feed.report(NOW)).alerts == (RULE,)
    report = await feed.report(NOW)
    assert report.alerts == (HELD,) and report.from_alertmanager
    await feed.report(NOW)
    assert len(asked) == 2  # found: never asked again


async def test_a_prometheus_naming_none_is_not_asked_every_refresh() -> None:
    asked: list[int] = []

    async def discover() -> None:
        asked.append(1)

    feed = AlertFeed(Source(RULE), discover=discover)  # type: ignore[arg-type]
    for _ in range(3):
        await feed.report(NOW)
    assert len(asked) == 1


async def test_a_failing_alertmanager_gives_way_with_the_reason() -> None:
    feed = AlertFeed(Source(RULE), Source(HELD, "cannot connect to http://am.test"))  # type: ignore[arg-type]
    report = await feed.report(NOW)
    assert report.alerts == (RULE,) and not report.from_alertmanager
    assert report.fallback_reason == "Alertmanager: cannot connect to http://am.test"
