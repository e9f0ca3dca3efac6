"""An incident written to a file from the app: the Markdown post-mortem, or
the complete JSON dump that `warroom import` loads."""

from __future__ import annotations

from pathlib import Path

from tui.files.atomic_write import write_text_atomically
from tui.model.safe_text import file_stem, printable
from tui.model.severity import DEFAULT_LEVELS, SeverityLevel
from tui.store import Store


def export_path(folder: Path, incident_id: str, suffix: str) -> Path:
    """The file in `folder` named after an incident: ids come from imported
    dumps too, so the id is reduced to a safe name and can only name a file
    inside the folder (issue 23: "../../x" and "/x" wrote anywhere)."""
    path = folder / f"{file_stem(incident_id)}{suffix}"
    assert path.parent == folder, path
    return path


def write_export(store: Store, incident_id: str, folder: Path, form: str,
                 levels: tuple[SeverityLevel, ...] = DEFAULT_LEVELS) -> str:
    """Write `INCIDENT-postmortem.md` or `INCIDENT.json` into `folder`;
    returns what to tell the user. `levels` hold the response targets the
    post-mortem measures against. Raises OSError."""
    if form == "json":
        from tui.store.incident_dump import to_json

        path = export_path(folder, incident_id, ".json")
        text = to_json(store.export_incident(incident_id))
    else:
        from tui.render.postmortem import postmortem_markdown

        path = export_path(folder, incident_id, "-postmortem.md")
        text = postmortem_markdown(store.record(incident_id), levels=levels)
    write_text_atomically(path, text)
    what = "Incident dump" if form == "json" else "Post-mortem"
    # The folder is the user's own; the name is made safe above.
    return f"{what} written to {printable(str(path))}"
