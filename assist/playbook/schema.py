"""JSON Schema (draft 2020-12) of a playbook file, generated from the field specs in model.py.

Editors use it for completion and early errors: the built-in YAML files start with
`# yaml-language-server: $schema=playbook.schema.json`. The loader (validate.py) stays the
authority; the schema mirrors it and a test keeps playbooks/playbook.schema.json in sync.
Regenerate the file with `python -m assist.schema`.
"""

from __future__ import annotations

import json
from typing import Any

from assist.model import MODES, PLACES, REPLY_FORMS, SEVERITIES
from assist.playbook.fields import POSITIONS, RECOGNISERS, SECTIONS, TIME_WORDS, TOP_LEVEL, Spec
from assist.playbook.validate import ID_PATTERN, MAX_LIMIT, WEIGHT_RANGE

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILE = "playbook.schema.json"

_ID = {"$ref": "#/$defs/id"}
_TEXT = {"$ref": "#/$defs/text"}
_TIP = {"$ref": "#/$defs/tip"}

DEFS: dict[str, dict[str, Any]] = {
    "id": {
        "description": "lower-case letters, digits and dashes",
        "type": "string",
        "pattern": ID_PATTERN,
    },
    "text": {"description": "non-empty text", "type": "string", "pattern": "\\S"},
    "mode": {"description": "spoken or written channels only", "enum": list(MODES)},
    "tip": {
        "description": "advice: text, or text with the seed section it comes from",
        "oneOf": [
            _TEXT,
            {
                "type": "object",
                "required": ["text"],
                "additionalProperties": False,
                "properties": {
                    "text": _TEXT,
                    "source": {"description": "'<seed file> § <section>'", **_TEXT},
                    "mode": {"$ref": "#/$defs/mode"},
                },
            },
        ],
    },
}

# Schemas of the settings keys, which are not entry sections (validate._top_level reads them).
SETTINGS: dict[str, dict[str, Any]] = {
    "language": _TEXT,
    "fillers": {"type": "array", "items": _TEXT},
    "guards": {"type": "array", "items": _TEXT},
    "classes": {
        "description": "named word classes, used as @name in this file's patterns and guards",
        "type": "object",
        "propertyNames": {"pattern": "^[a-z][a-z0-9_]*(-[a-z0-9_]+)*$"},
        "additionalProperties": {
            "oneOf": [_TEXT, {"type": "array", "items": _TEXT, "minItems": 1}]
        },
    },
    "negations": {"type": "array", "items": _TEXT},
    "conditionals": {"type": "array", "items": _TEXT},
    "intensifiers": {"type": "array", "items": _TEXT},
    "contractions": {"type": "object", "additionalProperties": _TEXT},
    "disable": {"type": "array", "items": _ID},
    "time-words": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            kind: {"description": doc, "type": "array", "items": _TEXT}
            for kind, doc in TIME_WORDS.items()
        },
    },
}


def _text_list(min_items: int) -> dict[str, Any]:
    return {"type": "array", "items": _TEXT, **({"minItems": min_items} if min_items else {})}


