"""The JSON Schema of the template format, for editors; `python -m backend.checklists.jsonschema` writes it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from backend.checklists.template import ChecklistDefinition

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "checklists" / "schema.json"


def template_schema() -> dict[str, Any]:
    """The schema as a dict: structure only; references and per-type rules are checked by `fieldcheck check`."""
    schema = ChecklistDefinition.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://fieldcheck.dev/schema/checklist-template.json",
        **schema,
        "title": "fieldcheck checklist template",
    }


def render_schema() -> str:
    """The schema file's exact text."""
    return json.dumps(template_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(render_schema(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
