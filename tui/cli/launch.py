"""Assemble a war room from its parts: used by the CLI, the tests and the benchmark."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tui.files.config import Config, PrometheusSettings
from tui.files.config_sections import check_url
from tui.files.paths import bundled
from tui.files.playbooks import load_playbooks
from tui.files.template_library import CommsTemplate, load_templates
from tui.model.checklist import newly_applying
from tui.model.clock import Clock, ReplayClock, SystemClock, replay_over
from tui.model.contacts import Roster
from tui.model.demo_story import DemoStory
from tui.model.incident import Incident, Milestone, Status
from tui.model.metrics import PaneSpec
from tui.model.pane_layout import arrange
from tui.model.playbook import Playbook
from tui.model.red_panes import merged, waiting_panes
from tui.model.severity import DEFAULT_LEVELS, SeverityLevel
from tui.model.timefmt import to_iso
from tui.model.timeline import EntryKind, TimelineEntry
from tui.sources.absent import NO_PROMETHEUS, NoMetrics
from tui.sources.alert_feed import AlertFeed, discover_through
from tui.sources.alertmanager import AlertmanagerClient
from tui.sources.demo import DemoCatalog, DemoSource, load_recording
from tui.sources.demo_silences import DemoAlertmanager
from tui.sources.health import HealthChecker
from tui.sources.kubernetes import KubernetesPods
from tui.sources.prometheus import PrometheusClient
from tui.sources.prometheus_catalog import PrometheusCatalog
from tui.sources.prometheus_conventions import ConventionDetector
from tui.sources.protocols import MetricsSource
from tui.store import Store
from tui.store.location import StoreLocation
from tui.store.opening import describe, open_store
from tui.ui.context import DemoExit, WarroomContext


def _author(config: Config | None = None) -> str:
    """Who writes from this console: --as or `[user] name`, else the OS user."""
    if config is not None and config.user:
        return config.user
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def playbook_library(config: Config | None = None, shipped: Path | None = None
                     ) -> tuple[list[Playbook], list[str]]:
    """The shipped playbooks and the user's; a broken file is a problem to
    show, never a reason not to start."""
    folders = config.playbook_search_path() if config else ()
    books, errors = load_playbooks(shipped or bundled("sample_data") / "playbooks", *folders)
    return books, [str(error) for error in errors]


def template_library(config: Config | None = None, shipped: Path | None = None
                     ) -> tuple[list[CommsTemplate], list[str]]:
    """The shipped communication templates and the user's (same name wins)."""
    folders = config.template_search_path() if config else ()
    return load_templates(shipped or bundled("sample_data") / "templates", *folders)


def roster_for(config: Config | None, shipped: Path | None = None
               ) -> tuple[Roster, list[str]]:
    """The contacts roster: the config's (named, or contacts.toml beside it),
    else the shipped example for the demo (`shipped`). A broken file is a
    problem to show, and the war room starts without a roster."""
    from tui.files.contacts import RosterError, load_roster

    try:
        if config is not None:
            return load_roster(config.contacts_path(),
                               required=config.contacts_file is not None), []
        return load_roster(shipped or bundled("sample_data") / "contacts.toml"), []
    except RosterError as error:
        return Roster(), [str(error)]


@dataclass(frozen=True)
class Libraries:
    """The files every screen reads beside the database, and what in them
    could not be read: named as the context's fields."""

    playbooks: list[Playbook]
    playbook_problems: list[str]
    templates: list[CommsTemplate]
    template_problems: list[str]
    roster: Roster
    roster_problems: list[str]


def _libraries(config: Config | None, sample: Path | None = None, *,
               playbooks: bool = True) -> Libraries:
    """The config's libraries (and the shipped ones), or with `sample` the
    demo's, whatever the config says. The review attaches no playbooks."""
    books, problems = (playbook_library(config, sample / "playbooks" if sample else None)
                       if playbooks else ([], []))
    templates, template_problems = template_library(config,
                                                    sample / "templates" if sample else None)
    roster, roster_problems = roster_for(config, sample / "contacts.toml" if sample else None)
    return Libraries(books, problems, templates, template_problems, roster, roster_problems)


