"""The demo's Alertmanager: the recording's alerts, with silences made and
expired in memory, so S and X can be tried without a server. It refuses
what Alertmanager refuses, in its words."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from tui.model.alerts import Alert, newest_first
from tui.model.silences import NewSilence
from tui.sources import SourceError
from tui.sources.protocols import MetricsSource


class DemoAlertmanager:
    url = "the demo's Alertmanager"

    def __init__(self, source: MetricsSource) -> None:
        self.source = source
        self.silences: dict[str, NewSilence] = {}
        self._made = 0

    def _silencing(self, alert: Alert, now: datetime) -> list[tuple[str, NewSilence]]:
        labels = dict(alert.labels)
        return [(silence_id, silence) for silence_id, silence in self.silences.items()
                if silence.starts_at <= now < silence.ends_at
                and all(matcher.matches(labels) for matcher in silence.matchers)]

    async def alerts(self, now: datetime) -> tuple[Alert, ...]:
        found = []
        for alert in await self.source.alerts(now):
            silencing = self._silencing(alert, now)
            if silencing:
                _, last = max(silencing, key=lambda pair: pair[1].ends_at)
                alert = replace(alert, state="suppressed",
                                silenced_by=tuple(silence_id for silence_id, _ in silencing),
                                silence_author=last.created_by, silence_until=last.ends_at,
                                silence_comment=last.comment)
            found.append(alert)
        return newest_first(found)

    async def create_silence(self, silence: NewSilence) -> str:
        if not silence.matchers:
            raise SourceError("HTTP 422: matchers in body should have at least 1 items")
        if silence.ends_at <= silence.starts_at:
            raise SourceError("HTTP 400: Failed to create silence: end time can't be in the past")
        if all(matcher.matches({}) for matcher in silence.matchers):
            raise SourceError("HTTP 400: silence invalid: at least one matcher must not match "
                              "the empty string")
        self._made += 1
        # Shaped like Alertmanager's ids, and the same on every run.
        silence_id = f"00000000-0000-4000-8000-{self._made:012d}"
        self.silences[silence_id] = silence
        return silence_id

    async def expire_silence(self, silence_id: str) -> None:
        if self.silences.pop(silence_id, None) is None:
            raise SourceError("HTTP 500: silence not found")

    async def aclose(self) -> None:
        """Nothing to release: the silences are in memory."""
