"""The JSON Schema is generated from the field specs, and the shipped copy is in sync."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assist.playbook.fields import SECTIONS, TOP_LEVEL, Spec
from assist.playbook.load import builtin_files
from assist.playbook.schema import SCHEMA_FILE, kind_schema, playbook_schema, schema_json
from assist.playbook.validate import KINDS

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
SHIPPED = ROOT / "playbooks" / SCHEMA_FILE

# Broken cases that are valid YAML and wrong within one file: the schema rejects them too.
SCHEMA_REJECTS = [
    "unknown-top-level-key",
    "unknown-entry-key",
    "string-instead-of-list",
    "missing-required-field",
    "empty-phrase-list",
    "bad-severity",
    "threshold-out-of-range",
    "non-mapping-top-level",
    "bad-id-characters",
    "yes-no-not-text",
    "key-without-value",
    "unknown-tip-key",
    "bool-not-true-false",
    "section-not-a-list",
]


def test_shipped_schema_file_is_in_sync() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == schema_json(), (
        "playbooks/playbook.schema.json is stale: "
        "run `assist playbook schema > playbooks/playbook.schema.json`"
    )


def test_every_field_kind_has_a_schema() -> None:
    used = {spec.kind for _, _, specs in SECTIONS.values() for spec in specs}
    assert used <= set(KINDS)
    for kind in KINDS:
        assert kind_schema(Spec("x", kind))


def test_top_level_and_entries_follow_the_specs() -> None:
    schema = playbook_schema()
    assert schema["additionalProperties"] is False
    assert list(schema["properties"]) == list(TOP_LEVEL)
    for key, (_, _, specs) in SECTIONS.items():
        entry = schema["properties"][key]["items"]
        assert entry["additionalProperties"] is False
        assert list(entry["properties"]) == [spec.key for spec in specs]
        assert entry.get("required", []) == [spec.key for spec in specs if spec.required]
        for spec in specs:
            assert entry["properties"][spec.key].get("description", "") == spec.doc


def test_kinds_map_to_the_documented_json_types() -> None:
    rule = playbook_schema()["properties"]["rules"]["items"]["properties"]
    assert rule["severity"]["enum"] == ["error", "warning", "suggestion"]
    assert rule["threshold"] == {**rule["threshold"], "minimum": 0, "maximum": 100}
    assert rule["phrases"]["minItems"] == 1
    assert rule["fuzzy"]["type"] == "boolean"
    assert set(rule["examples"]["properties"]) == {"flag", "pass"}


# With jsonschema installed (not a dependency), the schema also checks real files. -------


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = playbook_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


GOOD = [*builtin_files(), *sorted((DATA / "overlay").rglob("*.yaml"))]


@pytest.mark.parametrize("path", GOOD, ids=[p.name for p in GOOD])
def test_schema_accepts_good_files(validator, path: Path) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(document)] == []


@pytest.mark.parametrize("name", SCHEMA_REJECTS)
def test_schema_rejects_broken_files(validator, name: str) -> None:
    document = yaml.safe_load((DATA / "broken" / f"{name}.yaml").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(document))
