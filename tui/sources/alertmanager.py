"""An Alertmanager API v2 client: its alerts with their silences, and
silences made and expired. Same settings (auth, TLS, headers) as Prometheus."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from tui.model.alerts import Alert, newest_first
from tui.model.silences import NewSilence, Silence
from tui.sources.alertmanager_parse import (
    decode_alertmanager,
    parse_am_alerts,
    parse_silence_id,
    parse_silences,
    silence_body,
    silence_ids,
)
from tui.sources.http_api import ApiClient


class AlertmanagerClient(ApiClient):
    SECTION = "alertmanager"

    @property
    def url(self) -> str:
        return self.settings.url

    async def alerts(self, now: datetime) -> tuple[Alert, ...]:
        payload = decode_alertmanager(*await self._get("/api/v2/alerts", {}))
        # Who silenced them and until when is in the silences: asked only
        # when an alert is silenced.
        silences = await self.silences() if silence_ids(payload) else {}
        return newest_first(list(parse_am_alerts(payload, silences)))

    async def silences(self) -> dict[str, Silence]:
        return parse_silences(decode_alertmanager(*await self._get("/api/v2/silences", {})))

    async def create_silence(self, silence: NewSilence) -> str:
        """POST the silence; its id. A refusal is a SourceError in
        Alertmanager's words."""
        answer = await self._request("POST", "/api/v2/silences", body=silence_body(silence))
        return parse_silence_id(decode_alertmanager(*answer))

    async def expire_silence(self, silence_id: str) -> None:
        status, content_type, body = await self._request(
            "DELETE", f"/api/v2/silence/{quote(silence_id, safe='')}")
        if status >= 400 or content_type.startswith("text/html"):
            decode_alertmanager(status, content_type, body)  # raises, in its words
        # 200 has no body: nothing more to read.
