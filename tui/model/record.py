"""Everything the war room shows of one incident, read in one go."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from tui.model.action_item import ActionItem
from tui.model.checklist import Attachment, Mark
from tui.model.incident import Incident
from tui.model.slo import SloImpact
from tui.model.timeline import TimelineEntry


@dataclass(frozen=True)
class IncidentRecord:
    incident: Incident
    entries: list[TimelineEntry]
    attachments: list[Attachment] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    # Communications being written, by template id, as last typed.
    drafts: dict[str, str] = field(default_factory=dict)
    # What the review wrote (summary, lessons…), by field key: see model/review.py.
    review: dict[str, str] = field(default_factory=dict)
    # What was logged once (target:acknowledge, escalated:vp engineering) and when.
    response: dict[str, datetime] = field(default_factory=dict)
    # Each SLO's error budget spent, as last measured.
    slos: list[SloImpact] = field(default_factory=list)
