"""Parse Alertmanager API v2 answers (shapes: api/v2/openapi.yaml in
prometheus/alertmanager) into model alerts and silences, outside text made
safe; and the Alertmanagers Prometheus names in /api/v1/alertmanagers."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from tui.model.alerts import Alert
from tui.model.safe_text import printable
from tui.model.silences import Matcher, NewSilence, Silence
from tui.model.timefmt import to_iso
from tui.sources import SourceError
from tui.sources.prometheus_auth import refused
from tui.sources.prometheus_parse import as_object, parse_rfc3339

_MISSING = object()


def decode_alertmanager(status: int, content_type: str, body: bytes) -> Any:
    """One HTTP answer → its JSON, or a SourceError with Alertmanager's own
    words: a 400 is a JSON string ("silence invalid: …"), a 422 an object
    with a message, a 500 a string again."""
    try:
        payload: Any = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        payload = _MISSING
    if status in (401, 403):
        raise SourceError(refused(status))
    looks_html = "html" in content_type or body.lstrip()[:1] == b"<"
    if payload is _MISSING and looks_html:
        raise SourceError(f"HTTP {status}: an HTML page, not the Alertmanager API "
                          "(is the URL right?)")
    if status >= 400:
        if isinstance(payload, dict) and "message" in payload:
            payload = payload["message"]
        words = (str(payload) if payload is not _MISSING
                 else body[:200].decode("utf-8", "replace").strip())
        raise SourceError(f"HTTP {status}: {printable(words) or 'empty body'}")
    if payload is _MISSING:
        raise SourceError(f"HTTP {status}: malformed or truncated JSON ({len(body)} bytes)")
    return payload


def _texts(raw: Any) -> dict[str, str]:
    # A label set of another shape reads as none (as Prometheus's alerts do).
    if not isinstance(raw, dict):
        return {}
    return {printable(str(k)): printable(str(v)) for k, v in raw.items()}


def _ids(raw: Any) -> tuple[str, ...]:
    return tuple(printable(str(item)) for item in raw) if isinstance(raw, list) else ()


def _time(raw: Any) -> datetime | None:
    try:
        return parse_rfc3339(str(raw)) if raw else None
    except ValueError:
        return None


def _state(raw: str) -> str:
    # "active" is firing; "unprocessed" has just arrived and is firing
    # until Alertmanager has checked its silences and inhibitions.
    return {"active": "firing", "unprocessed": "firing"}.get(raw, raw)


def parse_silences(payload: Any) -> dict[str, Silence]:
    """`GET /api/v2/silences` → silences by id."""
    if not isinstance(payload, list):
        raise SourceError("silences response is not a list")
    found = {}
    for raw in payload:
        if not isinstance(raw, dict) or not raw.get("id"):
            raise SourceError("malformed silence entry")
        matchers = tuple(
            Matcher(printable(str(m.get("name", ""))), printable(str(m.get("value", ""))),
                    bool(m.get("isRegex")), m.get("isEqual", True) is not False)
            for m in raw.get("matchers") or [] if isinstance(m, dict))
        status = as_object(raw.get("status"))
        silence = Silence(printable(str(raw["id"])), printable(str(status.get("state", ""))),
                          matchers, _time(raw.get("startsAt")), _time(raw.get("endsAt")),
                          printable(str(raw.get("createdBy", ""))),
                          printable(str(raw.get("comment", ""))))
        found[silence.id] = silence
    return found


def silence_ids(payload: Any) -> set[str]:
    """The silences any alert of a `GET /api/v2/alerts` answer is silenced by."""
    if not isinstance(payload, list):
        return set()
    return {silence for raw in payload if isinstance(raw, dict)
            for silence in _ids(as_object(raw.get("status")).get("silencedBy"))}


def parse_am_alerts(payload: Any, silences: dict[str, Silence]) -> tuple[Alert, ...]:
    """`GET /api/v2/alerts` → alerts, each silenced one with the silence that
    ends last (its author, end and comment)."""
    if not isinstance(payload, list):
        raise SourceError("alerts response is not a list")
    alerts = []
    for raw in payload:
        if not isinstance(raw, dict):
            raise SourceError("malformed alert entry")
        labels = _texts(raw.get("labels"))
        annotations = _texts(raw.get("annotations"))
        status = as_object(raw.get("status"))
        silenced_by = _ids(status.get("silencedBy"))
        known = [silences[i] for i in silenced_by if i in silences]
        last = max(known, key=lambda s: s.ends_at.timestamp() if s.ends_at else 0.0,
                   default=None)
        alerts.append(Alert(
            name=labels.get("alertname", "?"),
            severity=labels.get("severity", ""),
            state=_state(printable(str(status.get("state", "")))),
            since=_time(raw.get("startsAt")),
            summary=annotations.get("summary") or annotations.get("description") or "",
            labels=tuple(sorted(labels.items())),
            fingerprint=printable(str(raw.get("fingerprint", ""))),
            silenced_by=silenced_by,
            inhibited_by=_ids(status.get("inhibitedBy")),
            silence_author=last.created_by if last else "",
            silence_until=last.ends_at if last else None,
            silence_comment=last.comment if last else "",
        ))
    return tuple(alerts)


def silence_body(silence: NewSilence) -> dict[str, Any]:
    """A `postableSilence`."""
    return {
        "matchers": [{"name": m.name, "value": m.value, "isRegex": m.is_regex,
                      "isEqual": m.is_equal} for m in silence.matchers],
        "startsAt": to_iso(silence.starts_at),
        "endsAt": to_iso(silence.ends_at),
        "createdBy": silence.created_by,
        "comment": silence.comment,
    }


def parse_silence_id(payload: Any) -> str:
    if not isinstance(payload, dict) or not payload.get("silenceID"):
        raise SourceError("Alertmanager did not say the new silence's id")
    return printable(str(payload["silenceID"]))


def alertmanager_base(url: str) -> str:
    """`http://am:9093/api/v2/alerts` → `http://am:9093` (a path prefix kept)."""
    cut = url.find("/api/v")
    return (url[:cut] if cut >= 0 else url).rstrip("/")


def parse_alertmanagers(payload: Any) -> tuple[str, ...]:
    """`GET /api/v1/alertmanagers` (Prometheus) → the active ones' base URLs."""
    data = payload.get("data") if isinstance(payload, dict) else None
    active = data.get("activeAlertmanagers") if isinstance(data, dict) else None
    if not isinstance(active, list):
        raise SourceError("alertmanagers response has no activeAlertmanagers list")
    urls = [alertmanager_base(str(item["url"])) for item in active
            if isinstance(item, dict) and item.get("url")]
    return tuple(dict.fromkeys(urls))
