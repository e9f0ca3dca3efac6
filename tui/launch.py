"""Assemble a war room from its parts: used by the CLI, the tests and the benchmark."""

from __future__ import annotations

import getpass
from pathlib import Path

from tui.clock import Clock, ReplayClock
from tui.context import WarroomContext
from tui.paths import bundled
from tui.playbooks import load_playbook
from tui.sources.demo import DemoSource, load_recording
from tui.store import Store, open_database


def _author() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def build_demo_context(db_path: Path, *, speed: float = 1.0, clock: Clock | None = None,
                       sample: Path | None = None) -> WarroomContext:
    """Open the store and the recording and seed the demo incident on first
    run. Raises StoreError / SourceError / PlaybookError on bad input."""
    sample = sample or bundled("sample_data")
    recording = load_recording(sample / "demo")
    clock = clock or ReplayClock(recording.playback_start, recording.end, speed)
    store = Store(open_database(db_path), clock)
    store.create_incident(recording.incident, recording.timeline, if_missing=True)
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
        panes=recording.panes,
        playbook=load_playbook(sample / "playbooks" / "triage.toml"),
        update_template=(sample / "templates" / "internal_update.md").read_text(),
        demo_label="DEMO" if speed == 1 else f"DEMO ×{speed:g}",
        author=_author(),
        namespace="shop",
    )
