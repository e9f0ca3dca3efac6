"""An incident id names the files the palette and the composer write; an id
comes from whoever wrote the dump that was imported, so it must never lead
the file out of the folder it is written to (issue 23, item 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.files.exports import export_path, write_export
from tui.model.clock import FrozenClock
from tui.model.incident import IncidentDraft
from tui.model.safe_text import printable
from tui.store import Store, open_database
from tui.store.incident_dump import parse_dump, to_json


def _store_with_id(tmp_path: Path, clock: FrozenClock, incident_id: str) -> Store:
    """An incident carrying `incident_id`, as `warroom import` would bring it."""
    source = Store(open_database(tmp_path / "source.db"), clock)
    original = source.incidents.declare(IncidentDraft("Checkout down", "P1"), "ana").id
    text = to_json(source.export_incident(original))
    source.close()
    document = text.replace(json.dumps(original), json.dumps(incident_id))
    target = Store(open_database(tmp_path / "target.db"), clock)
    assert target.import_incident(parse_dump(document, "dump.json")) == incident_id
    return target


def _every_file(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()}


# The longest id an import takes (200): still far past a file name's room.
HOSTILE = ["ABSOLUTE", "../../etc/passwd", "a/b", "..", ".hidden", "x" * 200,
           "INC-1\x1b]52;c;Y3VybCB8IHNo\x07\u202e"]


@pytest.mark.parametrize("form", ["md", "json"])
@pytest.mark.parametrize("hostile", HOSTILE)
def test_an_export_stays_in_the_folder_whatever_the_id(tmp_path: Path, clock: FrozenClock,
                                                       hostile: str, form: str) -> None:
    incident_id = str(tmp_path / "elsewhere" / "x") if hostile == "ABSOLUTE" else hostile
    (tmp_path / "elsewhere").mkdir()
    store = _store_with_id(tmp_path, clock, incident_id)
    folder = tmp_path / "a" / "b" / "out"
    folder.mkdir(parents=True)
    before = _every_file(tmp_path) - _every_file(folder)

    message = write_export(store, incident_id, folder, form)

    written = _every_file(folder)
    assert len(written) == 1, "one file, inside the folder the export was asked for"
    assert _every_file(tmp_path) - written == before, "nothing written anywhere else"
    (path,) = written
    assert not path.name.startswith(".")
    assert path.name == printable(path.name), "no escape codes in a file name"
    assert len(path.name.encode()) <= 120
    assert str(path) in message
    # The file holds the incident, id and all, as typed: a file is data.
    assert "Checkout down" in path.read_text(encoding="utf-8")


def test_a_plain_id_names_the_file_as_before(tmp_path: Path) -> None:
    assert export_path(tmp_path, "INC-20260314-1402", "-postmortem.md") == (
        tmp_path / "INC-20260314-1402-postmortem.md")
    assert export_path(tmp_path, "../../x", "-customer_initial.md").parent == tmp_path
