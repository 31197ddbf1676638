"""Properties of the scoring rules over generated templates and answers (Hypothesis)."""

from typing import Any

from hypothesis import assume, given, settings, strategies as st

from backend.checklists.template import AnswerIn, ChecklistDefinition
from backend.scoring.engine import EvaluationScores, score_evaluation
from tests.scoring.strategies import EvaluationCase, evaluation_cases

EXAMPLES = settings(max_examples=150, deadline=None)


def score(case: EvaluationCase, definition: ChecklistDefinition | None = None) -> EvaluationScores:
    return score_evaluation(definition or case.definition, persona=case.persona, answers=case.answers)


def rebuilt(
    definition: ChecklistDefinition, change_question: Any = None, change_persona: Any = None
) -> ChecklistDefinition:
    """The template with each question and persona (as dicts) passed through a change, validated again."""
    data = definition.model_dump(by_alias=True, exclude_unset=True)
    for section in data["sections"]:
        section["questions"] = [
            change_question(question) if change_question else question for question in section["questions"]
        ]
    data["personas"] = [
        change_persona(persona) if change_persona else persona for persona in data["personas"]
    ]
    return ChecklistDefinition.model_validate(data)


def referenced(condition: Any) -> set[str]:
    """Question ids a show_if condition (as a model) looks at."""
    if condition is None:
        return set()
    for parts in (getattr(condition, "all", None), getattr(condition, "any", None)):
        if parts is not None:
            return set().union(*(referenced(part) for part in parts))
    if hasattr(condition, "not_"):
        return referenced(condition.not_)
    return {condition.question}


def outcome(scores: EvaluationScores) -> tuple:
    """Everything an evaluation's scores say, without the weights they were computed with."""
    return (
        scores.total, scores.steps, scores.touchpoints, scores.persona_score, scores.knockouts, scores.passed,
        [(question.reason, question.points, question.max_points) for question in scores.questions],
    )


@EXAMPLES
@given(evaluation_cases())
def test_every_score_is_none_or_a_percentage(case):
    scores = score(case)

    for value in (scores.total, scores.persona_score, *scores.steps.values(), *scores.touchpoints.values()):
        assert value is None or 0 <= value <= 100
    for question in scores.questions:
        assert question.applicable == (question.reason in ("scored", "not_scored_type"))
        if question.reason == "scored":
            assert 0 <= question.points <= question.max_points
        else:
            assert question.points is None
    reaches = scores.total is not None and scores.total >= scores.pass_threshold
    assert scores.passed == (not scores.knockouts and reaches)


@EXAMPLES
@given(evaluation_cases())
def test_total_and_persona_score_lie_within_the_touchpoint_scores(case):
    scores = score(case)
    assume(not scores.knockouts)
    present = [value for value in scores.touchpoints.values() if value is not None]

    for combined in (scores.total, scores.persona_score):
        if combined is not None:
            assert min(present) <= combined <= max(present)


@EXAMPLES
@given(evaluation_cases(), st.sampled_from([0.25, 0.5, 2, 3, 10, 1000]), st.sampled_from([0.5, 3, 7, 64]))
def test_scaling_all_weights_changes_no_score(case, question_factor, persona_factor):
    scaled = rebuilt(
        case.definition,
        change_question=lambda question: {**question, "weight": question.get("weight", 1) * question_factor},
        change_persona=lambda persona: {
            **persona,
            "weights": {
                touchpoint: persona.get("weights", {}).get(touchpoint, 1) * persona_factor
                for touchpoint in (t.id for t in case.definition.touchpoints)
            },
        },
    )

    assert outcome(score(case, scaled)) == outcome(score(case))


@EXAMPLES
@given(evaluation_cases(), st.data())
def test_na_never_changes_another_touchpoints_score(case, data):
    # Skip logic may rightly hide later questions after an N/A, so only questions no condition looks at.
    looked_at = set().union(*(referenced(question.show_if) for question in case.definition.questions()))
    free = [question for question in case.definition.questions() if question.id not in looked_at]
    assume(free)
    question = data.draw(st.sampled_from(free))

    before = score(case)
    with_na = {**case.answers, question.id: AnswerIn(na=True)}
    after = score(EvaluationCase(case.definition, case.persona, with_na))

    for touchpoint, value in before.touchpoints.items():
        if touchpoint != question.touchpoint:
            assert after.touchpoints[touchpoint] == value


@EXAMPLES
@given(evaluation_cases())
def test_knockout_zeroes_total_and_persona_score_only(case):
    scores = score(case)
    plain = score(
        case, rebuilt(case.definition, change_question=lambda question: {**question, "knockout": False})
    )

    assert plain.knockouts == []
    assert scores.steps == plain.steps
    assert scores.touchpoints == plain.touchpoints
    if scores.knockouts:
        assert scores.total == 0 and scores.persona_score == 0 and not scores.passed
        for question in scores.questions:
            assert question.knocked_out == (question.question_id in scores.knockouts)
    else:
        assert scores.total == plain.total
        assert scores.persona_score == plain.persona_score
        assert scores.passed == plain.passed
