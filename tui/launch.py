"""Assemble a war room from its parts: used by the CLI, the tests and the benchmark."""

from __future__ import annotations

import getpass
from dataclasses import replace
from pathlib import Path

from tui.clock import Clock, ReplayClock, SystemClock
from tui.config import Config, PrometheusSettings, check_url
from tui.context import WarroomContext
from tui.model.checklist import newly_applying
from tui.model.incident import Incident, Milestone, Status
from tui.model.pane_layout import arrange
from tui.model.playbook import Playbook
from tui.model.severity import SeverityLevel
from tui.model.timefmt import to_iso
from tui.model.timeline import EntryKind, TimelineEntry
from tui.paths import bundled
from tui.playbooks import load_playbooks
from tui.sources.absent import NoMetrics
from tui.sources.demo import DemoCatalog, DemoSource, load_recording
from tui.sources.health import HealthChecker
from tui.sources.kubernetes import KubernetesPods
from tui.sources.prometheus import PrometheusClient
from tui.sources.prometheus_catalog import PrometheusCatalog
from tui.sources.prometheus_panes import default_panes
from tui.store import Store, open_database
from tui.template_library import CommsTemplate, load_templates


def _author() -> str:
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


def _attach_applying(store: Store, incident: Incident, books: list[Playbook],
                     author: str) -> None:
    """A new incident starts with the playbooks that apply to it, attached
    as of its declaration (their due times count from it)."""
    store.attach_playbooks(incident.id, newly_applying(books, None, incident, set()), author,
                           at=incident.milestones.get(Milestone.DECLARED))


def build_demo_context(db_path: Path, *, speed: float = 1.0, clock: Clock | None = None,
                       sample: Path | None = None) -> WarroomContext:
    """Open the store and the recording and seed the demo incident on first
    run. Raises StoreError / SourceError on bad input."""
    sample = sample or bundled("sample_data")
    recording = load_recording(sample / "demo")
    clock = clock or ReplayClock(recording.playback_start, recording.end, speed)
    store = Store(open_database(db_path), clock)
    books, problems = playbook_library(shipped=sample / "playbooks")
    templates, template_problems = template_library(shipped=sample / "templates")
    if store.create_incident(recording.incident, recording.timeline, if_missing=True):
        _attach_applying(store, recording.incident, books, "demo")
    incident = store.incident(recording.incident.id)
    assert incident is not None
    source = DemoSource(recording)
    return WarroomContext(
        store=store,
        metrics=source,
        pods=source,
        health=source,
        clock=clock,
        incident=incident,
        entries=store.entries(incident.id),
        panes=arrange(recording.panes, store.pane_overrides()),
        configured_panes=recording.panes,
        catalog=DemoCatalog(recording),
        playbooks=books,
        playbook_problems=problems,
        templates=templates,
        template_problems=template_problems,
        demo_label="DEMO" if speed == 1 else f"DEMO ×{speed:g}",
        author=_author(),
        namespace="shop",
    )


def _current_incident(store: Store, clock: Clock, author: str,
                      levels: tuple[SeverityLevel, ...], books: list[Playbook]) -> Incident:
    """The open incident most recently started, or a new untitled one: an
    on-call engineer opening the war room is already in an incident."""
    for incident in store.incidents():
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
    store.create_incident(incident, [opened])
    _attach_applying(store, incident, books, author)
    created = store.incident(incident.id)
    assert created is not None
    return created


def build_live_context(db_path: Path, config: Config, *, prometheus_url: str = "",
                       clock: Clock | None = None) -> WarroomContext:
    """A war room on a real Prometheus and/or Kubernetes: `prometheus_url`
    (from --prometheus) overrides the config file's URL and keeps its other
    settings."""
    settings = config.prometheus
    if prometheus_url:
        url = check_url(prometheus_url, "--prometheus")
        settings = replace(settings, url=url) if settings else PrometheusSettings(url=url)
    if settings is None and config.kubernetes is None:
        raise ValueError("build_live_context needs a Prometheus URL or Kubernetes settings")
    clock = clock or SystemClock()
    store = Store(open_database(db_path), clock)
    author = _author()
    books, problems = playbook_library(config)
    templates, template_problems = template_library(config)
    incident = _current_incident(store, clock, author, config.severity_levels, books)
    kube = config.kubernetes
    configured = config.panes or default_panes(incident.services)
    return WarroomContext(
        store=store,
        metrics=PrometheusClient(settings) if settings else NoMetrics(),
        pods=KubernetesPods(kube, clock.now) if kube else None,
        health=HealthChecker(config.health) if config.health else None,
        clock=clock,
        incident=incident,
        entries=store.entries(incident.id),
        panes=arrange(configured, store.pane_overrides()),
        configured_panes=configured,
        catalog=PrometheusCatalog(settings) if settings else None,
        playbooks=books,
        playbook_problems=problems,
        templates=templates,
        template_problems=template_problems,
        author=author,
        refresh_seconds=settings.refresh_seconds if settings else 15.0,
        namespace=kube.namespaces[0] if kube and kube.namespaces else "",
        severity_levels=config.severity_levels,
    )
