"""Poll HTTP health endpoints, as `curl -f .../health` does, all at once."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from typing import TYPE_CHECKING

from tui.model.health import HealthCheck, HealthResult
from tui.model.safe_text import printable

if TYPE_CHECKING:
    import httpx

_BODY_LIMIT = 64 * 1024  # enough for any health page; a huge one is not read whole


async def check_one(client: httpx.AsyncClient, check: HealthCheck, now: datetime
                    ) -> HealthResult:
    import httpx

    started = time.perf_counter()
    try:
        async with client.stream("GET", check.url, timeout=check.timeout_seconds) as response:
            body = b""
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) >= _BODY_LIMIT:
                    break
    except httpx.TimeoutException:
        return HealthResult(check.name, False, now, detail=f"timed out after "
                            f"{check.timeout_seconds:g}s")
    except httpx.ConnectError:
        return HealthResult(check.name, False, now, detail="connection refused or no route")
    except httpx.HTTPError as error:
        return HealthResult(check.name, False, now, detail=type(error).__name__)
    latency = time.perf_counter() - started
    code = response.status_code
    if code != check.expect_status:
        detail = f"expected {check.expect_status}"
        ok = False
    elif check.body_contains and check.body_contains.encode() not in body:
        detail = f"body lacks {printable(check.body_contains)!r}"
        ok = False
    else:
        detail, ok = "", True
    return HealthResult(check.name, ok, now, code, latency, detail)


class HealthChecker:
    def __init__(self, checks: tuple[HealthCheck, ...],
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.checks = checks
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    async def health(self, now: datetime) -> tuple[HealthResult, ...]:
        import httpx

        if self._client is None:
            self._client = httpx.AsyncClient(transport=self._transport, follow_redirects=True)
        return tuple(await asyncio.gather(*(check_one(self._client, check, now)
                                            for check in self.checks)))

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
