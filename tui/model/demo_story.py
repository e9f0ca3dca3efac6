"""The rest of the demo incident's story: what the team does after the
replay starts (finds the cause, rolls back, mitigates, resolves), each step
landing on the timeline when the replay clock reaches it. Without it the
recording recovers while the incident stays "investigating" for ever, and
its review counts an elapsed time that never stops."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui.model.incident import Milestone, Status
from tui.model.timefmt import from_iso
from tui.model.timeline import EntryKind


@dataclass(frozen=True)
class StoryStep:
    at: datetime
    kind: EntryKind
    author: str
    text: str
    # The status the incident moves to at this step, if any.
    status: Status | None = None
    # Milestones this step marks (at the step's time).
    milestones: tuple[Milestone, ...] = ()
    # A status update went out: the update cadence counts from here.
    update_sent: bool = False


@dataclass(frozen=True)
class DemoStory:
    incident_id: str
    steps: tuple[StoryStep, ...]

    def key(self, index: int) -> str:
        """How a step is logged once (by any war room on the file)."""
        return f"demo.story.{index}"

    def due(self, now: datetime) -> list[tuple[int, StoryStep]]:
        """The steps the replay has reached by `now`, with their index."""
        return [(index, step) for index, step in enumerate(self.steps) if step.at <= now]


def parse_story(raw: Iterable[Mapping[str, Any]]) -> tuple[StoryStep, ...]:
    """The recording's `story` list; raises KeyError or ValueError on a bad
    step (the loader names the file)."""
    steps = [StoryStep(
        at=from_iso(step["at"]),
        kind=EntryKind(step["kind"]),
        author=step.get("author", ""),
        text=step["text"],
        status=Status(step["status"]) if step.get("status") else None,
        milestones=tuple(Milestone(name) for name in step.get("milestones", ())),
        update_sent=bool(step.get("update_sent", False)),
    ) for step in raw]
    return tuple(sorted(steps, key=lambda step: step.at))