def _context(store: Store, incident: Incident, config: Config | None, libraries: Libraries,
             **war_room: Any) -> WarroomContext:
    """The one place a WarroomContext is made: the record, who writes, the
    severity scheme and the libraries every screen has, and what each kind
    of war room (demo, live, review) adds: its sources, panes and labels."""
    return WarroomContext(
        store=store,
        clock=store.clock,
        incident=incident,
        entries=store.timeline.entries(incident.id),
        author=_author(config),
        severity_levels=config.severity_levels if config else DEFAULT_LEVELS,
        **vars(libraries),
        **war_room,
    )


def _attach_applying(store: Store, incident: Incident, books: list[Playbook],
                     author: str) -> None:
    """A new incident starts with the playbooks that apply to it, attached
    as of its declaration (their due times count from it)."""
    store.checklists.attach(incident.id, newly_applying(books, None, incident, set()), author,
                           at=incident.milestones.get(Milestone.DECLARED))


def build_demo_context(db_path: Path | StoreLocation, *, speed: float = 1.0,
                       clock: Clock | None = None, sample: Path | None = None,
                       wall_clock: Clock | None = None, config: Config | None = None
                       ) -> WarroomContext:
    """Open the store and the recording and join the replay the database
    holds: the one playing (another war room on the file shows the same
    moment), else a new one with the demo incident as recorded. An injected
    `clock` (tests, snapshots) is the recording time itself: the demo is
    seeded if missing, never started over. Raises StoreError / SourceError
    on bad input."""
    sample = sample or bundled("sample_data")
    recording = load_recording(sample / "demo")
    wall = wall_clock or clock or SystemClock()
    replay = ReplayClock(recording.playback_start, recording.end, speed, wall) \
        if clock is None else None
    clock = clock or replay
    assert clock is not None
    store = open_store(db_path, clock)
    libraries = _libraries(None, sample)
    began, seeded = store.join_demo(
        recording.incident, recording.timeline, wall.now(),
        lambda began: not replay_over(began, wall.now(), recording.playback_start,
                                      recording.end, speed),
        restart=replay is not None)
    if replay is not None:
        replay.join(began)
    if seeded:
        _attach_applying(store, recording.incident, libraries.playbooks, "demo")
    incident = store.incidents.get(recording.incident.id)
    assert incident is not None
    source = DemoSource(recording)
    return _context(
        store, incident, config, libraries,
        metrics=source,
        alert_feed=AlertFeed(source, DemoAlertmanager(source)),
        pods=source,
        health=source,
        panes=arrange(recording.panes, store.panes.overrides()),
        configured_panes=recording.panes,
        catalog=DemoCatalog(recording),
        demo_label="DEMO" if speed == 1 else f"DEMO ×{speed:g}",
        namespace="shop",
        slos=tuple(slo.spec for slo in recording.slos),
        story=DemoStory(recording.incident.id, recording.story),
        wall_clock=wall,
        demo_exit=demo_exit(store, config or Config(), wall),
    )


def _current_incident(store: Store, clock: Clock, author: str,
                      levels: tuple[SeverityLevel, ...], books: list[Playbook]) -> Incident:
    """The open incident most recently started, or a new untitled one: an
    on-call engineer opening the war room is already in an incident."""
    for incident in store.incidents.all():
        if not incident.is_demo and incident.status not in (Status.RESOLVED, Status.CLOSED):
            return incident
    now = clock.now()
    incident = Incident(
        id=f"INC-{now:%Y%m%d-%H%M%S}",
        title="Untitled incident",
        # The middle of the ladder until someone assesses the impact.
        severity=levels[min(2, len(levels) - 1)].key,
        status=Status.INVESTIGATING,
        milestones={Milestone.STARTED: now, Milestone.DECLARED: now},
    )
    opened = TimelineEntry(0, incident.id, now, EntryKind.MILESTONE,
                           f"Incident opened in Warroom at {to_iso(now)}", author)
    store.incidents.create(incident, [opened])
    _attach_applying(store, incident, books, author)
    created = store.incidents.get(incident.id)
    assert created is not None
    return created


