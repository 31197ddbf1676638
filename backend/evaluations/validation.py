"""Checks a submission's answers against its checklist version: pure, every problem at once."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, time
from typing import Any

from backend.checklists.conditions import visible_question_ids
from backend.checklists.template import AnswerIn, ChecklistDefinition, Question, photo_rule
from backend.scoring.engine import EvaluationScores

DEFAULT_SCALE = (1.0, 5.0)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def value_problem(question: Question, value: Any) -> str | None:
    """Why a value does not fit its question, or None."""
    kind = question.type
    if kind == "yes_no":
        return None if isinstance(value, bool) else "expects true (yes) or false (no)"
    if kind == "single_choice":
        allowed = [o.value for o in question.options or []]
        return None if isinstance(value, str) and value in allowed else f"expects one of {', '.join(allowed)}"
    if kind == "multi_choice":
        allowed = {o.value for o in question.options or []}
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "expects a list of option values"
        unknown = [v for v in value if v not in allowed]
        if unknown:
            return f"unknown options {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        return "lists an option twice" if len(set(value)) != len(value) else None
    if kind in ("scale", "number", "duration", "nps", "emotion"):
        if not _is_number(value):
            return "expects a number"
        low, high = _range(question)
        if (low is not None and value < low) or (high is not None and value > high):
            return f"must be between {_fmt(low)} and {_fmt(high)}"
        if kind in ("nps", "emotion") and value != int(value):
            return "expects a whole number"
        return None
    if kind == "text":
        if not isinstance(value, str):
            return "expects text"
        return "is longer than 5000 characters" if len(value) > 5000 else None
    if kind == "photo":
        return None if value is None else "takes photos, not a value"
    if kind == "date":
        return None if isinstance(value, str) and _parses(date.fromisoformat, value) else "expects a date YYYY-MM-DD"
    if kind == "time":
        ok = isinstance(value, str) and len(value) in (5, 8) and _parses(time.fromisoformat, value)
        return None if ok else "expects a time HH:MM"
    return f"has an unknown type {kind}"


def _range(question: Question) -> tuple[float | None, float | None]:
    if question.type == "scale":
        return (question.min if question.min is not None else DEFAULT_SCALE[0],
                question.max if question.max is not None else DEFAULT_SCALE[1])
    if question.type == "nps":
        return 0, 10
    if question.type == "emotion":
        return 1, 5
    if question.type == "duration":
        return (question.min if question.min is not None else 0), question.max
    return question.min, question.max


def _fmt(value: float | None) -> str:
    if value is None:
        return "any"
    return str(int(value)) if value == int(value) else str(value)


def _parses(parse, text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


def submission_problems(
    definition: ChecklistDefinition, *, persona: str, answers: Mapping[str, AnswerIn], scores: EvaluationScores
) -> list[dict[str, str]]:
    """Every problem of a submission as {question_id, message}; empty when it may be stored."""
    problems: list[dict[str, str]] = []
    questions = {q.id: q for q in definition.questions()}

    def problem(question_id: str, message: str) -> None:
        problems.append({"question_id": question_id, "message": message})

    if definition.persona(persona) is None:
        problem("", f"persona {persona} is not part of this checklist")
    for question_id in answers:
        if question_id not in questions:
            problem(question_id, "is not a question of this checklist version")
    visible = visible_question_ids(definition, persona, answers)
    by_question = {s.question_id: s for s in scores.questions}
    seen_photos: set[str] = set()
    for question in definition.questions():
        answer = answers.get(question.id)
        shown = question.id in visible
        if answer is not None:
            if answer.na and not question.na_allowed:
                problem(question.id, "cannot be answered N/A")
            if not answer.na and answer.value is not None:
                reason = value_problem(question, answer.value)
                if reason:
                    problem(question.id, reason)
            for photo_id in answer.photos:
                if photo_id in seen_photos:
                    problem(question.id, f"photo {photo_id} is attached to more than one question")
                seen_photos.add(photo_id)
        if not shown:
            continue
        answered = answer is not None and (answer.na or answer.has_value or question.type == "photo")
        if question.required and not answered:
            problem(question.id, "is required")
            continue
        if answer is None or answer.na:
            continue
        rule = photo_rule(question)
        if len(answer.photos) < rule.min:
            problem(question.id, f"needs at least {rule.min} photo(s)")
        if len(answer.photos) > rule.max:
            problem(question.id, f"takes at most {rule.max} photo(s)")
        has_comment = bool(answer.comment and answer.comment.strip())
        if question.comment == "required" and answer.has_value and not has_comment:
            problem(question.id, "needs a comment")
        if question.comment == "required_on_fail" and not has_comment and _failed(by_question.get(question.id)):
            problem(question.id, "failed: explain what happened in a comment")
    return problems


def _failed(score) -> bool:
    return bool(score and score.applicable and score.points is not None and score.max_points is not None
                and score.points < score.max_points)
