"""The user's configuration: a TOML file, validated, with secrets only by
reference (the name of an environment variable, or a file to read).

    default_panes = true                # false: only your [[panes]], no panes
                                        # built from the HTTP metrics found

    [prometheus]
    url = "https://prometheus.example:9090"
    refresh_seconds = 15
    timeout_seconds = 10
    bearer_token_env = "PROM_TOKEN"     # or bearer_token_file, or
    username = "warroom"                # username + password_env / password_file
    ca_file = "/etc/ssl/internal-ca.pem"
    insecure = false
    headers = { "X-Scope-OrgID" = "tenant-1" }

    [alertmanager]                      # default: the one Prometheus sends to
    url = "https://alertmanager.example:9093"
    # the same auth, TLS, header and timeout keys as [prometheus]

    [kubernetes]
    kubeconfig = "~/.kube/config"       # default: $KUBECONFIG, then ~/.kube/config
    contexts = ["prod-eu", "prod-us"]   # default: the current context;
                                        # "in-cluster" uses the pod's service account
    namespaces = ["shop"]               # default: all namespaces
    label_selector = "tier=backend"

    [[panes]]                           # added after the error ratio, latency and
    id = "queue"                        # rate panes built from the metrics found;
                                        # id "error_ratio", "latency" or
                                        # "request_rate" replaces that one
    title = "Queue depth"
    unit = "count"                      # ratio (0–1), percent (%: 0–100), seconds (s),
                                        # ms, bytes, count, per-second (/s)
    warning = 100
    critical = 1000
    queries = [{ expr = "sum(queue_depth)", legend = "depth" }]

    [[health]]
    name = "checkout"
    url = "https://checkout.internal/health"
    body_contains = "ok"

    [playbooks]
    folders = ["~/runbooks/warroom"]    # your playbooks, after the shipped ones and
                                        # playbooks/ beside this file; same id wins

    [templates]
    folders = ["~/comms/warroom"]       # your update templates (Jinja2 .md files),
                                        # after templates/ beside this file; same name wins

    [themes]
    default = "warroom-projector"       # warroom-dark (default), warroom-light,
                                        # warroom-projector, warroom-colorblind, yours
    folders = ["~/themes/warroom"]      # your *.toml themes, after themes/ beside this file

    [severity]
    scheme = "SEV"                      # P1–P4 (default) or SEV1–SEV4; or list
    [[severity.levels]]                 # your own, most severe first:
    key = "SEV0"
    name = "Emergency"
    description = "Company-wide outage"
    update_every_minutes = 10
    acknowledge_within = "5m"           # 15m, 4h, "next business day", "3 business days"
    resolve_within = "1h"               # default: those of the shipped level of that rank
    [severity.targets]                  # or change a scheme's targets by key:
    P1 = { acknowledge = "10m", resolve = "2h" }

    [[escalation]]                      # the ladder, counted from the declaration
    after = "5m"                        # until the incident is mitigated
    who = "tech lead"
    contact = "platform-primary"        # a name, rotation or role in the roster
    severities = ["P1", "P2"]           # default: every severity
    # No [[escalation]]: on-call, tech lead after 5m, engineering manager 10m,
    # VP engineering 15m, CTO 30m, for P1 and P2 (see tui/model/response.py).

    [contacts]
    file = "contacts.toml"              # default: contacts.toml beside this file;
                                        # the format is at the top of tui/contacts.py

    [[slo]]                             # error budget spent by an incident
    id = "checkout-availability"
    service = "checkout"
    objective = 99.9                    # percent of good events
    window_days = 30
    good = 'http_requests_total{service="checkout",status!~"5.."}'
    total = 'http_requests_total{service="checkout"}'
                                        # counters: plain selectors, summed
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tui.model.health import HealthCheck
from tui.model.metrics import UNIT_ALIASES, PaneSpec, QuerySpec, Thresholds, Unit, unit_named
from tui.model.response import DEFAULT_LADDER, EscalationStep
from tui.model.severity import DEFAULT_LEVELS, SeverityLevel, scheme
from tui.model.slo import SloSpec, check_selector
from tui.model.targets import ResponseTargets, Target, default_targets, parse_target
from tui.model.timefmt import parse_delay
from tui.textfile import TomlError, load_toml

if TYPE_CHECKING:
    from tui.store.location import StoreLocation

CONFIG_ENV = "WARROOM_CONFIG"


class ConfigError(Exception):
    """A configuration the user must fix; the message names the file and key."""


class Secret:
    """A credential that never shows itself in a repr, a log or an error."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__


@dataclass(frozen=True)
class SecretRef:
    """Where a secret lives: an environment variable or a file."""

    env: str = ""
    file: str = ""

    def resolve(self, what: str) -> Secret:
        if self.env:
            value = os.environ.get(self.env)
            if value is None:
                raise ConfigError(f"{what}: environment variable {self.env} is not set")
            return Secret(value.strip())
        try:
            return Secret(Path(self.file).expanduser().read_text(encoding="utf-8").strip())
        except OSError as error:
            raise ConfigError(f"{what}: cannot read {self.file} ({error.strerror})") from error