def starting_panes(detector: ConventionDetector | None, config: Config
                   ) -> tuple[PaneSpec, ...]:
    """The panes of the first paint: the config's, after placeholders for
    those the detection (a worker, after the first paint) will build, or
    that say no Prometheus is configured."""
    if not config.default_panes:
        return config.panes
    if detector is None:
        return merged(waiting_panes(NO_PROMETHEUS), config.panes)
    return merged(waiting_panes(), config.panes)


def _with_url(settings: PrometheusSettings | None, url: str, flag: str
              ) -> PrometheusSettings | None:
    """A URL from the command line overrides the config's and keeps its
    other settings."""
    if not url:
        return settings
    url = check_url(url, flag)
    return replace(settings, url=url) if settings else PrometheusSettings(url=url)


def alert_feed(metrics: MetricsSource, prometheus: PrometheusSettings | None,
               alertmanager: PrometheusSettings | None) -> AlertFeed:
    """Alerts from the configured Alertmanager, else the one Prometheus
    names, else Prometheus's rules."""
    if alertmanager is not None:
        return AlertFeed(metrics, AlertmanagerClient(alertmanager))
    return AlertFeed(metrics, discover=discover_through(metrics, prometheus)
                     if prometheus else None)


def build_live_context(db_path: Path | StoreLocation, config: Config, *, prometheus_url: str = "",
                       alertmanager_url: str = "", clock: Clock | None = None
                       ) -> WarroomContext:
    """A war room on a real Prometheus and/or Kubernetes: `prometheus_url`
    (from --prometheus) and `alertmanager_url` (--alertmanager) override the
    config file's URLs and keep their other settings."""
    settings = _with_url(config.prometheus, prometheus_url, "--prometheus")
    am_settings = _with_url(config.alertmanager, alertmanager_url, "--alertmanager")
    if settings is None and am_settings is None and config.kubernetes is None:
        raise ValueError("build_live_context needs a Prometheus or Alertmanager URL, "
                         "or Kubernetes settings")
    clock = clock or SystemClock()
    store = open_store(db_path, clock)
    books, _ = playbook_library(config)
    incident = _current_incident(store, clock, _author(config), config.severity_levels, books)
    return _live_context(store, config, incident, settings, am_settings)


def build_local_copy_context(db_path: Path, incident_id: str, config: Config, *,
                            prometheus_url: str = "", alertmanager_url: str = "",
                            clock: Clock | None = None) -> WarroomContext | None:
    """The war room on a local copy's incident (`warroom sync --pull`),
    whatever its status, with the sources the config names (reachable or
    not: the notes go on), saying above all that it is a local copy. None
    when the copy no longer holds the incident."""
    store = open_store(db_path, clock or SystemClock())
    try:
        incident = store.incidents.get(incident_id)
        copy = store.local_copy(incident_id)
    except BaseException:
        store.close()
        raise
    if incident is None or copy is None:
        store.close()
        return None
    context = _live_context(store, config,
                            incident, _with_url(config.prometheus, prometheus_url, "--prometheus"),
                            _with_url(config.alertmanager, alertmanager_url, "--alertmanager"))
    context.local_copy = copy.banner()
    return context


def _live_context(store: Store, config: Config, incident: Incident,
                  settings: PrometheusSettings | None,
                  am_settings: PrometheusSettings | None) -> WarroomContext:
    """The war room the config describes, on `incident`; with nothing
    configured, panes that say so (the demo left for a real incident)."""
    clock = store.clock
    kube = config.kubernetes
    client = PrometheusClient(settings) if settings else None
    detector = ConventionDetector(client) if client and config.default_panes else None
    configured = starting_panes(detector, config)
    metrics: MetricsSource = client or NoMetrics()
    return _context(
        store, incident, config, _libraries(config),
        metrics=metrics,
        alert_feed=alert_feed(metrics, settings, am_settings),
        pods=KubernetesPods(kube, clock.now) if kube else None,
        health=HealthChecker(config.health) if config.health else None,
        panes=arrange(configured, store.panes.overrides()),
        configured_panes=configured,
        detector=detector,
        config_panes=config.panes,
        catalog=PrometheusCatalog(settings) if settings else None,
        refresh_seconds=settings.refresh_seconds if settings else 15.0,
        namespace=kube.namespaces[0] if kube and kube.namespaces else "",
        escalation=config.escalation,
        slos=config.slos,
        wall_clock=clock,
    )


