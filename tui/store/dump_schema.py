"""The declared shape of an incident dump (`warroom export --format json`),
as JSON Schema, and the check `warroom import` runs before it writes
anything: one line naming the first field that fails.

Every row the importer writes is later read back by every command
(`warroom`, `review`, `incidents`, `stats`, `export`), so each value is held
to what those readers accept: enum values from the model, times they can
do arithmetic with, JSON columns with the structure they unpack, and a size
limit on every text and list (a 50 MB title once made each review step
take 11 s). The exporter's own output passes this schema (tested on the
demo incident and a rich one), so the two cannot drift apart quietly."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Any

from tui.model.action_item import ActionStatus, ActionType, Priority
from tui.model.checklist import MarkState
from tui.model.incident import Milestone, Status
from tui.model.metrics import Unit
from tui.model.timefmt import readable_time
from tui.model.timeline import EntryKind

# Limits: far above anything a war room produces, far below what hurts.
MAX_DUMP_BYTES = 64 * 1024 * 1024
ID_CHARS = 200  # incident ids, pane ids, playbook ids, item keys, names
NAME_CHARS = 500  # titles, authors, severities, services, labels
# A note may hold a pasted log (the console takes a megabyte): what it
# stores, an export carries and an import takes back.
TEXT_CHARS = 2_000_000  # a note, a description, a communication, a playbook item
SPEC_CHARS = 1_000_000  # a stored playbook or pane, JSON inside a column
ROWS = 100_000  # timeline entries, marks, pod states… per table
POINTS = 100_000  # metric points per series


def _text(limit: int = NAME_CHARS) -> dict[str, Any]:
    return {"type": "string", "maxLength": limit}


def _enum(values: Any) -> dict[str, Any]:
    return {"enum": [member.value for member in values]}


def _list(items: dict[str, Any], limit: int = 1_000) -> dict[str, Any]:
    return {"type": "array", "items": items, "maxItems": limit}


def _json_column(schema: dict[str, Any]) -> dict[str, Any]:
    """A TEXT column that holds JSON: contentSchema (standard JSON Schema,
    enforced here by `_content_schema`) describes what is inside."""
    return {"type": "string", "maxLength": SPEC_CHARS, "contentMediaType": "application/json",
            "contentSchema": schema}


def _row(required: dict[str, Any], optional: dict[str, Any] | None = None,
         limit: int = ROWS) -> dict[str, Any]:
    # Columns a newer Warroom may add are let through (the importer skips
    # them) but only as small scalars: no size or depth hides in them.
    return _list({"type": "object", "required": sorted(required),
                  "properties": {**required, **(optional or {})},
                  "additionalProperties": {"type": ["string", "number", "boolean", "null"],
                                           "maxLength": NAME_CHARS}}, limit)


TIME = {"type": "string", "format": "warroom-time", "maxLength": 40}
MAYBE_TIME = {**TIME, "type": ["string", "null"]}  # format checks strings only
ID = {"type": "string", "minLength": 1, "maxLength": ID_CHARS}
FLAG = {"type": "integer", "enum": [0, 1]}
# A row's identity in every copy of the incident (migration 15).
UID = {"type": "string", "minLength": 1, "maxLength": 64}
# A row's edit count (schema 14; an older export has none: 1 on import).
VERSION = {"type": "integer", "minimum": 1}
NUMBER = {"type": "number"}
WORDS = _list(_text(), 200)

PLAYBOOK = {
    "type": "object",
    "required": ["id", "title", "description", "source", "when", "sections"],
    "properties": {
        "id": ID, "title": _text(), "description": _text(TEXT_CHARS), "source": _text(4096),
        "when": {"type": "object", "additionalProperties": False,
                 "properties": {key: WORDS for key in
                                ("severities", "scenarios", "services", "statuses")}},
        "sections": _list({
            "type": "object", "required": ["title", "items"], "additionalProperties": False,
            "properties": {"title": _text(), "items": _list({
                "type": "object", "additionalProperties": False,
                "required": ["key", "text", "hint", "command", "promql", "due_seconds"],
                "properties": {
                    "key": ID, "text": _text(TEXT_CHARS), "hint": _text(TEXT_CHARS),
                    "command": _text(TEXT_CHARS), "promql": _text(TEXT_CHARS),
                    "due_seconds": {"type": ["number", "null"], "minimum": 0,
                                    "maximum": 366 * 86400}}})}}),
    },
}

PANE = {
    "type": "object", "required": ["id", "title", "unit", "queries", "thresholds"],
    "properties": {
        "id": ID, "title": _text(), "unit": _enum(Unit), "headline": _text(TEXT_CHARS),
        "source": _text(),
        "queries": _list({"type": "object", "required": ["expr", "legend"],
                          "additionalProperties": False,
                          "properties": {"expr": _text(TEXT_CHARS), "legend": _text()}}, 100),
        "thresholds": {"type": "object", "additionalProperties": False,
                       "properties": {"warning": {"type": ["number", "null"]},
                                      "critical": {"type": ["number", "null"]}}},
    },
    "additionalProperties": False,
}

# A pod row as pod_archive.row_to_json writes it: 14 scalars in order.
POD_STATE = {"type": "array", "maxItems": 14, "minItems": 14,
             "items": {"type": ["string", "integer", "number", "null"],
                       "maxLength": NAME_CHARS}}

SLO = {"type": "object", "additionalProperties": False,
       "required": ["id", "service", "objective", "window_days", "good", "total"],
       "properties": {"id": ID, "service": _text(), "objective": NUMBER,
                      "window_days": {"type": "integer", "minimum": 1, "maximum": 3660},
                      "good": _text(TEXT_CHARS), "total": _text(TEXT_CHARS)}}

ROLES = {"type": "object", "additionalProperties": False,
         "properties": {"incident_commander": _text(), "tech_lead": _text(),
                        "comms_lead": _text(), "scribe": _text(), "smes": WORDS}}

INCIDENT = {
    "type": "object",
    "required": ["id", "title", "severity", "status", "created_at", "updated_at"],
    "properties": {
        "id": ID, "title": {"type": "string", "minLength": 1, "maxLength": NAME_CHARS},
        "description": _text(TEXT_CHARS), "severity": {**_text(), "minLength": 1},
        "status": _enum(Status), "impact": _text(TEXT_CHARS),
        "services": _json_column(WORDS), "scenarios": _json_column(WORDS),
        "roles": _json_column(ROLES), "last_update_at": MAYBE_TIME, "is_demo": FLAG,
        "created_at": TIME, "updated_at": TIME, "update_snoozed_until": MAYBE_TIME,
        "update_snooze_reason": _text(TEXT_CHARS), "version": VERSION, "updated_by": _text(),
    },
    "additionalProperties": {"type": ["string", "number", "boolean", "null"],
                             "maxLength": NAME_CHARS},
}

# What a local copy held when pulled (tui/store/incident_merge.py's base):
# each editable row's fields, by uid (a review note by its field).
_DIGEST = _list({"type": ["string", "integer", "null"], "maxLength": NAME_CHARS}, 16)
LOCAL_COPY = {
    "type": "object", "required": ["origin", "pulled_at", "base"],
    "additionalProperties": False,
    "properties": {
        "origin": _text(4096), "pulled_at": TIME, "pushed_at": MAYBE_TIME,
        "base": {"type": "object", "additionalProperties": False, "properties": {
            table: {"type": "object", "maxProperties": ROWS, "additionalProperties": _DIGEST,
                    "propertyNames": {"maxLength": ID_CHARS}}
            for table in ("incidents", "milestones", "timeline", "action_items",
                          "review_notes")}},
    },
}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Warroom incident export",
    "type": "object",
    "required": ["format", "version", "incident"],
    "properties": {
        "format": {"const": "warroom-incident"},
        "version": {"type": "integer", "minimum": 1},
        "schema": {"type": "integer", "minimum": 1},
        "incident": INCIDENT,
        "milestones": _row({"name": _enum(Milestone), "at": TIME}, limit=len(Milestone)),
        "timeline": _row(
            {"id": {"type": "integer"}, "at": TIME, "kind": _enum(EntryKind),
             "text": _text(TEXT_CHARS), "created_at": TIME},
            {"author": _text(), "starred": FLAG, "deleted_at": MAYBE_TIME, "uid": UID,
             "version": VERSION, "changed_by": _text(), "changed_at": MAYBE_TIME}),
        "metric_panes": _row({"pane_id": ID, "spec": _json_column(PANE)}, limit=1_000),
        "metric_fetches": _row(
            {"pane_id": ID, "at": TIME,
             "window_seconds": {"type": "integer", "minimum": 1, "maximum": 400 * 86400}},
            {"step_seconds": {"type": "integer", "minimum": 0},
             "warnings": _json_column(_list(_text(TEXT_CHARS), 100)),
             "error": _text(TEXT_CHARS)}),
        "metric_series": _row(
            {"id": {"type": "integer"}, "pane_id": ID, "name": _text(),
             "labels": _json_column(_list(_list(_text(), 2), 200)),
             "points": _list(_list({"type": ["number", "null"]}, 2), POINTS)},
            limit=10_000),
        "pod_states": _row({"at": TIME, "pod": _text(),
                            "state": {**_json_column(POD_STATE), "type": ["string", "null"]}}),
        "playbook_attachments": _row(
            {"playbook_id": ID, "content": _json_column(PLAYBOOK),
             "position": {"type": "integer"}, "attached_at": TIME},
            {"attached_by": _text(), "detached_at": MAYBE_TIME, "detached_by": _text()},
            limit=1_000),
        "checklist_marks": _row(
            {"id": {"type": "integer"}, "playbook_id": ID, "item_key": ID,
             "state": _enum(MarkState), "at": TIME},
            {"reason": _text(TEXT_CHARS), "author": _text(),
             "entry_id": {"type": ["integer", "null"]}, "uid": UID}),
        "action_items": _row(
            {"id": {"type": "integer"}, "description": _text(TEXT_CHARS),
             "priority": _enum(Priority), "type": _enum(ActionType),
             "status": _enum(ActionStatus), "created_at": TIME, "updated_at": TIME},
            {"owner": _text(), "source": _text(), "created_by": _text(),
             "due": {"type": ["string", "null"], "format": "warroom-date", "maxLength": 10},
             "uid": UID},
            limit=10_000),
        "comms_drafts": _row({"template_id": ID, "text": _text(TEXT_CHARS), "updated_at": TIME},
                             {"author": _text()}, limit=1_000),
        "review_notes": _row({"field": ID, "text": _text(TEXT_CHARS), "updated_at": TIME},
                             {"author": _text()}, limit=100),
        "response_log": _row({"key": ID, "at": TIME}, {"author": _text()}, limit=1_000),
        "slo_measurements": _row(
            {"slo_id": ID, "spec": _json_column(SLO), "window_start": TIME, "window_end": TIME,
             "good": NUMBER, "total": NUMBER, "window_total": NUMBER, "measured_at": TIME,
             "source": _text()}, limit=1_000),
        "local_copy": LOCAL_COPY,
    },
    "additionalProperties": False,
}


def problems(document: Any) -> list[str]:
    """Each field of `document` the schema refuses, as `path: why`, in
    document order (at most a few: the first is what the user is told)."""
    validator = _validator()
    found = sorted(validator.iter_errors(document), key=lambda error: _where(error.path))
    return [f"{_where(error.path) or 'the export'}: {_why(error)}" for error in found[:5]]


def _where(path: Any) -> str:
    where = ""
    for part in path:
        where += f"[{part}]" if isinstance(part, int) else f".{part}" if where else str(part)
    return where


def _why(error: Any) -> str:
    value = error.instance
    shown = json.dumps(value, ensure_ascii=True) if not isinstance(value, (dict, list)) \
        else type(value).__name__.replace("dict", "an object").replace("list", "a list")
    if len(shown) > 60:
        shown = shown[:57] + "…\""
    keyword = error.validator
    if keyword == "format" and error.validator_value == "warroom-time":
        return f"{shown} is not an ISO-8601 time between 1970 and 2200"
    if keyword == "format":
        return f"{shown} is not a date (YYYY-MM-DD)"
    if keyword == "enum":
        return f"{shown} is not one of {', '.join(map(str, error.validator_value))}"
    if keyword == "maxLength":
        return f"{len(value):,} characters is over the limit of {error.validator_value:,}"
    if keyword == "maxItems":
        return f"{len(value):,} items is over the limit of {error.validator_value:,}"
    if keyword == "type":
        return f"{shown} is not {_article(error.validator_value)}"
    if keyword == "contentMediaType":
        return f"{shown} is not JSON"
    # The rest (required, minLength, additionalProperties…) read well as
    # jsonschema words them.
    return str(error.message)


def _article(kind: Any) -> str:
    # The schema's `type`: one name or a list of them.
    kinds = [str(each) for each in (kind if isinstance(kind, list) else [kind])]
    named = {"string": "a string", "integer": "an integer", "number": "a number",
             "object": "an object", "array": "a list", "null": "null", "boolean": "a boolean"}
    return " or ".join(named.get(each, each) for each in kinds)


@cache
def _validator() -> Any:
    # Imported here: jsonschema (and its referencing machinery) is only
    # needed by `warroom import` and the tests, not at every start-up.
    import jsonschema
    from jsonschema import validators

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("warroom-time")(_is_time)
    checker.checks("warroom-date")(_is_date)
    base = jsonschema.Draft202012Validator
    extended = validators.extend(base, {"contentMediaType": _content_media_type,
                                        "contentSchema": _content_schema})
    base.check_schema(SCHEMA)
    return extended(SCHEMA, format_checker=checker)


def _is_time(value: Any) -> bool:
    return not isinstance(value, str) or readable_time(value) is not None


def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return 1970 <= date.fromisoformat(value).year <= 2200
    except ValueError:
        return False


def _decoded(instance: Any) -> tuple[bool, Any]:
    try:
        return True, json.loads(instance)
    except (ValueError, RecursionError):
        return False, None


def _content_media_type(validator: Any, media_type: str, instance: Any, schema: Any) -> Any:
    """JSON Schema only annotates a JSON string's content; here it is held
    to it, since the readers json.loads these columns."""
    from jsonschema import ValidationError

    if isinstance(instance, str) and media_type == "application/json" \
            and not _decoded(instance)[0]:
        yield ValidationError(f"{instance[:40]!r} is not JSON")


def _content_schema(validator: Any, content_schema: Any, instance: Any, schema: Any) -> Any:
    if not isinstance(instance, str):
        return
    ok, decoded = _decoded(instance)
    if ok:
        yield from validator.descend(decoded, content_schema)
