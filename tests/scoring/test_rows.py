"""Rows for the aggregates, taken from scored evaluations."""

from backend.scoring.aggregates import (
    Aggregate,
    journey_curve,
    nps,
    persona_touchpoint_matrix,
    question_pass_rates,
)
from backend.scoring.engine import score_evaluation
from backend.scoring.rows import (
    emotion_rows,
    emotion_steps,
    nps_values,
    question_rows,
    step_rows,
    touchpoint_rows,
)
from tests.scoring.factories import NA, answers, definition, question, worked_example, worked_example_answers


def test_worked_example_rows_feed_the_matrix():
    template = worked_example()
    evaluations = [
        score_evaluation(template, persona="young", answers=worked_example_answers()),
        score_evaluation(template, persona="young", answers=worked_example_answers(q4=False, q7=3)),
        score_evaluation(template, persona="business", answers=worked_example_answers(q1=False, q7=NA)),
    ]

    matrix = persona_touchpoint_matrix(touchpoint_rows(evaluations))

    assert matrix["young"] == {
        "entrance": Aggregate(80.0, 2),
        "advisor": Aggregate(37.5, 2),  # 50 and the knocked-out 25: a knockout leaves touchpoints alone
        "phone": Aggregate(50.0, 2),
    }
    assert matrix["business"]["entrance"] == Aggregate(60.0, 1)
    assert list(nps_values(evaluations)) == [9, 3]
    assert nps(nps_values(evaluations)) == 0.0
    rates = question_pass_rates(question_rows(evaluations))
    assert rates["q4"] == Aggregate(200 / 3, 3)
    assert rates["q5"] == Aggregate(None, 0)
    assert "q7" not in rates


def test_emotion_rows_average_per_evaluation_and_step():
    template = definition(
        [
            question("ok", "yes_no", step="arrival"),
            question("mood_in", "emotion", step="arrival"),
            question("mood_out", "emotion", step="arrival", personas=["young"]),
            question("mood_talk", "emotion", step="consultation", na_allowed=True),
        ],
        steps=("arrival", "consultation", "closing"),
        personas={"young": {}, "business": {}},
    )
    sent = [
        ("young", answers(ok=True, mood_in=2, mood_out=5, mood_talk=NA)),
        ("young", answers(ok=False, mood_in=4, mood_out=4)),
        ("business", answers(ok=True, mood_in=1, mood_out=5, mood_talk=3)),
    ]
    evaluations = [score_evaluation(template, persona=persona, answers=given) for persona, given in sent]

    assert list(emotion_rows(evaluations)) == [
        ("young", "arrival", 3.5), ("young", "arrival", 4.0),
        ("business", "arrival", 1.0), ("business", "consultation", 3.0),
    ]
    assert emotion_steps(template) == ["arrival", "consultation"]
    curve = journey_curve(
        step_rows(evaluations),
        emotion_rows(evaluations),
        steps=[step.id for step in template.steps],
        emotion_steps=emotion_steps(template),
    )
    assert [(point.step, point.score, point.emotion) for point in curve["young"]] == [
        ("arrival", Aggregate(50.0, 2), Aggregate(3.75, 2)),
        ("consultation", Aggregate(None, 0), Aggregate(None, 0)),
        ("closing", Aggregate(None, 0), None),
    ]
