"""Credentials and refusals, the same for the live client (httpx) and the
completion catalog (requests): secrets resolved at the last moment, and a
refused request explained without them."""

from __future__ import annotations

from tui.sources import SourceError
from tui.sources.settings import ConfigError, PrometheusSettings


def credentials(settings: PrometheusSettings, section: str = "prometheus"
                ) -> tuple[dict[str, str], tuple[str, str] | None]:
    """Headers to send (extra ones, and a bearer token) and the basic-auth
    pair, with the secrets read from where the config names them; errors
    name the config table (`section`) the settings came from."""
    headers = dict(settings.headers)
    basic: tuple[str, str] | None = None
    try:
        if settings.bearer_token:
            token = settings.bearer_token.resolve(f"[{section}] bearer token")
            headers["Authorization"] = f"Bearer {token.reveal()}"
        if settings.username and settings.password:
            password = settings.password.resolve(f"[{section}] password")
            basic = (settings.username, password.reveal())
    except ConfigError as error:
        raise SourceError(str(error)) from error
    return headers, basic


def refused(status: int) -> str:
    word = "unauthorized" if status == 401 else "forbidden"
    return f"HTTP {status} {word}: check the token or username/password"
