"""Skip logic: evaluate `show_if` conditions and find the questions an evaluation shows (SCORING.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backend.checklists.template import AllOf, AnswerIn, AnyOf, ChecklistDefinition, Comparison, Condition, NotOf

# Operators that hold when the question has no usable answer (unanswered, N/A or hidden).
_TRUE_WHEN_UNANSWERED = frozenset({"not_equals", "not_in"})


def is_answered(answer: AnswerIn | None) -> bool:
    """True for an answer with a value, or (photo questions) with at least one photo, and not N/A."""
    if answer is None or answer.na:
        return False
    return answer.has_value or bool(answer.photos)


def comparison_operator(comparison: Comparison) -> str:
    """The one operator a comparison uses, by its template key (`in`, not `in_`)."""
    for name in ("equals", "not_equals", "in_", "not_in", "gt", "gte", "lt", "lte", "answered"):
        if getattr(comparison, name) is not None:
            return "in" if name == "in_" else name
    raise ValueError(f"comparison on {comparison.question!r} has no operator")


def evaluate(condition: Condition, answers: Mapping[str, AnswerIn]) -> bool:
    """Evaluate a condition against the effective answers (only those of shown questions)."""
    if isinstance(condition, AllOf):
        return all(evaluate(part, answers) for part in condition.all)
    if isinstance(condition, AnyOf):
        return any(evaluate(part, answers) for part in condition.any)
    if isinstance(condition, NotOf):
        return not evaluate(condition.not_, answers)
    return _compare(condition, answers.get(condition.question))


def visible_question_ids(
    definition: ChecklistDefinition, persona: str, answers: Mapping[str, AnswerIn]
) -> set[str]:
    """Ids of the questions shown to this persona with these answers, decided in template order."""
    effective: dict[str, AnswerIn] = {}
    visible: set[str] = set()
    for question in definition.questions():
        if question.personas is not None and persona not in question.personas:
            continue
        if question.show_if is not None and not evaluate(question.show_if, effective):
            continue
        visible.add(question.id)
        if question.id in answers:
            effective[question.id] = answers[question.id]
    return visible


def _compare(comparison: Comparison, answer: AnswerIn | None) -> bool:
    operator = comparison_operator(comparison)
    if operator == "answered":
        return is_answered(answer) == comparison.answered
    if answer is None or not answer.has_value:
        return operator in _TRUE_WHEN_UNANSWERED
    value = answer.value
    if operator == "equals":
        return _matches(value, [comparison.equals])
    if operator == "not_equals":
        return not _matches(value, [comparison.not_equals])
    if operator == "in":
        return _matches(value, comparison.in_ or [])
    if operator == "not_in":
        return not _matches(value, comparison.not_in or [])
    if not _is_number(value):
        return False
    bound = getattr(comparison, operator)
    return {
        "gt": value > bound,
        "gte": value >= bound,
        "lt": value < bound,
        "lte": value <= bound,
    }[operator]


def _matches(value: Any, constants: list[Any]) -> bool:
    """True when the value (or, for a multi_choice list, any chosen value) equals one of the constants."""
    chosen = value if isinstance(value, list) else [value]
    return any(_same(item, constant) for item in chosen for constant in constants)


def _same(a: Any, b: Any) -> bool:
    # Mirrors JavaScript's `===` on JSON scalars, except that 1 == 1.0 (JSON has one number type).
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if _is_number(a) and _is_number(b):
        return a == b
    return isinstance(a, str) and isinstance(b, str) and a == b


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