def demo_exit(store: Store, config: Config, wall: Clock) -> DemoExit:
    """Leaving the demo for the war room `config` describes (its Prometheus,
    cluster and SLOs, or none), on the same database in the time of day:
    none of the recording's charts, pods or SLO come along."""
    real = store.on_clock(wall)
    return DemoExit(real, lambda incident: _live_context(real, config, incident,
                                                         config.prometheus,
                                                         config.alertmanager))


class ReviewError(Exception):
    """An incident that cannot be reviewed (not in the database); says why."""


def _incident_to_review(store: Store, wanted: str | None) -> tuple[Incident | None, str]:
    """The incident asked for; by default the one most recently resolved
    (by when it was resolved, not when it was declared), else the most
    recent, with a line that says there was none resolved to review."""
    if wanted:
        incident = store.incidents.get(wanted)
        if incident is None:
            raise ReviewError(f"no incident {wanted} (warroom incidents lists them)")
        return incident, ""
    incidents = store.incidents.all()
    closed = sorted((i for i in incidents if i.status in (Status.RESOLVED, Status.CLOSED)),
                    key=lambda i: i.ended_at or i.started_at, reverse=True)
    if closed:
        return closed[0], ""
    if not incidents:
        return None, ""
    latest = incidents[0]
    return latest, (f"No resolved incident to review: this is {latest.id}, still "
                    f"{latest.status.label.lower()}.")


def build_review_context(db_path: Path | StoreLocation, incident_id: str | None = None,
                         config: Config | None = None, *, clock: Clock | None = None,
                         sample: Path | None = None) -> WarroomContext:
    """A past incident for review: its record, and its panes and pods as
    stored. No source is built, so nothing reaches a cluster or a
    Prometheus. On an empty database the demo incident is seeded; the demo
    never replayed here gets its recording stored, so the review has the
    whole story. Raises ReviewError, StoreError, SourceError."""
    clock = clock or SystemClock()
    store = open_store(db_path, clock, read_only_ok=True)
    try:
        incident, notice = _incident_to_review(store, incident_id)
        if store.read_only and incident is None:
            raise ReviewError(f"no incident to review in {describe(db_path)}, and it is read-only: "
                              "the demo cannot be added to it")
        if incident is None or (incident.is_demo and not store.read_only
                                and store.archives.last_stored_at(incident.id) is None):
            incident = _seed_demo_history(store, sample or bundled("sample_data"), incident)
    except BaseException:
        store.close()
        raise
    return _context(
        store, incident, config, _libraries(config, playbooks=False),
        metrics=NoMetrics(),
        pods=None,
        health=None,
        panes=store.archives.metric_panes(incident.id),
        demo_label="REVIEW",
        local_copy=copy.banner() if (copy := store.local_copy(incident.id)) else "",
        pods_absent="No pod states were stored with this incident.",
        review_notice=notice,
    )


def _seed_demo_history(store: Store, sample: Path, incident: Incident | None) -> Incident:
    from tui.cli.demo_archive import archive_recording

    recording = load_recording(sample / "demo")
    if incident is None:
        books, _ = playbook_library(shipped=sample / "playbooks")
        if store.incidents.create(recording.incident, recording.timeline, if_missing=True):
            _attach_applying(store, recording.incident, books, "demo")
    archive_recording(store, recording, recording.incident.id)
    # The whole story: the review has the resolution and its elapsed time.
    store.play_story(DemoStory(recording.incident.id, recording.story), recording.end)
    seeded = store.incidents.get(recording.incident.id)
    assert seeded is not None
    return seeded
