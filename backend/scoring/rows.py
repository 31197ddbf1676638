"""The per-evaluation rows that the aggregates take, taken from scored evaluations."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from backend.checklists.model import ChecklistDefinition
from backend.scoring.aggregates import mean_with_n
from backend.scoring.engine import EvaluationScores


def touchpoint_rows(evaluations: Iterable[EvaluationScores]) -> Iterator[tuple[str, str, float | None]]:
    """(persona, touchpoint, touchpoint score) per evaluation and touchpoint: input of the matrix."""
    for evaluation in evaluations:
        for touchpoint, score in evaluation.touchpoints.items():
            yield evaluation.persona, touchpoint, score


def step_rows(evaluations: Iterable[EvaluationScores]) -> Iterator[tuple[str, str, float | None]]:
    """(persona, step, step score) per evaluation and step: input of the journey curve."""
    for evaluation in evaluations:
        for step, score in evaluation.steps.items():
            yield evaluation.persona, step, score


def emotion_rows(evaluations: Iterable[EvaluationScores]) -> Iterator[tuple[str, str, float | None]]:
    """(persona, step, mean emotion answer) per evaluation and step that has an applicable emotion answer."""
    for evaluation in evaluations:
        by_step: dict[str, list[float]] = {}
        for question in evaluation.questions:
            if question.type == "emotion" and question.applicable:
                by_step.setdefault(question.step, []).append(question.value)
        for step, values in by_step.items():
            yield evaluation.persona, step, mean_with_n(values).mean


def nps_values(evaluations: Iterable[EvaluationScores]) -> Iterator[int]:
    """Every applicable `nps` answer of the evaluations."""
    for evaluation in evaluations:
        for question in evaluation.questions:
            if question.type == "nps" and question.applicable:
                yield int(question.value)


def question_rows(
    evaluations: Iterable[EvaluationScores],
) -> Iterator[tuple[str, float | None, float | None]]:
    """(question id, points, max points) per evaluation and scored question: input of the pass rates."""
    for evaluation in evaluations:
        for question in evaluation.questions:
            if question.max_points is not None:
                yield question.question_id, question.points, question.max_points


def emotion_steps(definition: ChecklistDefinition) -> list[str]:
    """The template's steps, in order, that have an `emotion` question."""
    asked = {question.step for question in definition.questions() if question.type == "emotion"}
    return [step.id for step in definition.steps if step.id in asked]
