"""One async httpx client per API (Prometheus, Alertmanager), built from
the same settings: auth, TLS, headers, timeout. Every transport failure
becomes a SourceError with one readable line; credentials never appear in it."""

from __future__ import annotations

import ssl
from typing import TYPE_CHECKING, Any

from tui.config import PrometheusSettings
from tui.sources import SourceError
from tui.sources.prometheus_auth import credentials

if TYPE_CHECKING:
    import httpx


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
        import httpx

        if self._client is None:
            self._client = self._build()
        url = self.settings.url
        try:
            response = await self._client.request(method, path, params=params, json=body)
        except httpx.TimeoutException:
            raise SourceError(f"timed out after {self.settings.timeout_seconds:g}s") from None
        except httpx.ConnectError as error:
            if _tls_refused(error):
                raise SourceError(f"TLS verification failed for {url} "
                                  "(set ca_file, or insecure = true)") from None
            raise SourceError(f"cannot connect to {url}") from None
        except (httpx.RemoteProtocolError, httpx.ReadError):
            raise SourceError(f"{url} dropped the connection mid-response") from None
        except httpx.HTTPError as error:
            raise SourceError(f"request to {url} failed ({type(error).__name__})") from None
        return response.status_code, response.headers.get("content-type", ""), response.content

    async def _get(self, path: str, params: dict[str, str]) -> tuple[int, str, bytes]:
        return await self._request("GET", path, params)

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
