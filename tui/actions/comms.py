"""Use cases on communications and the response: a draft kept, an update
sent, the reminder snoozed, a step escalated, a target logged once, a
review note kept. Each is one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from tui.model.incident import Incident
from tui.store import Store


def save_draft(store: Store, incident_id: str, template_id: str, text: str,
               author: str = "") -> None:
    """Keep a communication as typed so far; empty text drops the draft."""
    store.comms.save_draft(incident_id, template_id, text, author)


def mark_sent(store: Store, incident_id: str, text: str, author: str = "", *, title: str = "",
              template_id: str = "", restarts_cadence: bool = True) -> Incident:
    """A communication went out (see Comms.mark_sent)."""
    return store.comms.mark_sent(incident_id, text, author, title=title,
                                 template_id=template_id, restarts_cadence=restarts_cadence)


def mark_update_sent(store: Store, incident_id: str, text: str, author: str = "") -> Incident:
    return store.comms.mark_sent(incident_id, text, author)


def snooze_update(store: Store, incident_id: str, until: datetime, reason: str,
                  author: str = "") -> Incident:
    return store.comms.snooze_update(incident_id, until, reason, author)


def escalate(store: Store, incident_id: str, keys: Sequence[str], text: str,
             author: str = "") -> None:
    store.comms.escalate(incident_id, keys, text, author)


def log_once(store: Store, incident_id: str, key: str, text: str, author: str = "") -> bool:
    """Whether `text` was logged now (False: `key` was logged before)."""
    return store.comms.log_once(incident_id, key, text, author)


def save_review_note(store: Store, incident_id: str, field: str, text: str,
                     author: str = "") -> None:
    store.comms.save_review_note(incident_id, field, text, author)
