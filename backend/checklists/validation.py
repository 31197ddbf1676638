"""Semantic checks of a well-formed template: references, ids, conditions and per-type settings."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from typing import Any

from backend.checklists.conditions import comparison_operator
from backend.checklists.issues import Path, Problem, format_path
from backend.checklists.settings import setting_problems
from backend.checklists.template import AllOf, AnyOf, ChecklistDefinition, Comparison, Condition, NotOf, Question
from backend.checklists.translations import translation_problems

NUMERIC_TYPES = frozenset({"scale", "number", "duration", "nps", "emotion"})
CHOICE_TYPES = frozenset({"single_choice", "multi_choice"})
_ORDERING = frozenset({"gt", "gte", "lt", "lte"})


def definition_problems(definition: ChecklistDefinition) -> list[Problem]:
    """Every semantic problem of the template at once."""
    return [
        *_declaration_problems(definition),
        *_reference_problems(definition),
        *setting_problems(definition),
        *translation_problems(definition),
    ]


def _declaration_problems(definition: ChecklistDefinition) -> Iterator[Problem]:
    for key, noun in (("steps", "step"), ("touchpoints", "touchpoint"), ("personas", "persona")):
        items = getattr(definition, key)
        if not items:
            yield Problem((key,), "empty_list", f"Declare at least one {noun}.")
        yield from _duplicates(((key, index, "id"), item.id) for index, item in enumerate(items))
    yield from _duplicates(((("sections", index, "id"), section.id) for index, section in enumerate(definition.sections)))
    yield from _duplicates(
        (("sections", s, "questions", q, "id"), question.id)
        for s, section in enumerate(definition.sections)
        for q, question in enumerate(section.questions)
    )
    if not definition.languages:
        yield Problem(("languages",), "empty_list", "Declare at least one language, like [de].")
    yield from _duplicates((("languages", index), code) for index, code in enumerate(definition.languages))
    if not definition.questions():
        yield Problem(("sections",), "no_questions", "Add at least one question.")
    for index, section in enumerate(definition.sections):
        if not section.questions:
            yield Problem(("sections", index, "questions"), "empty_list",
                          "Add at least one question to this section, or remove the section.")


def _reference_problems(definition: ChecklistDefinition) -> Iterator[Problem]:
    steps = [step.id for step in definition.steps]
    touchpoints = [touchpoint.id for touchpoint in definition.touchpoints]
    personas = [persona.id for persona in definition.personas]
    for index, persona in enumerate(definition.personas):
        for touchpoint in persona.weights:
            if touchpoint not in touchpoints:
                yield _unknown(("personas", index, "weights", touchpoint), "touchpoint", touchpoint, touchpoints)
    earlier: dict[str, tuple[Question, Path]] = {}
    positions = {question.id: path for question, path in _questions_with_paths(definition)}
    for question, path in _questions_with_paths(definition):
        if question.step not in steps:
            yield _unknown((*path, "step"), "step", question.step, steps)
        if question.touchpoint not in touchpoints:
            yield _unknown((*path, "touchpoint"), "touchpoint", question.touchpoint, touchpoints)
        if question.personas is not None and not question.personas:
            yield Problem((*path, "personas"), "empty_list",
                          "This question is shown to no persona: name at least one, or remove personas.")
        for index, persona in enumerate(question.personas or []):
            if persona not in personas:
                yield _unknown((*path, "personas", index), "persona", persona, personas)
        if question.show_if is not None:
            yield from _condition_problems(question, question.show_if, (*path, "show_if"), earlier, positions)
        earlier.setdefault(question.id, (question, path))


def _condition_problems(
    question: Question, condition: Condition, path: Path,
    earlier: dict[str, tuple[Question, Path]], positions: dict[str, Path],
) -> Iterator[Problem]:
    if isinstance(condition, (AllOf, AnyOf)):
        key = "all" if isinstance(condition, AllOf) else "any"
        for index, part in enumerate(getattr(condition, key)):
            yield from _condition_problems(question, part, (*path, key, index), earlier, positions)
        return
    if isinstance(condition, NotOf):
        yield from _condition_problems(question, condition.not_, (*path, "not"), earlier, positions)
        return
    target = condition.question
    if target == question.id:
        yield Problem((*path, "question"), "condition_cycle",
                      f"The condition uses this question's own answer ({target!r}): refer to an earlier question.")
    elif target in earlier:
        yield from _comparison_problems(condition, earlier[target][0], path)
    elif target in positions:
        yield Problem((*path, "question"), "condition_forward",
                      f"The condition uses {target!r}, which comes later ({format_path(positions[target])}): "
                      "conditions may only use earlier answers, so move it before this question.")
    else:
        yield _unknown((*path, "question"), "question", target, list(positions))


def _comparison_problems(comparison: Comparison, target: Question, path: Path) -> Iterator[Problem]:
    """The operator and constants must suit the type of the question compared."""
    operator = comparison_operator(comparison)
    kind = f"{target.id!r} is a {target.type} question"
    if operator == "answered":
        return
    if target.type == "photo":
        yield Problem((*path, operator), "condition_operator_type", f"{kind}: only answered applies to it.")
        return
    if operator in _ORDERING:
        if target.type not in NUMERIC_TYPES:
            yield Problem((*path, operator), "condition_operator_type",
                          f"{operator} compares numbers, but {kind}: use equals, in or answered.")
        return
    constants = getattr(comparison, "in_" if operator == "in" else operator)
    located = (
        [((*path, operator, index), value) for index, value in enumerate(constants)]
        if isinstance(constants, list) else [((*path, operator), constants)]
    )
    for where, value in located:
        problem = _constant_problem(target, value, kind)
        if problem:
            code, message = problem
            yield Problem(where, code, message)


def _constant_problem(target: Question, value: Any, kind: str) -> tuple[str, str] | None:
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if target.type == "yes_no" and not isinstance(value, bool):
        return "condition_value_type", f"{kind}: compare it with true or false."
    if target.type in CHOICE_TYPES:
        options = [option.value for option in target.options or []]
        if value in options and isinstance(value, str):
            return None
        hint = " YAML reads an unquoted yes, no, on or off as true/false: put it in quotes." if isinstance(value, bool) else ""
        close = difflib.get_close_matches(str(value), options, n=1) if isinstance(value, str) else []
        guess = f" Did you mean {close[0]!r}?" if close else ""
        return "unknown_option", f"{value!r} is not an option of {target.id!r}.{guess} Use one of {', '.join(options)}.{hint}"
    if target.type in NUMERIC_TYPES and not is_number:
        return "condition_value_type", f"{kind}: compare it with a number."
    if target.type in {"text", "date", "time"} and not isinstance(value, str):
        return "condition_value_type", f"{kind}: compare it with a text in quotes."
    return None


def _questions_with_paths(definition: ChecklistDefinition) -> Iterator[tuple[Question, Path]]:
    for s, section in enumerate(definition.sections):
        for q, question in enumerate(section.questions):
            yield question, ("sections", s, "questions", q)


def _duplicates(items: Iterable[tuple[Path, str]]) -> Iterator[Problem]:
    first: dict[str, Path] = {}
    for path, value in items:
        if value in first:
            yield Problem(path, "duplicate_id", f"{value!r} is already used at {format_path(first[value])}: "
                                                "give each one its own.")
        else:
            first[value] = path


def _unknown(path: Path, noun: str, value: str, known: list[str]) -> Problem:
    close = difflib.get_close_matches(value, known, n=1)
    if close:
        hint = f"; did you mean {close[0]!r}?"
    elif known and len(known) <= 12:
        hint = f": use one of {', '.join(known)}."
    else:
        hint = f": declare it, or use the id of an existing {noun}."
    return Problem(path, f"unknown_{noun}", f"There is no {noun} {value!r}{hint}")