@dataclass(frozen=True)
class PrometheusSettings:
    url: str
    refresh_seconds: float = 15.0
    timeout_seconds: float = 10.0
    bearer_token: SecretRef | None = None
    username: str = ""
    password: SecretRef | None = None
    ca_file: str = ""
    insecure: bool = False
    headers: tuple[tuple[str, str], ...] = ()


IN_CLUSTER = "in-cluster"


@dataclass(frozen=True)
class KubernetesSettings:
    kubeconfig: str = ""  # empty: $KUBECONFIG, then ~/.kube/config
    contexts: tuple[str, ...] = ()  # empty: the kubeconfig's current context
    namespaces: tuple[str, ...] = ()  # empty: all namespaces
    label_selector: str = ""


@dataclass(frozen=True)
class Config:
    prometheus: PrometheusSettings | None = None
    # None: found through Prometheus's /api/v1/alertmanagers.
    alertmanager: PrometheusSettings | None = None
    kubernetes: KubernetesSettings | None = None
    panes: tuple[PaneSpec, ...] = ()
    # Whether the error ratio, latency and rate panes are built from the
    # HTTP metrics the Prometheus holds, beside the configured panes.
    default_panes: bool = True
    health: tuple[HealthCheck, ...] = ()
    severity_levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS
    playbook_folders: tuple[Path, ...] = ()
    template_folders: tuple[Path, ...] = ()
    # The theme to start with ("" for the default) and where to find more.
    theme: str = ""
    theme_folders: tuple[Path, ...] = ()
    escalation: tuple[EscalationStep, ...] = DEFAULT_LADDER
    # The contacts roster file ("": contacts.toml beside the config file).
    contacts_file: Path | None = None
    slos: tuple[SloSpec, ...] = ()
    # `[store]`: where the war room keeps its record (None: --db or the default file).
    store: StoreLocation | None = None
    path: Path | None = None

    def contacts_path(self) -> Path:
        return self.contacts_file or self._beside("contacts.toml")

    def playbook_search_path(self) -> tuple[Path, ...]:
        """Where playbooks are read from, in order (a later one's playbook
        replaces an earlier one's of the same id): `playbooks/` beside the
        config file, then the folders it names."""
        return (self._beside("playbooks"), *self.playbook_folders)

    def template_search_path(self) -> tuple[Path, ...]:
        """Where communication templates are read from, in the same way."""
        return (self._beside("templates"), *self.template_folders)

    def theme_search_path(self) -> tuple[Path, ...]:
        """Where your themes are read from, in the same way."""
        return (self._beside("themes"), *self.theme_folders)

    def _beside(self, name: str) -> Path:
        return (self.path or default_config_path()).expanduser().parent / name


@dataclass
class _Reader:
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


def _secret_ref(reader: _Reader, prefix: str) -> SecretRef | None:
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
    reader = _Reader(where, raw)
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


def _names(reader: _Reader, key: str) -> tuple[str, ...]:
    value = reader._get(key, (list,), "a list of strings", [])
    if not all(isinstance(item, str) and item for item in value):
        raise ConfigError(f"{reader.where}: {key} must be a list of strings")
    return tuple(dict.fromkeys(value))


def kubernetes_settings(raw: dict[str, Any], where: str) -> KubernetesSettings:
    reader = _Reader(where, raw)
    settings = KubernetesSettings(
        kubeconfig=reader.text("kubeconfig"),
        contexts=_names(reader, "contexts"),
        namespaces=_names(reader, "namespaces"),
        label_selector=reader.text("label_selector"),
    )
    reader.finish()
    return settings


def pane_spec(raw: dict[str, Any], where: str) -> PaneSpec:
    reader = _Reader(where, raw)
    for key in ("id", "title", "queries"):
        reader.require(key)
    unit_name = reader.text("unit", "count")
    unit = unit_named(unit_name)
    if unit is None:
        names = ", ".join([u.value for u in Unit] + list(UNIT_ALIASES))
        raise ConfigError(f"{where}: unit {unit_name!r} is not one of {names}")
    queries = []
    for index, query in enumerate(reader.tables("queries")):
        query_reader = _Reader(f"{where} queries[{index}]", query)
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
    reader = _Reader(where, raw)
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


def _target(reader: _Reader, key: str, default: Target) -> Target:
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
    reader = _Reader(where, raw)
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
        target_reader = _Reader(f"{where} targets.{key}", value)
        index = keys.index(key)
        old = levels[index].targets
        levels[index] = replace(levels[index], targets=ResponseTargets(
            _target(target_reader, "acknowledge", old.acknowledge),
            _target(target_reader, "resolve", old.resolve)))
        target_reader.finish()
    return tuple(levels)