def kind_schema(spec: Spec) -> dict[str, Any]:
    """The JSON Schema of one field, from its kind (see validate.KINDS)."""
    kind = spec.kind
    if kind == "id":
        return dict(_ID)
    if kind == "text":
        return dict(_TEXT)
    if kind in ("text-list", "pattern-list"):  # the loader rejects an empty list
        return _text_list(1)
    if kind == "word-order":
        return {"enum": ["fixed", "free"]}
    if kind == "say-list":
        wording = _object(
            {"text": _TEXT, "mode": {"$ref": "#/$defs/mode"}}, required=["text", "mode"]
        )
        return {"type": "array", "items": {"oneOf": [_TEXT, wording]}, "minItems": 1}
    if kind == "mode":
        return {"$ref": "#/$defs/mode"}
    if kind == "id-list":
        return {"type": "array", "items": _ID, "minItems": 1}
    if kind == "switch-list":
        ids = {"type": "array", "items": _ID, "minItems": 1}
        source = {"description": "'<seed file> § <section>'", **_TEXT}
        switch = _object({"to": ids, "text": _TEXT, "source": source}, required=["to", "text"])
        return {"type": "array", "items": switch, "minItems": 1}
    if kind == "reply-template":
        return _reply_template()
    if kind == "tip-list":
        return {"type": "array", "items": _TIP, **({"minItems": 1} if spec.required else {})}
    if kind == "tip-map":
        tips = {"type": "array", "items": _TIP}
        return {"type": "object", "propertyNames": _ID, "additionalProperties": tips}
    if kind == "note-list":
        note = _object({"id": _ID, "prompt": _TEXT}, required=["id", "prompt"])
        return {"type": "array", "items": note, "minItems": 1}
    if kind == "severity":
        return {"enum": list(SEVERITIES)}
    if kind == "bool":
        return {"type": "boolean"}
    if kind == "percent":
        return {"type": "integer", "minimum": 0, "maximum": 100}
    if kind == "position":
        return {"enum": list(POSITIONS)}
    if kind == "recogniser":
        return {"enum": list(RECOGNISERS)}
    if kind == "weight":
        low, high = WEIGHT_RANGE
        return {"type": "number", "minimum": low, "maximum": high}
    if kind == "examples":
        lists = {"flag": _text_list(0), "pass": _text_list(0)}
        return _object(lists, required=[])
    raise ValueError(f"no JSON Schema for field kind {kind!r}")


def _reply_template() -> dict[str, Any]:
    source = {"description": "'<seed file> § <section>'", **_TEXT}
    part = _object(
        {
            "id": _ID,
            "label": _TEXT,
            "text": {"description": "what the agent does or says here (never sent)", **_TEXT},
            "source": source,
            "draft": {"description": "the step whose reply draft fills this point", **_ID},
            "say": {"description": "wording used when no draft fills it ({name})", **_TEXT},
            "place": {"description": "public or private (public replies)", "enum": list(PLACES)},
        },
        required=["id", "label", "text"],
    )
    properties = {
        "form": {"enum": list(REPLY_FORMS)},
        "title": _TEXT,
        "note": _TEXT,
        "parts": {"type": "array", "items": part, "minItems": 1},
        "source": source,
        "limit": {
            "description": "characters: warn when the written reply is longer (0: no limit)",
            "type": "integer",
            "minimum": 0,
            "maximum": MAX_LIMIT,
        },
    }
    return _object(properties, required=["form", "title", "note", "parts"])


def _object(properties: dict[str, Any], *, required: list[str]) -> dict[str, Any]:
    result: dict[str, Any] = {"type": "object"}
    if required:
        result["required"] = required
    result["additionalProperties"] = False
    result["properties"] = properties
    return result


def field_schema(spec: Spec) -> dict[str, Any]:
    """One field: description from Spec.doc, the kind's schema, the default if optional."""
    schema: dict[str, Any] = {"description": spec.doc} if spec.doc else {}
    schema.update(kind_schema(spec))
    if not spec.required and spec.default not in (None, (), {}):
        schema["default"] = spec.default
    return schema


def entry_schema(specs: tuple[Spec, ...]) -> dict[str, Any]:
    """An entry of a section: an object with exactly the spec'd keys."""
    properties = {spec.key: field_schema(spec) for spec in specs}
    return _object(properties, required=[spec.key for spec in specs if spec.required])


def playbook_schema() -> dict[str, Any]:
    """The JSON Schema of a playbook file, built from model.SECTIONS and model.TOP_LEVEL."""
    properties: dict[str, Any] = {}
    for key, description in TOP_LEVEL.items():
        if key in SECTIONS:
            value = {"type": "array", "items": entry_schema(SECTIONS[key][2])}
        elif key in SETTINGS:
            value = dict(SETTINGS[key])
        else:
            raise ValueError(f"top-level key {key!r} has no schema; add it to SETTINGS")
        properties[key] = {"description": description, **value}
    return {
        "$schema": DIALECT,
        "title": "assist playbook file",
        "description": "Say / don't-say rules, customer types, channels and steps for assist.",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "$defs": DEFS,
    }


def schema_json() -> str:
    """The schema as the exact text of playbooks/playbook.schema.json."""
    return json.dumps(playbook_schema(), indent=2, ensure_ascii=False) + "\n"
