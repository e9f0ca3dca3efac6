"""One pod in depth over the war room: what `kubectl describe pod` would
say, read in a worker so the war room never waits for the cluster."""

from __future__ import annotations

import asyncio
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui.files.config import IN_CLUSTER
from tui.model.pod_detail import ContainerDetail, PodDetail
from tui.model.pods import PodRow
from tui.model.timefmt import clock_and_age, kubectl_age
from tui.sources import describe_error
from tui.sources.protocols import PodsSource
from tui.ui.workers import work
from tui.widgets.copy_feedback import copy_and_say
from tui.widgets.inert import inert
from tui.widgets.pod_grid import HEALTH_MARK

# What an exit code usually means, for the engineer reading it at 3 a.m.
EXIT_CODES = {
    0: "exited cleanly",
    1: "application error",
    2: "misuse of shell builtin",
    126: "command not executable",
    127: "command not found",
    137: "SIGKILL: out of memory or killed by a failed liveness probe",
    139: "SIGSEGV: segmentation fault",
    143: "SIGTERM: asked to stop",
}
EVENTS_SHOWN = 30


def _when(moment: datetime | None, now: datetime) -> str:
    return clock_and_age(moment, now) if moment is not None else "?"


def _exit(code: int | None) -> str:
    if code is None:
        return ""
    meaning = EXIT_CODES.get(code)
    return f"exit code {code}" + (f" ({meaning})" if meaning else "")


def _kind(container: ContainerDetail, init_total: int) -> str:
    """`container`, `init container 1/2` or `sidecar 2/2`: the step is the
    one kubectl's Init:i/N counts (a sidecar passes once started)."""
    if not container.init:
        return "container"
    kind = "sidecar" if container.sidecar else "init container"
    if container.init_step and init_total:
        kind += f" {container.init_step}/{init_total}"
    return kind


def _init_progress(detail: PodDetail) -> str:
    """How far initialisation went, in the words of the Init:i/N status."""
    sidecars = sum(1 for container in detail.containers if container.sidecar)
    line = f"  init {detail.init_done}/{detail.init_total} passed"
    if sidecars:
        line += (f"; {sidecars} sidecar{'s' if sidecars > 1 else ''} (restartPolicy Always)"
                 " pass once started, then run beside the app and count in READY and"
                 " RESTARTS")
    return line + "\n"


def _container(text: Text, container: ContainerDetail, now: datetime,
               init_total: int = 0) -> None:
    kind = _kind(container, init_total)
    text.append(f"  {container.name}", style="bold")
    text.append(f"  {kind}  {container.image}\n", style="dim")
    state = container.state
    if container.reason:
        state += f": {container.reason}"
    if container.exit_code is not None:
        state += f", {_exit(container.exit_code)}"
    bad = container.state != "running" and container.reason != "Completed"
    text.append("    state     ")
    text.append(state, style="bold red" if bad else "")
    if container.since is not None:
        text.append(f"  since {_when(container.since, now)}")
    text.append("\n")
    if container.message:
        text.append(f"              {container.message}\n", style="dim")
    text.append(f"    ready     {'yes' if container.ready else 'no'}"
                f"   restarts {container.restarts}\n")
    if container.last_reason or container.last_exit_code is not None:
        text.append("    last      ")
        text.append(f"terminated: {container.last_reason or 'exit'}", style="bold")
        if container.last_exit_code is not None:
            text.append(f", {_exit(container.last_exit_code)}")
        if container.last_finished_at is not None:
            text.append(f", at {_when(container.last_finished_at, now)}")
        text.append("\n")


