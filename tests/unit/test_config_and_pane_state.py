"""The config file (validated, secrets by reference) and the pane state
rules (stale since the first failure, backoff, recovery)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.factories import T0
from tui.files.config import ConfigError, Secret, SecretRef, load_config, parse_config
from tui.model.metrics import MetricSnapshot, Unit
from tui.model.pane_state import MAX_BACKOFF_SECONDS, PaneState
from tui.model.severity import DEFAULT_LEVELS, SEV_LEVELS, SeverityLevel
from tui.model.targets import DEFAULT_TARGETS, ResponseTargets, Target

GOOD = """
[prometheus]
url = "https://mimir.internal/prometheus/"
refresh_seconds = 30
bearer_token_env = "MIMIR_TOKEN"
headers = { "X-Scope-OrgID" = "tenant-1" }

[[panes]]
id = "queue"
title = "Queue depth"
unit = "count"
warning = 100
critical = 1000
queries = [{ expr = "sum(queue_depth)", legend = "depth" }]

[[health]]
name = "checkout"
url = "http://checkout.internal/health"
body_contains = "ok"
"""


def test_a_full_config_is_read(tmp_path: Path) -> None:
    config = parse_config(GOOD, tmp_path / "config.toml")
    assert config.prometheus is not None
    assert config.prometheus.url == "https://mimir.internal/prometheus"
    assert config.prometheus.refresh_seconds == 30
    assert config.prometheus.headers == (("X-Scope-OrgID", "tenant-1"),)
    assert config.prometheus.bearer_token == SecretRef(env="MIMIR_TOKEN")
    (queue,) = config.panes
    assert queue.unit is Unit.COUNT and queue.thresholds.critical == 1000
    assert config.health[0].body_contains == "ok"


@pytest.mark.parametrize(("text", "message"), [
    ('[prometheus]\nurl = "ftp://x"\n', r"is not an http\(s\) URL"),
    ('[prometheus]\nurl = "http://x"\ntimeout_seconds = "ten"\n',
     "timeout_seconds must be a number"),
    ('[prometheus]\nurl = "http://x"\ntimeout_seconds = 0\n', "must be greater than 0"),
    ('[prometheus]\nurl = "http://x"\nbearer_token_env = "A"\nusername = "u"\n'
     'password_env = "B"\n', "not both"),
    ('[prometheus]\nurl = "http://x"\nusername = "u"\n', "needs both username and password"),
    ('[prometheus]\nurl = "http://x"\nbearer_token = "plaintext"\n', "unknown key 'bearer_token'"),
    ('[[panes]]\nid = "a"\ntitle = "A"\nunit = "furlongs"\nqueries = [{expr = "up"}]\n',
     "unit 'furlongs' is not one of"),
    ('[[panes]]\nid = "a"\ntitle = "A"\nqueries = []\n', "at least one query"),
    ('[[panes]]\nid = "a"\ntitle = "A"\nqueries = [{expr="up"}]\n'
     '[[panes]]\nid = "a"\ntitle = "B"\nqueries = [{expr="up"}]\n', "two panes have the id 'a'"),
    ('[prometheus\nurl = 1\n', "line 1"),
    ('[severity]\nscheme = "SEV"\n[[severity.levels]]\nkey = "S1"\n', "scheme or levels"),
    ('[severity]\nscheme = "critical-ish"\n', "unknown severity scheme 'critical-ish'"),
    ('[[severity.levels]]\nkey = "S1"\nname = "x"\nupdate_every_minutes = 10\n',
     r"\[severity\] levels\[0\]: acknowledge_within is required"),
    ('[[severity.levels]]\nkey = "S1"\nname = "x"\nupdate_every_minutes = 10\n'
     'acknowledge_within = "soon"\n', "acknowledge_within: 'soon' is not a target"),
    ('[severity.targets]\nP7 = { acknowledge = "5m" }\n', r"no level 'P7' \(levels: P1, P2"),
    ('[severity.targets]\nP1 = { acknowledge = "5m", acknowledge_minutes = 5 }\n',
     "not both"),
    ('[[escalation]]\nwho = "VP"\n', r"\[\[escalation\]\] #1: after is required"),
    ('[[escalation]]\nafter = "soon"\nwho = "VP"\n', "'soon' is not a delay"),
    ('[[escalation]]\nafter = "5m"\nwho = "VP"\n[[escalation]]\nafter = "9m"\nwho = "vp"\n',
     "each step needs its own who"),
    ('[[slo]]\nid = "a"\nobjective = 99.9\ngood = "sum(rate(x[5m]))"\ntotal = "x"\n',
     "good: 'sum.*is not a counter selector"),
    ('[[slo]]\nid = "a"\nobjective = 100\ngood = "x"\ntotal = "y"\n', "between 0 and 100"),
    ('[[slo]]\nid = "a"\nobjective = 99\ngood = "x"\n', "total is required"),
    ('[contacts]\npath = "c.toml"\n', r"\[contacts\]: unknown key 'path'"),
    ('[[severity.levels]]\nkey = "S1"\nname = "a"\nupdate_every_minutes = 10\n'
     'acknowledge_within_minutes = 5\n[[severity.levels]]\nkey = "S1"\nname = "b"\n'
     'update_every_minutes = 10\nacknowledge_within_minutes = 5\n', "its own key"),
    ('[playbooks]\nfolders = "mine"\n', r"\[playbooks\]: folders must be a list"),
    ('[playbooks]\nfolder = ["mine"]\n', r"\[playbooks\]: unknown key 'folder'"),
])
def test_bad_config_names_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    with pytest.raises(ConfigError, match=message) as caught:
        parse_config(text, path)
    assert str(path) in str(caught.value)


def test_severity_scheme_by_name_or_listed(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert parse_config("", path).severity_levels == DEFAULT_LEVELS
    assert parse_config('[severity]\nscheme = "sev"\n', path).severity_levels == SEV_LEVELS
    listed = parse_config('[[severity.levels]]\nkey = "SEV0"\nname = "Emergency"\n'
                          'update_every_minutes = 10\nacknowledge_within_minutes = 5\n', path)
    assert listed.severity_levels == (SeverityLevel(
        "SEV0", "Emergency", "", 10, ResponseTargets(Target(5), DEFAULT_TARGETS[0].resolve)),)


def test_response_targets_are_configurable_by_level_or_by_key(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    levels = parse_config("", path).severity_levels
    # The runbooks' defaults: respond within 15 min, 1 h, 4 h, next business day.
    assert [item.targets.acknowledge.describe() for item in levels] == [
        "15 min", "1 h", "4 h", "next business day"]
    changed = parse_config('[severity]\nscheme = "SEV"\n[severity.targets]\n'
                           'SEV2 = { acknowledge = "30m", resolve = "2 business days" }\n',
                           path).severity_levels
    assert changed[1].targets == ResponseTargets(Target(30), Target(business_days=2))
    assert changed[0].targets == levels[0].targets
    listed = parse_config('[[severity.levels]]\nkey = "S0"\nname = "Emergency"\n'
                          'update_every_minutes = 10\nacknowledge_within = "5m"\n'
                          'resolve_within = "1h"\n', path).severity_levels
    assert listed[0].targets == ResponseTargets(Target(5), Target(60))


def test_escalation_ladder_contacts_file_and_slos(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    default = parse_config("", path)
    assert [step.who for step in default.escalation] == [
        "on-call", "tech lead", "engineering manager", "VP engineering", "CTO"]
    assert default.contacts_path() == tmp_path / "contacts.toml"
    assert default.slos == ()
    config = parse_config(
        '[[escalation]]\nafter = "0"\nwho = "primary"\n'
        '[[escalation]]\nafter = "20m"\nwho = "director"\ncontact = "Ana Ruiz"\n'
        'severities = ["P1"]\n'
        '[contacts]\nfile = "people/roster.toml"\n'
        '[[slo]]\nid = "avail"\nservice = "checkout"\nobjective = 99.5\nwindow_days = 28\n'
        'good = \'http_requests_total{status!~"5.."}\'\ntotal = "http_requests_total"\n', path)
    assert [(step.after.total_seconds(), step.who, step.contact, step.severities)
            for step in config.escalation] == [(0, "primary", "", ()),
                                               (1200, "director", "Ana Ruiz", ("P1",))]
    assert config.contacts_path() == tmp_path / "people" / "roster.toml"
    assert config.slos[0].objective == pytest.approx(0.995)
    assert config.slos[0].window_days == 28
    assert config.slos[0].good == 'http_requests_total{status!~"5.."}'


def test_playbook_folders_are_read_beside_the_config_and_where_it_says(
        tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    config = parse_config('[playbooks]\nfolders = ["team", "/srv/runbooks"]\n', path)
    # Beside the config first; the listed ones after it, so they win on the same id.
    assert config.playbook_search_path() == (tmp_path / "playbooks", tmp_path / "team",
                                             Path("/srv/runbooks"))


def test_secrets_never_print_and_are_read_from_their_file(tmp_path: Path) -> None:
    secret = Secret("hunter2")
    assert "hunter2" not in repr(secret) and "hunter2" not in str(secret)
    token = tmp_path / "token"
    token.write_text("hunter2\n")
    assert SecretRef(file=str(token)).resolve("x").reveal() == "hunter2"
    with pytest.raises(ConfigError, match="cannot read"):
        SecretRef(file=str(tmp_path / "absent")).resolve("x")


def test_config_file_lookup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("WARROOM_CONFIG", raising=False)
    assert load_config(None).prometheus is None  # no file: the demo
    path = tmp_path / "mine.toml"
    path.write_text('[prometheus]\nurl = "http://prom:9090"\n')
    monkeypatch.setenv("WARROOM_CONFIG", str(path))
    config = load_config(None)
    assert config.prometheus is not None and config.prometheus.url == "http://prom:9090"
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(tmp_path / "missing.toml")


def test_pane_goes_stale_backs_off_and_recovers() -> None:
    state = PaneState()
    assert state.due(T0) and not state.stale
    good = MetricSnapshot("p", (), T0, 3600)
    state = state.succeeded(good)
    state = state.failed("timed out after 10s", T0, 15)
    assert state.stale and state.stale_since == T0 and state.snapshot is good
    assert not state.due(T0 + timedelta(seconds=14)) and state.due(T0 + timedelta(seconds=15))
    later = T0 + timedelta(seconds=15)
    state = state.failed("cannot connect", later, 15)
    assert state.stale_since == T0  # stale since the first failure
    assert state.retry_at == later + timedelta(seconds=30)
    for _ in range(10):
        state = state.failed("cannot connect", later, 15)
    assert state.retry_at == later + timedelta(seconds=MAX_BACKOFF_SECONDS)
    recovered = state.succeeded(good)
    assert not recovered.stale and recovered.error == "" and recovered.due(later)
