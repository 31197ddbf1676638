"""Score one evaluation: points per question, then step, touchpoint, total and persona scores (SCORING.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from backend.checklists.conditions import visible_question_ids
from backend.checklists.template import AnswerIn, ChecklistDefinition, Question
from backend.scoring.points import answer_fits, earned_points, exact, max_points

Reason = Literal["scored", "hidden", "other_persona", "not_applicable", "unanswered", "not_scored_type"]
"""Why a question counts ("scored") or does not; "not_scored_type" is an applicable unscored question."""


@dataclass(frozen=True)
class QuestionScore:
    """One question's part in an evaluation's scores."""

    question_id: str
    step: str
    touchpoint: str
    type: str
    weight: float
    points: float | None
    """Points earned `p_q` (unweighted); None unless the question is scored and applicable."""
    max_points: float | None
    """Maximum points `m_q` (unweighted) of a scored question, whether or not it counts; None if unscored."""
    applicable: bool
    """Shown, meant for this persona, answered with a value that fits (SCORING.md: when a question counts)."""
    reason: Reason
    knockout: bool
    """The template marks the question as a knockout."""
    knocked_out: bool
    """The question is a knockout, applicable, and earned 0 points."""
    value: Any
    """The answer's value when the question is applicable, else None."""


@dataclass(frozen=True)
class PointSums:
    """Weighted points of a group's applicable scored questions: achieved `sum(w*p)`, possible `sum(w*m)`."""

    achieved: float
    possible: float


@dataclass(frozen=True)
class EvaluationScores:
    """Every score of one evaluation, with the sums behind them. Scores are 0..100 or None (empty set)."""

    persona: str
    questions: tuple[QuestionScore, ...]
    """One per template question, in template order."""
    total: float | None
    """`T(e)`; 0 after a knockout."""
    total_sums: PointSums
    steps: dict[str, float | None]
    """`S_s(e)` per template step, in template order; a knockout does not change them."""
    step_sums: dict[str, PointSums]
    touchpoints: dict[str, float | None]
    """`S_t(e)` per template touchpoint, in template order; a knockout does not change them."""
    touchpoint_sums: dict[str, PointSums]
    persona_weights: dict[str, float]
    """`W[p][t]` per touchpoint (1 where the persona names none); only weights > 0 with a score count."""
    persona_score: float | None
    """`P(e)`; 0 after a knockout."""
    knockouts: list[str]
    passed: bool
    pass_threshold: float
    emotions: dict[str, float]
    """Per step, in template order, the mean (1..5) of the step's applicable `emotion` answers; a step
    without one is missing. The evaluation's own value that the project's journey curve averages."""


class _Sum:
    """Exact running sums, so that equal scores compare equal and rounding happens once."""

    def __init__(self) -> None:
        self.achieved = Fraction(0)
        self.possible = Fraction(0)

    def ratio(self) -> Fraction | None:
        return 100 * self.achieved / self.possible if self.possible else None

    def sums(self) -> PointSums:
        return PointSums(achieved=float(self.achieved), possible=float(self.possible))


