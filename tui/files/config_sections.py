"""The config file's sections, each read and checked into what it
configures: Prometheus and Kubernetes settings, panes, health checks,
severity levels, the escalation ladder and SLOs. Every refusal names the
file and the key (tui/files/config.py reads the file and puts them together)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tui.model.response import DEFAULT_LADDER, EscalationStep
from tui.model.severity import DEFAULT_LEVELS, SeverityLevel, scheme
from tui.model.targets import ResponseTargets, Target, default_targets, parse_target
from tui.model.timefmt import parse_delay
from tui.sources.settings import (
    ConfigError,
    KubernetesSettings,
    PrometheusSettings,
    SecretRef,
)

if TYPE_CHECKING:
    # Imported where a config names panes, checks or SLOs (see config.py).
    from tui.model.health import HealthCheck
    from tui.model.metrics import PaneSpec
    from tui.model.slo import SloSpec

@dataclass
class SectionReader:
    """Typed access to one TOML table, with errors that name file and key."""

    where: str
    raw: dict[str, Any]
    used: set[str] = field(default_factory=set)

    def _get(self, key: str, kinds: tuple[type, ...], label: str, default: Any) -> Any:
        self.used.add(key)
        if key not in self.raw:
            return default
        value = self.raw[key]
        # bool is an int in Python, and a number is never a bool here.
        if isinstance(value, bool) and bool not in kinds:
            raise ConfigError(f"{self.where}: {key} must be {label}")
        if not isinstance(value, kinds):
            raise ConfigError(f"{self.where}: {key} must be {label}")
        return value

    def text(self, key: str, default: str = "") -> str:
        return str(self._get(key, (str,), "a string", default))

    def number(self, key: str, default: float | None = None, *, positive: bool = False
               ) -> float | None:
        value = self._get(key, (int, float), "a number", default)
        if value is not None and positive and value <= 0:
            raise ConfigError(f"{self.where}: {key} must be greater than 0")
        return None if value is None else float(value)

    def flag(self, key: str, default: bool = False) -> bool:
        return bool(self._get(key, (bool,), "true or false", default))

    def table(self, key: str) -> dict[str, Any]:
        return dict(self._get(key, (dict,), "a table", {}))

    def tables(self, key: str) -> list[dict[str, Any]]:
        value = self._get(key, (list,), "a list of tables", [])
        if not all(isinstance(item, dict) for item in value):
            raise ConfigError(f"{self.where}: {key} must be a list of tables")
        return list(value)

    def require(self, key: str) -> None:
        if key not in self.raw:
            raise ConfigError(f"{self.where}: {key} is required")

    def finish(self) -> None:
        unknown = sorted(set(self.raw) - self.used)
        if unknown:
            raise ConfigError(f"{self.where}: unknown key {unknown[0]!r}")


def _secret_ref(reader: SectionReader, prefix: str) -> SecretRef | None:
    env, file = reader.text(f"{prefix}_env"), reader.text(f"{prefix}_file")
    if env and file:
        raise ConfigError(f"{reader.where}: give {prefix}_env or {prefix}_file, not both")
    return SecretRef(env=env, file=file) if env or file else None


def check_url(url: str, where: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{where}: {url!r} is not an http(s) URL")
    if parts.username or parts.password:
        # A password in a URL ends up in logs and error messages.
        raise ConfigError(f"{where}: put credentials in username/password_env, not the URL")
    return url.rstrip("/")


def prometheus_settings(raw: dict[str, Any], where: str) -> PrometheusSettings:
    reader = SectionReader(where, raw)
    reader.require("url")
    headers = reader.table("headers")
    for name, value in headers.items():
        if not isinstance(value, str):
            raise ConfigError(f"{where}: headers.{name} must be a string")
    settings = PrometheusSettings(
        url=check_url(reader.text("url"), where),
        refresh_seconds=reader.number("refresh_seconds", 15.0, positive=True) or 15.0,
        timeout_seconds=reader.number("timeout_seconds", 10.0, positive=True) or 10.0,
        bearer_token=_secret_ref(reader, "bearer_token"),
        username=reader.text("username"),
        password=_secret_ref(reader, "password"),
        ca_file=reader.text("ca_file"),
        insecure=reader.flag("insecure"),
        headers=tuple(sorted(headers.items())),
    )
    if settings.bearer_token and (settings.username or settings.password):
        raise ConfigError(f"{where}: use a bearer token or basic auth, not both")
    if bool(settings.username) != bool(settings.password):
        raise ConfigError(f"{where}: basic auth needs both username and password_env/_file")
    reader.finish()
    return settings


def listed_names(reader: SectionReader, key: str) -> tuple[str, ...]:
    value = reader._get(key, (list,), "a list of strings", [])
    if not all(isinstance(item, str) and item for item in value):
        raise ConfigError(f"{reader.where}: {key} must be a list of strings")
    return tuple(dict.fromkeys(value))


def kubernetes_settings(raw: dict[str, Any], where: str) -> KubernetesSettings:
    reader = SectionReader(where, raw)
    settings = KubernetesSettings(
        kubeconfig=reader.text("kubeconfig"),
        contexts=listed_names(reader, "contexts"),
        namespaces=listed_names(reader, "namespaces"),
        label_selector=reader.text("label_selector"),
    )
    reader.finish()
    return settings


def pane_spec(raw: dict[str, Any], where: str) -> PaneSpec:
    from tui.model.metrics import UNIT_ALIASES, PaneSpec, QuerySpec, Thresholds, Unit, unit_named

    reader = SectionReader(where, raw)
    for key in ("id", "title", "queries"):
        reader.require(key)
    unit_name = reader.text("unit", "count")
    unit = unit_named(unit_name)
    if unit is None:
        names = ", ".join([u.value for u in Unit] + list(UNIT_ALIASES))
        raise ConfigError(f"{where}: unit {unit_name!r} is not one of {names}")
    queries = []
    for index, query in enumerate(reader.tables("queries")):
        query_reader = SectionReader(f"{where} queries[{index}]", query)
        query_reader.require("expr")
        queries.append(QuerySpec(query_reader.text("expr"), query_reader.text("legend")))
        query_reader.finish()
    if not queries:
        raise ConfigError(f"{where}: queries must list at least one query")
    spec = PaneSpec(
        id=reader.text("id"),
        title=reader.text("title"),
        unit=unit,
        queries=tuple(queries),
        thresholds=Thresholds(reader.number("warning"), reader.number("critical")),
        headline=reader.text("headline"),
    )
    reader.finish()
    return spec


def health_check(raw: dict[str, Any], where: str) -> HealthCheck:
    from tui.model.health import HealthCheck

    reader = SectionReader(where, raw)
    reader.require("name")
    reader.require("url")
    check = HealthCheck(
        name=reader.text("name"),
        url=check_url(reader.text("url"), where),
        expect_status=int(reader.number("expect_status", 200) or 200),
        body_contains=reader.text("body_contains"),
        timeout_seconds=reader.number("timeout_seconds", 5.0, positive=True) or 5.0,
    )
    reader.finish()
    return check


def _target(reader: SectionReader, key: str, default: Target) -> Target:
    """`key = "15m"` (or `key_minutes = 15`, the older form)."""
    text = reader.text(key)
    minutes = reader.number(f"{key}_minutes", positive=True)
    if text and minutes is not None:
        raise ConfigError(f"{reader.where}: give {key} or {key}_minutes, not both")
    if minutes is not None:
        return Target(int(minutes))
    if not text:
        return default
    try:
        return parse_target(text)
    except ValueError as error:
        raise ConfigError(f"{reader.where}: {key}: {error}") from None


def severity_levels(raw: dict[str, Any], where: str) -> tuple[SeverityLevel, ...]:
    """`scheme = "P" | "SEV"`, or `[[severity.levels]]` listed most severe
    first; `[severity.targets]` changes the targets of levels by key."""
    reader = SectionReader(where, raw)
    name = reader.text("scheme")
    listed = reader.tables("levels")
    overrides = reader.table("targets")
    reader.finish()
    if name and listed:
        raise ConfigError(f"{where}: give scheme or levels, not both")
    if name:
        try:
            levels = list(scheme(name))
        except ValueError as error:
            raise ConfigError(f"{where}: {error}") from None
    elif listed:
        levels = [_listed_level(index, item, where) for index, item in enumerate(listed)]
    else:
        levels = list(DEFAULT_LEVELS)
    keys = [item.key for item in levels]
    duplicate = next((key for key in keys if keys.count(key) > 1), None)
    if duplicate is not None or not all(keys):
        raise ConfigError(f"{where}: each level needs its own key (found {duplicate!r})")
    for key, value in overrides.items():
        if key not in keys:
            raise ConfigError(f"{where} targets: no level {key!r} (levels: {', '.join(keys)})")
        if not isinstance(value, dict):
            raise ConfigError(f"{where} targets: {key} must be a table")
        target_reader = SectionReader(f"{where} targets.{key}", value)
        index = keys.index(key)
        old = levels[index].targets
        levels[index] = replace(levels[index], targets=ResponseTargets(
            _target(target_reader, "acknowledge", old.acknowledge),
            _target(target_reader, "resolve", old.resolve)))
        target_reader.finish()
    return tuple(levels)


def _listed_level(index: int, item: dict[str, Any], where: str) -> SeverityLevel:
    item_reader = SectionReader(f"{where} levels[{index}]", item)
    for key in ("key", "name", "update_every_minutes"):
        item_reader.require(key)
    if "acknowledge_within" not in item and "acknowledge_within_minutes" not in item:
        raise ConfigError(f"{item_reader.where}: acknowledge_within is required")
    defaults = default_targets(index)
    level = SeverityLevel(
        key=item_reader.text("key").strip(),
        name=item_reader.text("name"),
        description=item_reader.text("description"),
        update_every_minutes=int(item_reader.number("update_every_minutes",
                                                    positive=True) or 0),
        targets=ResponseTargets(_target(item_reader, "acknowledge_within", defaults.acknowledge),
                                _target(item_reader, "resolve_within", defaults.resolve)),
    )
    item_reader.finish()
    return level


def escalation_ladder(raw: list[dict[str, Any]], where: str) -> tuple[EscalationStep, ...]:
    """`[[escalation]]` steps; none listed: the default ladder."""
    if not raw:
        return DEFAULT_LADDER
    steps = []
    for index, item in enumerate(raw):
        reader = SectionReader(f"{where} #{index + 1}", item)
        reader.require("after")
        reader.require("who")
        after_text = reader.text("after").strip()
        after = parse_delay(after_text)
        if after is None:
            raise ConfigError(f"{reader.where}: after = {after_text!r} is not a delay "
                              "(write 0m, 5m, 1h)")
        steps.append(EscalationStep(after=after, who=reader.text("who").strip(),
                                    contact=reader.text("contact").strip(),
                                    severities=listed_names(reader, "severities")))
        reader.finish()
    whos = [step.key for step in steps]
    duplicate = next((who for who in whos if whos.count(who) > 1), None)
    if duplicate or not all(step.who for step in steps):
        raise ConfigError(f"{where}: each step needs its own who")
    return tuple(steps)


def slo_spec(raw: dict[str, Any], where: str) -> SloSpec:
    from tui.model.slo import SloSpec, check_selector

    reader = SectionReader(where, raw)
    for key in ("id", "objective", "good", "total"):
        reader.require(key)
    objective = reader.number("objective")
    assert objective is not None
    if not 0 < objective < 100:
        raise ConfigError(f"{where}: objective is a percentage between 0 and 100 "
                          "(99.9), not including them")
    exprs = {}
    for key in ("good", "total"):
        try:
            exprs[key] = check_selector(reader.text(key))
        except ValueError as error:
            raise ConfigError(f"{where}: {key}: {error}") from None
    spec = SloSpec(
        id=reader.text("id"),
        service=reader.text("service"),
        objective=objective / 100,
        window_days=int(reader.number("window_days", 30, positive=True) or 30),
        good=exprs["good"],
        total=exprs["total"],
    )
    reader.finish()
    return spec


