"""Checks that every text of a template exists in every language the template declares."""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from backend.checklists.issues import Path, Problem
from backend.checklists.template import ChecklistDefinition, LocalizedText

_TEXT_UNION = get_args(LocalizedText)[0]


def translation_problems(definition: ChecklistDefinition) -> Iterator[Problem]:
    """Missing, empty and undeclared translations, wherever a text is."""
    languages = list(dict.fromkeys(definition.languages))
    for path, text in localized_texts(definition):
        if isinstance(text, str):
            if not text.strip():
                yield Problem(path, "empty_text", "Write this text; it is empty.")
            elif len(languages) > 1:
                yield Problem(path, "missing_translation",
                              f"Give this text in every language of the template ({', '.join(languages)}), "
                              f"like {{{', '.join(f'{code}: ...' for code in languages)}}}.")
            continue
        missing = [code for code in languages if code not in text]
        if missing:
            yield Problem(path, "missing_translation",
                          f"Add the {', '.join(missing)} text: the template declares {', '.join(languages)}.")
        for code, value in text.items():
            if code not in languages:
                yield Problem((*path, code), "unknown_language",
                              f"The language {code!r} is not in languages ({', '.join(languages)}): "
                              "add it there or remove this text.")
            elif not value.strip():
                yield Problem((*path, code), "empty_text", "Write this text; it is empty.")


def localized_texts(model: BaseModel, path: Path = ()) -> Iterator[tuple[Path, str | dict[str, str]]]:
    """Every LocalizedText in a model tree, with its path by template keys."""
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        key = field.alias or name
        annotation = _required(field.annotation)
        if value is None:
            continue
        if _is_text(annotation):
            yield (*path, key), value
        elif get_origin(annotation) is dict and _is_text(get_args(annotation)[1]):
            for label, text in value.items():
                yield (*path, key, label), text
        else:
            yield from _nested(value, (*path, key))


def _nested(value: Any, path: Path) -> Iterator[tuple[Path, str | dict[str, str]]]:
    if isinstance(value, BaseModel):
        yield from localized_texts(value, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nested(item, (*path, index))


def _is_text(annotation: Any) -> bool:
    # Pydantic keeps a field's Annotated metadata apart, so compare the union inside LocalizedText.
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation == _TEXT_UNION


def _required(annotation: Any) -> Any:
    """`X | None` -> `X`."""
    if get_origin(annotation) in (Union, types.UnionType):
        members = [member for member in get_args(annotation) if member is not type(None)]
        if len(members) == 1:
            return members[0]
    return annotation