def _listed_level(index: int, item: dict[str, Any], where: str) -> SeverityLevel:
    item_reader = _Reader(f"{where} levels[{index}]", item)
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
        reader = _Reader(f"{where} #{index + 1}", item)
        reader.require("after")
        reader.require("who")
        after_text = reader.text("after").strip()
        after = parse_delay(after_text)
        if after is None:
            raise ConfigError(f"{reader.where}: after = {after_text!r} is not a delay "
                              "(write 0m, 5m, 1h)")
        steps.append(EscalationStep(after=after, who=reader.text("who").strip(),
                                    contact=reader.text("contact").strip(),
                                    severities=_names(reader, "severities")))
        reader.finish()
    whos = [step.key for step in steps]
    duplicate = next((who for who in whos if whos.count(who) > 1), None)
    if duplicate or not all(step.who for step in steps):
        raise ConfigError(f"{where}: each step needs its own who")
    return tuple(steps)


def slo_spec(raw: dict[str, Any], where: str) -> SloSpec:
    reader = _Reader(where, raw)
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


def parse_config(text: str, path: Path) -> Config:
    try:
        raw = load_toml(text)
    except TomlError as error:
        raise ConfigError(f"{path}: {error}") from None
    reader = _Reader(str(path), raw)
    default_panes = reader.flag("default_panes", True)
    prometheus = reader.table("prometheus")
    alertmanager = reader.table("alertmanager")
    kubernetes = reader.table("kubernetes")
    panes = tuple(
        pane_spec(pane, f"{path} [[panes]] #{index + 1}")
        for index, pane in enumerate(reader.tables("panes"))
    )
    seen: set[str] = set()
    for pane in panes:
        if pane.id in seen:
            raise ConfigError(f"{path}: two panes have the id {pane.id!r}")
        seen.add(pane.id)
    health = tuple(
        health_check(check, f"{path} [[health]] #{index + 1}")
        for index, check in enumerate(reader.tables("health"))
    )
    levels = severity_levels(reader.table("severity"), f"{path} [severity]")
    ladder = escalation_ladder(reader.tables("escalation"), f"{path} [[escalation]]")
    contacts = _Reader(f"{path} [contacts]", reader.table("contacts"))
    contacts_file = contacts.text("file")
    contacts.finish()
    slos = tuple(slo_spec(item, f"{path} [[slo]] #{index + 1}")
                 for index, item in enumerate(reader.tables("slo")))
    slo_ids = [spec.id for spec in slos]
    if len(set(slo_ids)) != len(slo_ids):
        raise ConfigError(f"{path}: two [[slo]] have the same id")
    playbook_folders = _folders(path, "playbooks", reader)
    template_folders = _folders(path, "templates", reader)
    themes = _Reader(f"{path} [themes]", reader.table("themes"))
    theme = themes.text("default")
    theme_folders = _folder_list(path, themes)
    themes.finish()
    store = _store(reader.table("store"), path) if "store" in raw else None
    reader.finish()
    return Config(
        prometheus=prometheus_settings(prometheus, f"{path} [prometheus]") if prometheus else None,
        alertmanager=(prometheus_settings(alertmanager, f"{path} [alertmanager]")
                      if "alertmanager" in raw else None),
        kubernetes=(kubernetes_settings(kubernetes, f"{path} [kubernetes]")
                    if "kubernetes" in raw else None),
        panes=panes,
        default_panes=default_panes,
        health=health,
        severity_levels=levels,
        playbook_folders=playbook_folders,
        template_folders=template_folders,
        theme=theme,
        theme_folders=theme_folders,
        escalation=ladder,
        contacts_file=_beside_config(path, contacts_file) if contacts_file else None,
        slos=slos,
        store=store,
        path=path,
    )


def _store(table: dict[str, Any], path: Path) -> StoreLocation | None:
    # Imported here: only a config with a [store] table needs the store's parsing.
    from tui.store.location import from_config

    return from_config(table, str(path))


def _beside_config(path: Path, name: str) -> Path:
    chosen = Path(name).expanduser()
    return chosen if chosen.is_absolute() else path.parent / chosen


def _folders(path: Path, table: str, reader: _Reader) -> tuple[Path, ...]:
    """`[table] folders = [...]`, the table's only key."""
    section = _Reader(f"{path} [{table}]", reader.table(table))
    folders = _folder_list(path, section)
    section.finish()
    return folders


def _folder_list(path: Path, section: _Reader) -> tuple[Path, ...]:
    """`folders = [...]`: relative ones are beside the config file."""
    return tuple(_beside_config(path, folder) for folder in _names(section, "folders"))


def default_config_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path("warroom", appauthor=False) / "config.toml"


def load_config(path: Path | None) -> Config:
    """Read `path`, or $WARROOM_CONFIG, or the user's config file if it
    exists. An explicit path that cannot be read is an error."""
    explicit = path or (Path(os.environ[CONFIG_ENV]) if os.environ.get(CONFIG_ENV) else None)
    chosen = (explicit or default_config_path()).expanduser()
    try:
        text = chosen.read_text(encoding="utf-8")
    except FileNotFoundError:
        if explicit is None:
            return Config()
        raise ConfigError(f"cannot read config {chosen}: no such file") from None
    except OSError as error:
        # A folder the user may not read (left by a sudo) is said, not
        # taken for "no config": the settings in it would be silently lost.
        raise ConfigError(f"cannot read config {chosen}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{chosen}: not UTF-8 text (a config is a TOML file)") from None
    return parse_config(text, chosen)
