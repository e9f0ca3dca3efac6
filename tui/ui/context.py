"""Everything a war-room screen needs, assembled once by the CLI (or a test)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tui.files.template_library import CommsTemplate
from tui.model.clock import Clock, SystemClock
from tui.model.contacts import Roster
from tui.model.demo_story import DemoStory
from tui.model.incident import Incident
from tui.model.metrics import PaneSpec
from tui.model.playbook import Playbook
from tui.model.response import DEFAULT_LADDER, EscalationStep
from tui.model.severity import DEFAULT_LEVELS, SeverityLevel
from tui.model.slo import SloSpec
from tui.model.timeline import TimelineEntry
from tui.sources.alert_feed import AlertFeed
from tui.sources.prometheus_conventions import ConventionDetector
from tui.sources.protocols import HealthSource, MetricCatalog, MetricsSource, PodsSource
from tui.store import Store

WINDOWS = (900, 3600, 6 * 3600, 24 * 3600)


@dataclass(frozen=True)
class DemoExit:
    """How the demo gives way to a real war room on the same database."""

    # The same database on the time of day: a real incident is declared in it.
    store: Store
    # The real war room on an incident of the database.
    open: Callable[[Incident], WarroomContext]


@dataclass
class WarroomContext:
    store: Store
    metrics: MetricsSource
    pods: PodsSource | None
    health: HealthSource | None
    clock: Clock
    incident: Incident
    entries: list[TimelineEntry]
    panes: tuple[PaneSpec, ...]
    # The playbooks that can be attached: shipped, then the user's own.
    playbooks: list[Playbook] = field(default_factory=list)
    # Playbook files that could not be read, each naming its file and line.
    playbook_problems: list[str] = field(default_factory=list)
    # Communication templates, shipped then the user's, and the files that
    # could not be read.
    templates: list[CommsTemplate] = field(default_factory=list)
    template_problems: list[str] = field(default_factory=list)
    demo_label: str = ""
    # A local copy's line above the header (tui.model.local_copy), or "".
    local_copy: str = ""
    author: str = ""
    refresh_seconds: float = 1.0
    window_seconds: int = 3600
    namespace: str = ""
    # Said in the pods pane when there is no pods source.
    pods_absent: str = "No cluster configured."
    # Panes as the config file (or recording) gives them, before in-app edits.
    configured_panes: tuple[PaneSpec, ...] = ()
    # Finds the HTTP metric conventions the Prometheus holds, from which the
    # error ratio, latency and rate panes are built; None: the config's
    # panes only (or the demo's).
    detector: ConventionDetector | None = None
    # The panes the config file names, which add to the detected ones.
    config_panes: tuple[PaneSpec, ...] = ()
    catalog: MetricCatalog | None = None
    severity_levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS
    escalation: tuple[EscalationStep, ...] = DEFAULT_LADDER
    # The contacts roster, and why it could not be read (said in a toast).
    roster: Roster = field(default_factory=Roster)
    roster_problems: list[str] = field(default_factory=list)
    # The SLOs whose error budget the war room measures for the incident.
    slos: tuple[SloSpec, ...] = ()
    # Why a review shows the incident it shows (none was resolved), or "".
    review_notice: str = ""
    # Where the alerts come from (None: Prometheus's rules through `metrics`).
    alert_feed: AlertFeed | None = None
    # The demo's story still to play (steps land as the replay reaches them).
    story: DemoStory | None = None
    # The time of day, whatever `clock` replays: the incident metrics count
    # up to it (the demo's clock would leave out every real incident since
    # the recording), and a real incident declared in the demo starts on it.
    wall_clock: Clock = field(default_factory=SystemClock)
    # Set in the demo: declaring a real incident leaves it for this.
    demo_exit: DemoExit | None = None
