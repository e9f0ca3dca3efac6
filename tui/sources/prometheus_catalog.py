"""Metric names, label names and label values for the pane editor's
completion, discovered with prometheus-api-client.

Blocking (requests underneath): the editor calls it from thread workers.
Answers are cached for the catalog's life, since names change slowly and
a keystroke must not wait on the network twice."""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui.model.safe_text import printable
from tui.sources import SourceError
from tui.sources.prometheus_auth import credentials, refused
from tui.sources.settings import PrometheusSettings

if TYPE_CHECKING:
    import requests
    from prometheus_api_client.prometheus_connect import PrometheusConnect

# A fleet can have hundreds of thousands of values for one label (pod names);
# a dropdown needs far fewer, and matching must stay instant.
MAX_NAMES = 20_000
_STATUS = re.compile(r"HTTP Status Code (\d+)")
# One question to the API, e.g. `lambda connection: connection.all_metrics()`.
Ask = Callable[["PrometheusConnect"], Any]


class PrometheusCatalog:
    def __init__(self, settings: PrometheusSettings) -> None:
        self.settings = settings
        self._connection: PrometheusConnect | None = None
        self._cache: dict[tuple[str, str, str], tuple[str, ...]] = {}
        self._lock = threading.Lock()
        self._session: requests.Session | None = None

    def _connect(self) -> PrometheusConnect:
        # Deferred: requests and the client cost ~130 ms to import.
        import requests
        from prometheus_api_client.prometheus_connect import PrometheusConnect
        from urllib3.util.retry import Retry

        settings = self.settings
        session = requests.Session()
        # requests takes a CA bundle path, or False to skip verification.
        session.verify = False if settings.insecure else (settings.ca_file or True)
        self._session = session
        headers, auth = credentials(settings)
        return PrometheusConnect(
            url=settings.url, headers=headers, session=session,
            # One quick try: the user is typing, a retry ladder would only lag.
            retry=Retry(total=0),
            # The library annotates narrower than requests takes: `auth: tuple = None`
            # and `timeout: int`, where requests takes None and float seconds.
            auth=auth, timeout=settings.timeout_seconds,  # type: ignore[arg-type]
        )

    def metric_names(self) -> tuple[str, ...]:
        return self._cached(("metrics", "", ""), lambda c: c.all_metrics())

    def label_names(self, metric: str = "") -> tuple[str, ...]:
        # No selector: no `match[]` (the library sends `params or {}`).
        params = {"match[]": metric} if metric else {}
        return self._cached(("labels", metric, ""),
                            lambda c: c.get_label_names(params=params))

    def label_values(self, label: str, metric: str = "") -> tuple[str, ...]:
        """Values of `label` on the series of `metric`, which may be a whole
        selector such as `http_requests_total{service="cart"}`."""
        params = {"match[]": metric} if metric else {}
        return self._cached(("values", metric, label),
                            lambda c: c.get_label_values(label, params=params))

    def _cached(self, key: tuple[str, str, str], ask: Ask) -> tuple[str, ...]:
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        names = self._ask(ask)
        with self._lock:
            self._cache[key] = names
        return names

    def _ask(self, ask: Ask) -> tuple[str, ...]:
        import requests
        from prometheus_api_client.exceptions import PrometheusApiClientException

        url = self.settings.url
        try:
            if self._connection is None:
                self._connection = self._connect()
            with warnings.catch_warnings():
                # insecure = true was asked for; do not repeat it on stderr.
                warnings.simplefilter("ignore")
                found = ask(self._connection)
        except requests.exceptions.SSLError:
            raise SourceError(f"TLS verification failed for {url} "
                              "(set ca_file, or insecure = true)") from None
        except requests.exceptions.Timeout:
            raise SourceError(f"timed out after {self.settings.timeout_seconds:g}s") from None
        except requests.exceptions.ConnectionError:
            raise SourceError(f"cannot connect to {url}") from None
        except requests.exceptions.JSONDecodeError:
            raise SourceError(f"{url} did not answer as the Prometheus API") from None
        except PrometheusApiClientException as error:
            # Its message carries the response body; show the status only.
            match = _STATUS.search(str(error))
            status = int(match.group(1)) if match else 0
            if status in (401, 403):
                raise SourceError(refused(status)) from None
            raise SourceError(f"HTTP {status or '?'} from {url}") from None
        except (requests.exceptions.RequestException, KeyError, TypeError) as error:
            raise SourceError(f"request to {url} failed ({type(error).__name__})") from None
        if not isinstance(found, list):
            raise SourceError(f"{url} did not answer as the Prometheus API")
        names = sorted({printable(str(name)) for name in found})
        return tuple(names[:MAX_NAMES])

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
