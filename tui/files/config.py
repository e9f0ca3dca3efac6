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
                                        # the format is at the top of tui/files/contacts.py

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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.files.config_sections import (
    SectionReader,
    escalation_ladder,
    health_check,
    kubernetes_settings,
    listed_names,
    pane_spec,
    prometheus_settings,
    severity_levels,
    slo_spec,
)
from tui.files.textfile import TomlError, load_toml
from tui.model.response import DEFAULT_LADDER, EscalationStep
from tui.model.severity import DEFAULT_LEVELS, SeverityLevel
from tui.sources.settings import IN_CLUSTER as IN_CLUSTER
from tui.sources.settings import ConfigError as ConfigError
from tui.sources.settings import KubernetesSettings as KubernetesSettings
from tui.sources.settings import PrometheusSettings as PrometheusSettings
from tui.sources.settings import Secret as Secret
from tui.sources.settings import SecretRef as SecretRef

if TYPE_CHECKING:
    # Imported where a config names panes, checks or SLOs: `warroom` reads
    # its config before the first frame, most configs have none of them.
    from tui.model.health import HealthCheck
    from tui.model.metrics import PaneSpec
    from tui.model.slo import SloSpec
    from tui.store.location import StoreLocation

CONFIG_ENV = "WARROOM_CONFIG"



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
    # `[user] name` (or --as): who writes from this console ("": the OS user).
    user: str = ""
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


def parse_config(text: str, path: Path) -> Config:
    try:
        raw = load_toml(text)
    except TomlError as error:
        raise ConfigError(f"{path}: {error}") from None
    reader = SectionReader(str(path), raw)
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
    contacts = SectionReader(f"{path} [contacts]", reader.table("contacts"))
    contacts_file = contacts.text("file")
    contacts.finish()
    slos = tuple(slo_spec(item, f"{path} [[slo]] #{index + 1}")
                 for index, item in enumerate(reader.tables("slo")))
    slo_ids = [spec.id for spec in slos]
    if len(set(slo_ids)) != len(slo_ids):
        raise ConfigError(f"{path}: two [[slo]] have the same id")
    playbook_folders = _folders(path, "playbooks", reader)
    template_folders = _folders(path, "templates", reader)
    themes = SectionReader(f"{path} [themes]", reader.table("themes"))
    theme = themes.text("default")
    theme_folders = _folder_list(path, themes)
    themes.finish()
    store = _store(reader.table("store"), path) if "store" in raw else None
    user = SectionReader(f"{path} [user]", reader.table("user"))
    user_name = check_user_name(user.text("name"), f"{path} [user] name")
    user.finish()
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
        user=user_name,
        path=path,
    )


def check_user_name(name: str, where: str) -> str:
    """A name as entries and the header show it: one printable line."""
    from tui.model.safe_text import printable

    name = name.strip()
    if printable(name) != name or len(name) > 64:
        raise ConfigError(f"{where}: {printable(name)[:64]!r} is not a name "
                          "(one line of at most 64 printable characters)")
    return name


def _store(table: dict[str, Any], path: Path) -> StoreLocation | None:
    # Imported here: only a config with a [store] table needs the store's parsing.
    from tui.store.location import from_config

    return from_config(table, str(path))


def _beside_config(path: Path, name: str) -> Path:
    chosen = Path(name).expanduser()
    return chosen if chosen.is_absolute() else path.parent / chosen


def _folders(path: Path, table: str, reader: SectionReader) -> tuple[Path, ...]:
    """`[table] folders = [...]`, the table's only key."""
    section = SectionReader(f"{path} [{table}]", reader.table(table))
    folders = _folder_list(path, section)
    section.finish()
    return folders


def _folder_list(path: Path, section: SectionReader) -> tuple[Path, ...]:
    """`folders = [...]`: relative ones are beside the config file."""
    return tuple(_beside_config(path, folder) for folder in listed_names(section, "folders"))


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
