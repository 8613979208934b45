"""The published JSON Schema is what the code generates, and matches the model's vocabularies."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest

from incidentmap.model import DISTANCE_QUALIFIERS, PLACE_KINDS, UNIT_METRES, CasualtyClaim
from incidentmap.sources import incident_file_schema
from incidentmap.sources.__main__ import main
from incidentmap.sources._schema import (
    Outcome,
    Precision,
    Qualifier,
    Unit,
    incident_file_schema_text,
)
from incidentmap.sources._yaml import load_document


def test_committed_schema_file_equals_the_generated_schema(schema_path: Path) -> None:
    committed = schema_path.read_text(encoding="utf-8")
    assert committed == incident_file_schema_text(), (
        "schema/incident-file.schema.json is stale: "
        "run `python -m incidentmap.sources schema/incident-file.schema.json`"
    )
    assert json.loads(committed) == incident_file_schema()


def test_schema_module_command_writes_the_schema(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    assert main([str(out)]) == 0
    assert out.read_text(encoding="utf-8") == incident_file_schema_text()


def test_schema_forbids_unknown_keys_everywhere() -> None:
    schema = incident_file_schema()
    assert schema["additionalProperties"] is False
    assert all(d["additionalProperties"] is False for d in schema["$defs"].values())


@pytest.mark.parametrize(
    ("choices", "model_values"),
    [
        (Outcome, CasualtyClaim.OUTCOMES),
        (Unit, UNIT_METRES.keys()),
        (Qualifier, DISTANCE_QUALIFIERS.keys()),
        (Precision, {"exact", "near", "region"}),
    ],
    ids=["outcome", "unit", "qualifier", "precision"],
)
def test_file_vocabularies_equal_the_models(choices: object, model_values: object) -> None:
    assert set(typing.get_args(choices)) == set(model_values)  # type: ignore[call-overload]


def test_point_kind_exists_in_the_model() -> None:
    assert "point" in PLACE_KINDS


def test_example_validates_against_the_published_schema(
    example_path: Path, schema_path: Path
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    document = load_document(example_path.read_text(encoding="utf-8"), str(example_path))
    jsonschema.Draft202012Validator(schema).validate(document.data)
    bad = dict(document.data, incidents=[{"id": "x", "plac": "typo"}])
    assert not jsonschema.Draft202012Validator(schema).is_valid(bad)
