"""One async httpx client per API (Prometheus, Alertmanager), built from
the same settings: auth, TLS, headers, timeout. Every transport failure
becomes a SourceError with one readable line; credentials never appear in it."""

from __future__ import annotations

import asyncio
import ssl
from typing import TYPE_CHECKING, Any

from tui.sources import SourceError
from tui.sources.prometheus_auth import credentials
from tui.sources.settings import PrometheusSettings

if TYPE_CHECKING:
    import httpx

# Bigger answers are not read: a 500 MB body held the UI's memory at 10 GB.
# A full pane (100 series of 1000 points) is a few MB.
MAX_BODY_BYTES = 64 * 1024 * 1024


def _tls_refused(error: BaseException) -> bool:
    """Whether a connection failed on the server's certificate (httpx wraps
    the ssl error, sometimes more than once)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(error)


class ApiClient:
    # The config table the settings came from, named in secret errors.
    SECTION = "prometheus"

    def __init__(self, settings: PrometheusSettings,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.settings = settings
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    def _build(self) -> httpx.AsyncClient:
        import httpx  # deferred: not on the start-up path

        settings = self.settings
        headers, basic = credentials(settings, self.SECTION)
        auth = httpx.BasicAuth(*basic) if basic else None
        verify: ssl.SSLContext | bool = not settings.insecure
        if settings.ca_file and not settings.insecure:
            try:
                verify = ssl.create_default_context(cafile=settings.ca_file)
            except (OSError, ssl.SSLError) as error:
                raise SourceError(f"cannot load CA file {settings.ca_file}: {error}") from error
        return httpx.AsyncClient(
            base_url=settings.url,
            headers=headers,
            auth=auth,
            verify=verify,
            timeout=settings.timeout_seconds,
            transport=self._transport,
            follow_redirects=True,
            # A few connections serve a dozen panes as fast as many: httpcore's
            # pool scans every connection per request, so more cost CPU.
            limits=httpx.Limits(max_connections=8, max_keepalive_connections=8),
        )

    async def _request(self, method: str, path: str, params: dict[str, str] | None = None,
                       body: Any = None) -> tuple[int, str, bytes]:
        """One request, whole within the timeout (httpx's own timeout is per
        read: a server sending a byte a second never tripped it) and no
        bigger than MAX_BODY_BYTES."""
        import httpx

        if self._client is None:
            self._client = self._build()
        url, limit = self.settings.url, self.settings.timeout_seconds
        try:
            async with asyncio.timeout(limit):
                return await self._read(method, path, params, body)
        except (TimeoutError, httpx.TimeoutException):
            raise SourceError(f"timed out after {limit:g}s") from None
        except httpx.ConnectError as error:
            if _tls_refused(error):
                raise SourceError(f"TLS verification failed for {url} "
                                  "(set ca_file, or insecure = true)") from None
            raise SourceError(f"cannot connect to {url}") from None
        except (httpx.RemoteProtocolError, httpx.ReadError):
            raise SourceError(f"{url} dropped the connection mid-response") from None
        except httpx.HTTPError as error:
            raise SourceError(f"request to {url} failed ({type(error).__name__})") from None

    async def _read(self, method: str, path: str, params: dict[str, str] | None,
                    body: Any) -> tuple[int, str, bytes]:
        assert self._client is not None
        too_big = SourceError(f"{self.settings.url} answered more than "
                              f"{MAX_BODY_BYTES // 2**20} MB: not read (narrow the query)")
        async with self._client.stream(method, path, params=params, json=body) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
                raise too_big
            chunks, size = [], 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > MAX_BODY_BYTES:
                    raise too_big
                chunks.append(chunk)
            return response.status_code, response.headers.get("content-type", ""), \
                b"".join(chunks)

    async def _get(self, path: str, params: dict[str, str]) -> tuple[int, str, bytes]:
        return await self._request("GET", path, params)

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
