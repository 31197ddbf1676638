"""The committed checklists/schema.json is what the models generate."""

from backend.checklists.jsonschema import SCHEMA_PATH, render_schema, template_schema


def test_committed_schema_is_current():
    assert SCHEMA_PATH.read_text("utf-8") == render_schema(), (
        "checklists/schema.json is stale: run `python -m backend.checklists.jsonschema`"
    )


def test_schema_describes_the_template():
    schema = template_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    assert set(schema["required"]) == {"key", "kind", "steps", "touchpoints", "personas", "sections", "title"}
    assert schema["$defs"]["Comparison"]["maxProperties"] == 2
    assert schema["$defs"]["Question"]["additionalProperties"] is False
