"""Load a checklist template from YAML or JSON text, or list everything wrong with it."""

from __future__ import annotations

from typing import Literal

from pydantic import ValidationError

from backend.checklists.issues import Problem, TemplateInvalid, TemplateIssue, format_path
from backend.checklists.source import SourceRefused, decode, parse_json, parse_yaml
from backend.checklists.structure import structure_problems
from backend.checklists.template import ChecklistDefinition
from backend.checklists.validation import definition_problems

TemplateFormat = Literal["yaml", "json"]


def load_template(
    source: str | bytes, *, filename: str = "<template>", format: TemplateFormat = "yaml"
) -> ChecklistDefinition:
    """The template as a model; raises TemplateInvalid listing every problem found."""
    issues, definition = _check(source, filename=filename, format=format)
    if definition is None:
        raise TemplateInvalid(issues)
    return definition


def validate_template(
    source: str | bytes, *, filename: str = "<template>", format: TemplateFormat = "yaml"
) -> list[TemplateIssue]:
    """Every problem of the template, in line order; empty when it loads cleanly. Never raises for bad input."""
    return _check(source, filename=filename, format=format)[0]


def _check(
    source: str | bytes, *, filename: str, format: TemplateFormat
) -> tuple[list[TemplateIssue], ChecklistDefinition | None]:
    if format not in ("yaml", "json"):
        raise ValueError(f"unknown template format {format!r}")
    try:
        text = decode(source)
        parsed = parse_json(text) if format == "json" else parse_yaml(text)
    except SourceRefused as refused:
        return _located(refused.problems, {}, filename), None
    if not isinstance(parsed.data, dict):
        message = (
            "The file is empty: write a template (key, kind, title, steps, touchpoints, personas, sections)."
            if parsed.data is None
            else "A template is a mapping (key: value lines) with key, kind, title, steps, touchpoints, "
            "personas and sections, not a list or a single value."
        )
        return _located([Problem((), "not_a_mapping", message)], parsed.lines, filename), None
    try:
        definition = ChecklistDefinition.model_validate(parsed.data)
    except ValidationError as error:
        return _located(structure_problems(error, parsed.data), parsed.lines, filename), None
    problems = definition_problems(definition)
    return _located(problems, parsed.lines, filename), (None if problems else definition)


def _located(problems: list[Problem], lines: dict, filename: str) -> list[TemplateIssue]:
    issues = [
        TemplateIssue(
            file=filename,
            line=problem.line if problem.line is not None else _line(problem.path, lines),
            path=format_path(problem.path),
            message=problem.message,
            code=problem.code,
        )
        for problem in problems
    ]
    return sorted(issues, key=lambda issue: issue.line if issue.line is not None else 0)


def _line(path: tuple, lines: dict) -> int | None:
    """The line of the path, or of its nearest ancestor that is in the file (defaults are not)."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None
