"""An incident written to a file from the app: the Markdown post-mortem, or
the complete JSON dump that `warroom import` loads."""

from __future__ import annotations

from pathlib import Path

from tui.atomic_write import write_text_atomically
from tui.model.severity import DEFAULT_LEVELS, SeverityLevel
from tui.store import Store


def write_export(store: Store, incident_id: str, folder: Path, form: str,
                 levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS) -> str:
    """Write `INCIDENT-postmortem.md` or `INCIDENT.json` into `folder`;
    returns what to tell the user. `levels` hold the response targets the
    post-mortem measures against. Raises OSError."""
    if form == "json":
        from tui.store.incident_dump import to_json

        path = folder / f"{incident_id}.json"
        text = to_json(store.export_incident(incident_id))
    else:
        from tui.postmortem import postmortem_markdown

        path = folder / f"{incident_id}-postmortem.md"
        text = postmortem_markdown(store.record(incident_id), levels=levels)
    write_text_atomically(path, text)
    what = "Incident dump" if form == "json" else "Post-mortem"
    return f"{what} written to {path}"
