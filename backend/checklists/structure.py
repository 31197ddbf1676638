"""Turn Pydantic's errors about a template's shape into problems a template author can act on."""

from __future__ import annotations

import difflib
import re
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from backend.checklists.issues import Path, Problem
from backend.checklists.template import (
    COMPARISON_OPERATORS, AllOf, AnyOf, ChecklistDefinition, Comparison, NotOf, condition_kind,
)

_CONDITION_MODELS = (AllOf, AnyOf, NotOf, Comparison)
_CONDITION_KEYS = ("question", *COMPARISON_OPERATORS, "all", "any", "not")
_YAML_BOOLEAN_HINT = " YAML reads an unquoted yes, no, on or off as true/false: put the text in quotes."
_PATTERNS = {
    r"^[a-z][a-z0-9_]{0,63}$": (
        "invalid_id",
        "{value} is not a valid id: start with a lower-case letter and use only lower-case letters, "
        "digits and underscores (at most 64).",
    ),
    r"^[a-z]{2}$": ("invalid_language", "{value} is not a language code: use two lower-case letters like de or en."),
    r"^[a-z][a-z0-9_-]{0,63}$": (
        "invalid_template_key",
        "{value} is not a valid template key: start with a lower-case letter, then use lower-case letters, "
        "digits, - or _ (at most 64).",
    ),
}
_NUMBER_TYPES = {"float_type", "float_parsing", "int_type", "int_parsing", "int_from_float"}
_MAPPING_TYPES = {"model_type", "dict_type", "model_attributes_type"}
_OWN_TYPES = {"invalid_text", "invalid_condition", "condition_operator", "condition_value", "condition_constant"}


def structure_problems(error: ValidationError, data: Any) -> list[Problem]:
    """One problem per template path, in the order Pydantic found them."""
    problems: dict[Path, Problem] = {}
    for detail in error.errors(include_url=False):
        path = _data_path(detail["loc"], data, detail["type"])
        problems.setdefault(path, _problem(detail, path, data))
    # A misspelt key that is also reported missing needs one message, not two.
    suggested = {(problem.path[:-1]) for problem in problems.values() if problem.code == "unknown_key"
                 and "did you mean" in problem.message}
    return [
        problem for problem in problems.values()
        if not (problem.code == "missing_key" and problem.path[:-1] in suggested)
    ]


def _problem(detail: dict[str, Any], path: Path, data: Any) -> Problem:
    kind, value, context = detail["type"], detail.get("input"), detail.get("ctx") or {}
    shown = _describe(value)
    if kind == "missing":
        return Problem(path, "missing_key", f"Add the required key {path[-1]!r}.")
    if kind == "extra_forbidden":
        return Problem(path, "unknown_key", _unknown_key_message(str(path[-1]), _allowed_keys(path[:-1], data)))
    if kind == "literal_error":
        expected = re.findall(r"'([^']*)'", context.get("expected", ""))
        message = f"{shown} is not allowed here: use one of {', '.join(expected)}."
        close = difflib.get_close_matches(str(value), expected, n=1) if isinstance(value, str) else []
        if close:
            message = f"{shown} is not allowed here; did you mean {close[0]!r}? Use one of {', '.join(expected)}."
        return Problem(path, "invalid_choice", message + (_YAML_BOOLEAN_HINT if isinstance(value, bool) else ""))
    if kind == "string_pattern_mismatch" and context.get("pattern") in _PATTERNS:
        code, template = _PATTERNS[context["pattern"]]
        return Problem(path, code, template.format(value=shown))
    if kind == "string_type":
        return Problem(path, "wrong_type",
                       f"Write a text here, not {shown}." + (_YAML_BOOLEAN_HINT if isinstance(value, bool) else ""))
    if kind in _NUMBER_TYPES:
        return Problem(path, "wrong_type", f"Write a number here, not {shown}.")
    if kind == "finite_number":
        return Problem(path, "wrong_type", f"Write a finite number here, not {shown}.")
    if kind in {"bool_type", "bool_parsing"}:
        return Problem(path, "wrong_type", f"Write true or false here, not {shown}.")
    if kind == "list_type":
        return Problem(path, "wrong_type", f"Write a list here (one '- ' item per line), not {shown}.")
    if kind in _MAPPING_TYPES:
        return Problem(path, "wrong_type", f"Write a mapping here (key: value lines), not {shown}.")
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        return Problem(path, "out_of_range", _range_message(kind, context, shown))
    if kind == "too_short":
        return Problem(path, "too_few_items", f"Give at least {context.get('min_length', 1)} item(s) here.")
    if kind == "too_long":
        return Problem(path, "too_many_items", f"Give at most {context.get('max_length')} item(s) here.")
    if kind in _OWN_TYPES:
        return Problem(path, kind, detail["msg"])
    return Problem(path, "invalid_value", f"{detail['msg']}.")


def _range_message(kind: str, context: dict[str, Any], shown: str) -> str:
    words = {"greater_than_equal": ("ge", "at least"), "greater_than": ("gt", "more than"),
             "less_than_equal": ("le", "at most"), "less_than": ("lt", "less than")}
    key, phrase = words[kind]
    return f"Use a number {phrase} {_number(context.get(key))} here, not {shown}."


def _unknown_key_message(key: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"Unknown key {key!r}; did you mean {close[0]!r}?"
    if allowed:
        return f"Unknown key {key!r}: remove it, or use one of {', '.join(allowed)}."
    return f"Unknown key {key!r}: remove it."


def _data_path(loc: tuple[Any, ...], data: Any, kind: str) -> Path:
    """Pydantic's location minus its union tags and markers, as a path in the template."""
    path: list[str | int] = []
    node = data
    for index, part in enumerate(loc):
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif not (kind == "missing" and index == len(loc) - 1):
            continue
        path.append(part)
    return tuple(path)


def _allowed_keys(path: Path, data: Any) -> list[str]:
    model = _model_at(path, data)
    if model is None:
        return []
    if model in _CONDITION_MODELS:
        return list(_CONDITION_KEYS)
    return [field.alias or name for name, field in model.model_fields.items()]


def _model_at(path: Path, data: Any) -> type[BaseModel] | None:
    """The model class that describes the mapping at this path, following the data through unions."""
    annotation: Any = ChecklistDefinition
    node = data
    for part in path:
        annotation = _narrow(annotation, node)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            fields = {field.alias or name: field for name, field in annotation.model_fields.items()}
            if part not in fields:
                return None
            annotation = fields[part].annotation
        elif get_origin(annotation) in (list, dict):
            annotation = get_args(annotation)[0 if get_origin(annotation) is list else 1]
        else:
            return None
        node = node[part] if isinstance(node, (dict, list)) else None
    annotation = _narrow(annotation, node)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _narrow(annotation: Any, node: Any) -> Any:
    """Strip Annotated and Optional; of a union of models, pick the one the value's keys select."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) not in (Union, types.UnionType):
        return annotation
    members = [_narrow(member, node) for member in get_args(annotation) if member is not type(None)]
    models = [member for member in members if isinstance(member, type) and issubclass(member, BaseModel)]
    if len(models) > 1:
        kind = condition_kind(node)
        return next((model for model in models if model.__name__ == kind), None)
    if isinstance(node, dict):
        return next((member for member in members if member in models or get_origin(member) is dict), None)
    if isinstance(node, list):
        return next((member for member in members if get_origin(member) is list), None)
    return members[0] if len(members) == 1 else None


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