def score_evaluation(
    definition: ChecklistDefinition, *, persona: str, answers: Mapping[str, AnswerIn]
) -> EvaluationScores:
    """Score one evaluation by one persona; total for any answers (values that do not fit are unanswered)."""
    visible = visible_question_ids(definition, persona, answers)
    total = _Sum()
    steps = {step.id: _Sum() for step in definition.steps}
    touchpoints = {touchpoint.id: _Sum() for touchpoint in definition.touchpoints}
    scores: list[QuestionScore] = []
    for question in definition.questions():
        score, earned = _score_question(
            question, persona=persona, answer=answers.get(question.id), visible=question.id in visible
        )
        scores.append(score)
        if earned is None:
            continue
        weight = exact(question.weight)
        possible = weight * max_points(question)
        # A step or touchpoint the template does not declare still gets its group rather than being lost.
        step = steps.setdefault(question.step, _Sum())
        touchpoint = touchpoints.setdefault(question.touchpoint, _Sum())
        for group in (total, step, touchpoint):
            group.achieved += weight * earned
            group.possible += possible

    touchpoint_ratios = {touchpoint_id: group.ratio() for touchpoint_id, group in touchpoints.items()}
    weights = _persona_weights(definition, persona=persona, touchpoint_ids=touchpoints)
    knockouts = [score.question_id for score in scores if score.knocked_out]
    total_ratio = total.ratio()
    persona_ratio = _weighted_mean(touchpoint_ratios, weights)
    if knockouts:
        total_ratio = persona_ratio = Fraction(0)
    total_score = _to_float(total_ratio)
    return EvaluationScores(
        persona=persona,
        questions=tuple(scores),
        total=total_score,
        total_sums=total.sums(),
        steps={step_id: _to_float(group.ratio()) for step_id, group in steps.items()},
        step_sums={step_id: group.sums() for step_id, group in steps.items()},
        touchpoints={touchpoint_id: _to_float(ratio) for touchpoint_id, ratio in touchpoint_ratios.items()},
        touchpoint_sums={touchpoint_id: group.sums() for touchpoint_id, group in touchpoints.items()},
        persona_weights={touchpoint_id: float(weight) for touchpoint_id, weight in weights.items()},
        persona_score=_to_float(persona_ratio),
        knockouts=knockouts,
        # Compared as reported, so that a shown total of 80.0 never fails a threshold of 80.
        passed=not knockouts and total_score is not None and total_score >= definition.pass_threshold,
        pass_threshold=float(definition.pass_threshold),
        emotions=_emotions(definition, scores),
    )


def _emotions(definition: ChecklistDefinition, scores: Iterable[QuestionScore]) -> dict[str, float]:
    by_step: dict[str, list[Fraction]] = {}
    for score in scores:
        if score.type == "emotion" and score.applicable:
            by_step.setdefault(score.step, []).append(exact(score.value))
    order = [step.id for step in definition.steps]
    ordered = sorted(by_step, key=lambda step: order.index(step) if step in order else len(order))
    return {step: float(sum(by_step[step]) / len(by_step[step])) for step in ordered}


def _score_question(
    question: Question, *, persona: str, answer: AnswerIn | None, visible: bool
) -> tuple[QuestionScore, Fraction | None]:
    """The question's score, and its exact points earned when it counts."""
    maximum = max_points(question)
    reason = _reason(question, persona=persona, answer=answer, visible=visible)
    applicable = reason in ("scored", "not_scored_type")
    earned = earned_points(question, answer.value) if reason == "scored" else None
    score = QuestionScore(
        question_id=question.id,
        step=question.step,
        touchpoint=question.touchpoint,
        type=question.type,
        weight=float(question.weight),
        points=_to_float(earned),
        max_points=_to_float(maximum),
        applicable=applicable,
        reason=reason,
        knockout=question.knockout,
        knocked_out=question.knockout and earned == 0,
        value=answer.value if applicable else None,
    )
    return score, earned


def _reason(question: Question, *, persona: str, answer: AnswerIn | None, visible: bool) -> Reason:
    if question.personas is not None and persona not in question.personas:
        return "other_persona"
    if not visible:
        return "hidden"
    if answer is not None and answer.na and question.na_allowed:
        return "not_applicable"
    if answer is None or not answer_fits(question, answer):
        return "unanswered"
    return "scored" if question.scored else "not_scored_type"


def _persona_weights(
    definition: ChecklistDefinition, *, persona: str, touchpoint_ids: Iterable[str]
) -> dict[str, Fraction]:
    found = definition.persona(persona)
    named = found.weights if found is not None else {}
    return {touchpoint_id: exact(named.get(touchpoint_id, 1)) for touchpoint_id in touchpoint_ids}


def _weighted_mean(scores: Mapping[str, Fraction | None], weights: Mapping[str, Fraction]) -> Fraction | None:
    counted = [
        (weights[key], score) for key, score in scores.items() if score is not None and weights[key] > 0
    ]
    weight_sum = sum((weight for weight, _ in counted), Fraction(0))
    if not weight_sum:
        return None
    return sum((weight * score for weight, score in counted), Fraction(0)) / weight_sum


def _to_float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)
