"""Small template builders for the scoring tests, and the SCORING.md worked example."""

from __future__ import annotations

from typing import Any

from backend.checklists.template import AnswerIn, ChecklistDefinition

NA = object()
"""Stands for an N/A answer in `answers(...)`."""


def question(
    question_id: str, question_type: str, *, step: str = "visit", touchpoint: str = "desk", **settings: Any
) -> dict[str, Any]:
    """One question as a template writes it."""
    return {
        "id": question_id, "type": question_type, "text": question_id, "step": step, "touchpoint": touchpoint,
        **settings,
    }


def options(**points: float) -> list[dict[str, Any]]:
    """single_choice/multi_choice options from `value=points` pairs."""
    return [{"value": value, "label": value, "points": worth} for value, worth in points.items()]


def definition(
    questions: list[dict[str, Any]],
    *,
    steps: tuple[str, ...] = ("visit",),
    touchpoints: tuple[str, ...] = ("desk",),
    personas: dict[str, dict[str, float]] | None = None,
    **settings: Any,
) -> ChecklistDefinition:
    """A validated template holding these questions in one section."""
    return ChecklistDefinition.model_validate(
        {
            "key": "test",
            "kind": "store_check",
            "title": "Test",
            "steps": [{"id": step, "title": step} for step in steps],
            "touchpoints": [
                {"id": touchpoint, "title": touchpoint, "channel": "offline"} for touchpoint in touchpoints
            ],
            "personas": [
                {"id": persona, "title": persona, "weights": weights}
                for persona, weights in (personas or {"shopper": {}}).items()
            ],
            "sections": [{"id": "main", "title": "Main", "questions": questions}],
            **settings,
        }
    )


def answers(**values: Any) -> dict[str, AnswerIn]:
    """Answers from `question_id=value` pairs; the value `NA` marks N/A."""
    return {
        question_id: AnswerIn(na=True) if value is NA else AnswerIn(value=value)
        for question_id, value in values.items()
    }


def worked_example() -> ChecklistDefinition:
    """The template of SCORING.md's worked example."""
    return definition(
        [
            question("q1", "yes_no", step="arrival", touchpoint="entrance"),
            question("q2", "scale", step="arrival", touchpoint="entrance", min=1, max=5, points=2, weight=2),
            question(
                "q3", "single_choice", step="consultation", touchpoint="advisor",
                options=options(excellent=3, ok=1, poor=0),
            ),
            question("q4", "yes_no", step="consultation", touchpoint="advisor", knockout=True),
            question("q5", "yes_no", step="consultation", touchpoint="advisor", na_allowed=True),
            question(
                "q6", "duration", step="arrival", touchpoint="phone",
                bands=[{"max": 20, "points": 2}, {"max": 60, "points": 1}],
            ),
            question("q7", "nps", step="consultation", touchpoint="advisor"),
        ],
        steps=("arrival", "consultation"),
        touchpoints=("entrance", "advisor", "phone"),
        personas={
            "young": {"entrance": 2, "advisor": 1, "phone": 1},
            "business": {"entrance": 1, "advisor": 3, "phone": 2},
        },
    )


def worked_example_answers(**changes: Any) -> dict[str, AnswerIn]:
    """The worked example's answers, with some changed."""
    return answers(**{"q1": True, "q2": 4, "q3": "ok", "q4": True, "q5": NA, "q6": 45, "q7": 9, **changes})
