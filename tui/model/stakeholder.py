"""What a text for stakeholders quotes, and what it leaves to the team.

A status update's "latest" is news: what people did, found and decided, and
how the incident moved. The console's bookkeeping is not news: a checklist
item unticked (and the tick it took back), a skipped item, playbooks
attached or detached, follow-ups filed, the reminder snoozed, updates sent.
Its "next steps" are the open checklist items, without the console's own
instructions ("(E, the impact helper)", "(composer: …)"), which mean
nothing to a reader outside the war room."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tui.model.timeline import EntryKind, TimelineEntry

# Kinds that are news. COMMUNICATION (updates sent, reminder snoozed),
# METRIC_PIN, POD_EVENT and ESCALATION are the team's own record.
NEWS_KINDS = frozenset({EntryKind.NOTE, EntryKind.ACTION, EntryKind.FINDING,
                        EntryKind.DECISION, EntryKind.STATUS, EntryKind.MILESTONE,
                        EntryKind.DEPLOY})

# ACTION lines the console writes for itself (tui/model/checklist.py
# mark_line, tui/model/timeline_wording.py for playbooks and the
# follow-ups); a "✔ Done:" line is news and stays.
_BOOKKEEPING = ("Unticked: ", "Skipped: ", "Playbook attached: ", "Playbooks attached: ",
                "Playbook detached: ", "Follow-up #")
_DONE, _UNTICKED = "✔ Done: ", "Unticked: "

# A parenthesis that tells the responder how to use the console: a key
# ("(E, the impact helper)"), the composer, or where to log something.
_CONSOLE_HINT = re.compile(
    r"\s*\((?:[A-Za-z0-9],\s[^)]*|composer:[^)]*|[^)]*\bon the timeline)\)", re.IGNORECASE)


def is_bookkeeping(entry: TimelineEntry) -> bool:
    if entry.kind not in NEWS_KINDS:
        return True
    return entry.kind is EntryKind.ACTION and entry.text.startswith(_BOOKKEEPING)


def news(entries: Sequence[TimelineEntry]) -> list[TimelineEntry]:
    """`entries` (in order) without the bookkeeping; a tick that was later
    unticked is left out with its untick: it did not happen."""
    taken_back: set[str] = set()
    kept: list[TimelineEntry] = []
    for entry in reversed(entries):
        text = entry.text
        if entry.kind is EntryKind.ACTION and text.startswith(_UNTICKED):
            taken_back.add(text.removeprefix(_UNTICKED))
        elif entry.kind is EntryKind.ACTION and text.startswith(_DONE) \
                and text.removeprefix(_DONE) in taken_back:
            taken_back.discard(text.removeprefix(_DONE))
            continue
        if not is_bookkeeping(entry):
            kept.append(entry)
    return kept[::-1]


def stakeholder_step(text: str) -> str:
    """A checklist item as a next step for readers outside the war room:
    the console's instructions taken out."""
    return _CONSOLE_HINT.sub("", text).strip()
