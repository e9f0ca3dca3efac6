"""Alertmanager silences: the matchers typed in the silence dialog, the
silence they make, and the lines the timeline gets for it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from tui.model.alerts import Alert
from tui.model.timefmt import parse_delay

_LABEL_NAME = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
# The operator after the label name; the longest first so "=~" is not "=".
_OPERATORS = (("=~", True, True), ("!~", True, False), ("!=", False, False), ("=", False, True))


@dataclass(frozen=True)
class Matcher:
    name: str
    value: str
    is_regex: bool = False
    is_equal: bool = True

    @property
    def operator(self) -> str:
        return next(op for op, regex, equal in _OPERATORS
                    if regex == self.is_regex and equal == self.is_equal)

    def text(self) -> str:
        """PromQL style, as Alertmanager and amtool write it: `service="checkout"`."""
        value = self.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'{self.name}{self.operator}"{value}"'

    def matches(self, labels: dict[str, str]) -> bool:
        """As Alertmanager matches: a missing label is the empty string, and
        a regex must match the whole value."""
        value = labels.get(self.name, "")
        found = (re.fullmatch(self.value, value) is not None if self.is_regex
                 else value == self.value)
        return found == self.is_equal


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] == '"':
        inner = text[1:-1]
        return re.sub(r'\\(.)', lambda m: "\n" if m.group(1) == "n" else m.group(1), inner)
    return text


def parse_matchers(text: str) -> tuple[Matcher, ...]:
    """One matcher a line (`name=value`, `name=~regex`, `!=`, `!~`; the value
    may be quoted). Raises ValueError naming the line."""
    matchers = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        name_match = _LABEL_NAME.match(line)
        if name_match is None:
            raise ValueError(f"line {number}: start with a label name, e.g. service=checkout")
        rest = line[name_match.end():].lstrip()
        for op, is_regex, is_equal in _OPERATORS:
            if rest.startswith(op):
                value = _unquote(rest[len(op):].strip())
                if is_regex:
                    try:
                        re.compile(value)
                    except re.error as error:
                        raise ValueError(f"line {number}: bad regex ({error})") from None
                matchers.append(Matcher(name_match.group(), value, is_regex, is_equal))
                break
        else:
            raise ValueError(f"line {number}: use name=value, name=~regex, != or !~")
    if not matchers:
        raise ValueError("give at least one matcher, e.g. alertname=CheckoutHighErrorRate")
    return tuple(matchers)


def matchers_text(alert: Alert) -> str:
    """The dialog's first guess: every label of the alert, one a line."""
    return "\n".join(Matcher(name, value).text() for name, value in alert.labels)


def describe(matchers: tuple[Matcher, ...]) -> str:
    """`CheckoutHighErrorRate {service="checkout"}`: the alertname, then the rest."""
    name = next((m.value for m in matchers
                 if m.name == "alertname" and m.operator == "="), "")
    rest = [m.text() for m in matchers if not (m.name == "alertname" and m.operator == "=")]
    braces = "{" + ", ".join(rest) + "}" if rest else ""
    return " ".join(part for part in (name, braces) if part) or "{}"


def format_span(span: timedelta) -> str:
    """`2h`, `1h30m`, `45m`, `1d2h`: how long a silence lasts."""
    minutes = int(span.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "",
             f"{minutes}m" if minutes else ""]
    return "".join(parts) or f"{int(span.total_seconds())}s"


@dataclass(frozen=True)
class SilenceDraft:
    """The dialog's fields as typed: given back whole when Alertmanager
    refuses the silence."""

    matchers: str
    duration: str
    comment: str


@dataclass(frozen=True)
class NewSilence:
    matchers: tuple[Matcher, ...]
    starts_at: datetime
    ends_at: datetime
    created_by: str
    comment: str

    @property
    def span(self) -> timedelta:
        return self.ends_at - self.starts_at


def read_draft(draft: SilenceDraft, now: datetime, author: str) -> NewSilence:
    """The silence a draft asks for, starting now. Raises ValueError saying
    which field is wrong."""
    matchers = parse_matchers(draft.matchers)
    span = parse_delay(draft.duration)
    if span is None or span <= timedelta(0):
        raise ValueError(f"duration {draft.duration.strip()!r}: use e.g. 30m, 2h or 1h30m")
    if not draft.comment.strip():
        raise ValueError("a comment is required: why is it silenced?")
    return NewSilence(matchers, now, now + span, author or "warroom", draft.comment.strip())


@dataclass(frozen=True)
class Silence:
    id: str
    state: str  # "active", "pending" or "expired"
    matchers: tuple[Matcher, ...]
    starts_at: datetime | None
    ends_at: datetime | None
    created_by: str
    comment: str


def silenced_line(silence: NewSilence, silence_id: str) -> str:
    return (f"Silenced {describe(silence.matchers)} for {format_span(silence.span)}: "
            f"{silence.comment} (silence {silence_id})")


def expired_line(alert: Alert, silence_ids: tuple[str, ...]) -> str:
    service = alert.label("service")
    where = f' {{service="{service}"}}' if service else ""
    which = ", ".join(silence_ids)
    plural = "s" if len(silence_ids) > 1 else ""
    return f"Expired the silence{plural} of {alert.name}{where} (silence{plural} {which})"