def describe_pod(detail: PodDetail, now: datetime) -> Text:
    """The detail as one text; every value is shown literally (never markup)."""
    row = detail.row
    text = Text()
    text.append(f"{row.namespace}/{row.name}", style="bold")
    text.append(f"   {HEALTH_MARK[row.health]} {row.status}",
                style="bold red" if row.health.value == "failing" else "bold")
    text.append(f"   {row.ready}/{row.containers} ready   {row.restarts} restarts\n")
    facts = [("node", row.node), ("IP", row.ip), ("QoS", row.qos), ("owner", detail.owner),
             ("age", kubectl_age(row.created_at, now) if row.created_at else "")]
    text.append("   ".join(f"{name} {value}" for name, value in facts if value) + "\n",
                style="dim")
    if detail.labels:
        text.append("labels " + "  ".join(f"{k}={v}" for k, v in detail.labels) + "\n",
                    style="dim")

    text.append("\nConditions\n", style="bold underline")
    for condition in detail.conditions:
        good = condition.status == "True"
        text.append(f"  {'●' if good else '✖'} {condition.type} {condition.status}",
                    style="" if good else "bold red")
        if condition.reason:
            text.append(f"  {condition.reason}")
        if condition.since is not None:
            text.append(f"  since {_when(condition.since, now)}", style="dim")
        if condition.message:
            text.append(f"\n      {condition.message}", style="dim")
        text.append("\n")
    if not detail.conditions:
        text.append("  none reported\n", style="dim")

    text.append("\nContainers\n", style="bold underline")
    if detail.init_total:
        text.append(_init_progress(detail), style="dim")
    for container in detail.containers:
        _container(text, container, now, detail.init_total)
    if not detail.containers:
        text.append("  no container has started yet\n", style="dim")

    text.append("\nEvents, newest first\n", style="bold underline")
    if detail.events_problem:
        text.append(f"  ⚠ events not shown: {detail.events_problem}\n", style="bold yellow")
    elif not detail.events:
        text.append("  none (the API server keeps Events for about an hour)\n", style="dim")
    for event in detail.events[:EVENTS_SHOWN]:
        warning = event.type == "Warning"
        text.append(f"  {event.type:<8}", style="bold yellow" if warning else "dim")
        text.append(f" {event.reason:<18}", style="bold" if warning else "")
        text.append(f" ×{event.count:<4} {_when(event.last_seen, now)}", style="dim")
        text.append(f"\n      {event.message}\n")
    if len(detail.events) > EVENTS_SHOWN:
        text.append(f"  … and {len(detail.events) - EVENTS_SHOWN} older\n", style="dim")
    return text


class PodDetailScreen(ModalScreen[None]):
    CSS_PATH = "pod_detail.tcss"
    BINDINGS = [
        Binding("escape,q", "dismiss", "Close"),
        Binding("r", "reload", "Reload"),
        Binding("y", "copy_describe", "Copy kubectl describe"),
        Binding("l", "logs", "Logs"),
    ]

    def __init__(self, row: PodRow, source: PodsSource, now: datetime) -> None:
        super().__init__()
        self.row = row
        self.source = source
        self.now = now

    def compose(self) -> ComposeResult:
        with Vertical(id="pod-detail"):
            with VerticalScroll():
                yield Static(Text("Loading the pod and its Events…", style="dim"),
                             id="pod-detail-body")
            yield Footer()

    def on_mount(self) -> None:
        box = self.query_one("#pod-detail")
        box.border_title = inert(f"Pod {self.row.namespace}/{self.row.name}")
        box.border_subtitle = inert(self.row.cluster)
        self.load()

    @work(exclusive=True, exit_on_error=False)
    async def load(self) -> None:
        try:
            detail = await asyncio.to_thread(self.source.detail, self.row)
        except Exception as error:  # shown in the dialog; the war room goes on
            self._show_problem(describe_error(error))
            return
        self._show(detail)

    def _show(self, detail: PodDetail) -> None:
        self.query_one("#pod-detail-body", Static).update(describe_pod(detail, self.now))

    def _show_problem(self, problem: str) -> None:
        text = Text(f"⚠ {problem}\n", style="bold red")
        text.append("r tries again; the list behind stays live.", style="dim")
        self.query_one("#pod-detail-body", Static).update(text)

    def action_reload(self) -> None:
        self.query_one("#pod-detail-body", Static).update(Text("Loading…", style="dim"))
        self.load()

    def action_logs(self) -> None:
        from tui.screens.pod_logs import PodLogsScreen

        self.app.push_screen(PodLogsScreen(self.row, self.source))

    def kubectl_describe(self) -> str:
        command = f"kubectl describe pod {self.row.name} -n {self.row.namespace}"
        if self.row.cluster and self.row.cluster != IN_CLUSTER:
            command += f" --context {self.row.cluster}"
        return command

    def action_copy_describe(self) -> None:
        command = self.kubectl_describe()
        copy_and_say(self.app, command, "The describe command", detail=command)
