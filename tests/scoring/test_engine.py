"""Scores of one evaluation: the SCORING.md worked example to the decimal, and every rule's edges."""

import pytest

from backend.checklists.template import AnswerIn
from backend.scoring.display import format_score
from backend.scoring.engine import PointSums, score_evaluation
from tests.scoring.factories import NA, answers, definition, options, question, worked_example, worked_example_answers


def shown(scores) -> dict[str, str]:
    """Every score as a report prints it."""
    printed = {"total": format_score(scores.total), "persona": format_score(scores.persona_score)}
    printed |= {step: format_score(score) for step, score in scores.steps.items()}
    printed |= {touchpoint: format_score(score) for touchpoint, score in scores.touchpoints.items()}
    return printed


def reasons(scores) -> dict[str, str]:
    return {score.question_id: score.reason for score in scores.questions}


# The worked example


@pytest.mark.parametrize(("persona", "persona_score"), [("young", "65.0"), ("business", "55.0")])
def test_worked_example(persona, persona_score):
    scores = score_evaluation(worked_example(), persona=persona, answers=worked_example_answers())

    assert shown(scores) == {
        "total": "63.6",
        "persona": persona_score,
        "arrival": "71.4",
        "consultation": "50.0",
        "entrance": "80.0",
        "advisor": "50.0",
        "phone": "50.0",
    }
    assert scores.total == pytest.approx(100 * 7 / 11)
    assert scores.steps["arrival"] == pytest.approx(100 * 5 / 7)
    assert list(scores.steps) == ["arrival", "consultation"]
    assert list(scores.touchpoints) == ["entrance", "advisor", "phone"]
    assert scores.total_sums == PointSums(achieved=7, possible=11)
    assert scores.step_sums == {"arrival": PointSums(5, 7), "consultation": PointSums(2, 4)}
    assert scores.touchpoint_sums == {
        "entrance": PointSums(4, 5), "advisor": PointSums(2, 4), "phone": PointSums(1, 2),
    }
    assert scores.knockouts == []
    assert scores.passed is False
    assert reasons(scores) == {
        "q1": "scored", "q2": "scored", "q3": "scored", "q4": "scored",
        "q5": "not_applicable", "q6": "scored", "q7": "not_scored_type",
    }
    points = {score.question_id: (score.points, score.max_points) for score in scores.questions}
    assert points == {
        "q1": (1, 1), "q2": (1.5, 2), "q3": (1, 3), "q4": (1, 1),
        "q5": (None, 1), "q6": (1, 2), "q7": (None, None),
    }


def test_worked_example_persona_scores_exactly():
    young = score_evaluation(worked_example(), persona="young", answers=worked_example_answers())
    business = score_evaluation(worked_example(), persona="business", answers=worked_example_answers())

    assert (young.persona_score, business.persona_score) == (65.0, 55.0)
    assert young.persona_weights == {"entrance": 2, "advisor": 1, "phone": 1}


def test_worked_example_knockout():
    scores = score_evaluation(worked_example(), persona="young", answers=worked_example_answers(q4=False))

    assert shown(scores) == {
        "total": "0.0",
        "persona": "0.0",
        "arrival": "71.4",
        "consultation": "25.0",
        "entrance": "80.0",
        "advisor": "25.0",
        "phone": "50.0",
    }
    assert scores.total == 0 and scores.persona_score == 0
    assert scores.knockouts == ["q4"]
    assert scores.passed is False
    # The sums still show what was achieved, so an explanation can say what the knockout cost.
    assert scores.total_sums == PointSums(achieved=6, possible=11)
    assert [score.question_id for score in scores.questions if score.knocked_out] == ["q4"]


# When a question counts


def test_empty_set_is_none_never_zero():
    template = definition(
        [question("note", "text"), question("mood", "emotion"), question("ok", "yes_no", step="other")],
        steps=("visit", "other"),
        touchpoints=("desk", "phone"),
    )

    scores = score_evaluation(template, persona="shopper", answers=answers(note="fine", mood=4))

    assert scores.total is None and scores.persona_score is None
    assert scores.steps == {"visit": None, "other": None}
    assert scores.touchpoints == {"desk": None, "phone": None}
    assert scores.total_sums == PointSums(0, 0)
    assert scores.passed is False
    assert reasons(scores) == {"note": "not_scored_type", "mood": "not_scored_type", "ok": "unanswered"}


def test_na_is_not_applicable_only_where_allowed():
    template = definition(
        [
            question("allowed", "yes_no", na_allowed=True),
            question("strict", "yes_no"),
            question("ok", "yes_no"),
        ]
    )

    scores = score_evaluation(template, persona="shopper", answers=answers(allowed=NA, strict=NA, ok=True))

    assert reasons(scores) == {"allowed": "not_applicable", "strict": "unanswered", "ok": "scored"}
    assert scores.total == 100.0


def test_na_with_a_value_is_still_na():
    template = definition([question("q", "yes_no", na_allowed=True), question("ok", "yes_no")])

    given = {"q": AnswerIn(value=False, na=True), "ok": AnswerIn(value=True)}

    scores = score_evaluation(template, persona="shopper", answers=given)

    assert reasons(scores)["q"] == "not_applicable"
    assert scores.total == 100.0


def test_optional_question_left_empty_does_not_count():
    template = definition([question("extra", "yes_no", required=False), question("ok", "yes_no")])

    for empty in ({}, {"extra": AnswerIn()}, {"extra": AnswerIn(value="")}):
        scores = score_evaluation(template, persona="shopper", answers={**empty, "ok": AnswerIn(value=True)})
        assert reasons(scores)["extra"] == "unanswered"
        assert scores.total == 100.0


def test_hidden_answer_is_stored_but_not_counted():
    template = definition(
        [
            question("bought", "yes_no"),
            question("receipt", "yes_no", show_if={"question": "bought", "equals": True}),
        ]
    )

    scores = score_evaluation(template, persona="shopper", answers=answers(bought=True, receipt=False))
    hidden = score_evaluation(template, persona="shopper", answers=answers(bought=False, receipt=False))

    assert scores.total == 50.0
    assert reasons(hidden) == {"bought": "scored", "receipt": "hidden"}
    assert hidden.total == 0.0
    assert hidden.total_sums == PointSums(0, 1)


def test_persona_only_question():
    template = definition(
        [question("general", "yes_no"), question("invoice", "yes_no", personas=["business"])],
        personas={"young": {}, "business": {}},
    )
    given = answers(general=True, invoice=False)

    young = score_evaluation(template, persona="young", answers=given)
    business = score_evaluation(template, persona="business", answers=given)

    assert reasons(young)["invoice"] == "other_persona"
    assert young.total == 100.0
    assert reasons(business)["invoice"] == "scored"
    assert business.total == 50.0


def test_unscored_types_count_as_answers_but_earn_nothing():
    template = definition(
        [
            question("note", "text"), question("shot", "photo"), question("day", "date"),
            question("at", "time"),
            question("nps", "nps"), question("mood", "emotion"), question("ok", "yes_no"),
        ]
    )
    given = {
        **answers(note="clean", day="2026-03-01", at="14:05", nps=10, mood=5, ok=False),
        "shot": AnswerIn(photos=["0f8fad5b-d9cb-469f-a165-70867728950e"]),
    }

    scores = score_evaluation(template, persona="shopper", answers=given)

    assert {score.question_id for score in scores.questions if score.reason == "not_scored_type"} == {
        "note", "shot", "day", "at", "nps", "mood",
    }
    assert all(score.points is None and score.max_points is None for score in scores.questions[:6])
    assert scores.total == 0.0


@pytest.mark.parametrize(
    ("question_type", "value"),
    [
        ("yes_no", "yes"), ("yes_no", 1), ("single_choice", "unknown"), ("single_choice", ["ok"]),
        ("multi_choice", ["ok", "unknown"]), ("multi_choice", "ok"),
        ("scale", 9), ("scale", True), ("scale", "3"),
        ("number", "12"), ("number", float("nan")), ("duration", {"seconds": 3}), ("nps", 11), ("nps", 7.5),
        ("emotion", 0), ("text", 42), ("date", "2026-02-30"), ("date", "1.3.2026"), ("time", "25:00"),
    ],
)
def test_values_that_do_not_fit_are_unanswered(question_type, value):
    settings = {
        "single_choice": {"options": options(ok=1)},
        "multi_choice": {"options": options(ok=1)},
        "scale": {"min": 1, "max": 5},
        "number": {"bands": [{"max": 10, "points": 1}]},
        "duration": {"bands": [{"max": 10, "points": 1}]},
    }.get(question_type, {})
    template = definition(
        [question("odd", question_type, knockout=True, **settings), question("ok", "yes_no")]
    )

    scores = score_evaluation(template, persona="shopper", answers=answers(odd=value, ok=True))

    assert reasons(scores)["odd"] == "unanswered"
    assert scores.questions[0].value is None
    assert scores.total == 100.0 and scores.knockouts == []


# Totals, persona scores, knockouts, pass


def test_weights_scale_each_question():
    template = definition(
        [
            question("heavy", "yes_no", weight=3),
            question("light", "yes_no"),
            question("free", "yes_no", weight=0),
        ]
    )

    given = answers(heavy=True, light=False, free=False)

    scores = score_evaluation(template, persona="shopper", answers=given)

    assert scores.total == 75.0
    assert scores.total_sums == PointSums(3, 4)


def test_only_weightless_questions_give_none():
    template = definition([question("free", "yes_no", weight=0)])

    assert score_evaluation(template, persona="shopper", answers=answers(free=True)).total is None


def test_persona_score_skips_zero_weights_and_empty_touchpoints():
    template = definition(
        [
            question("a", "yes_no", touchpoint="web"),
            question("b", "yes_no", touchpoint="desk"),
            question("c", "yes_no", touchpoint="phone"),
        ],
        touchpoints=("web", "desk", "phone", "kiosk"),
        personas={"online": {"web": 3, "desk": 0}},
    )

    scores = score_evaluation(template, persona="online", answers=answers(a=True, b=True, c=False))

    # web 100 (weight 3), phone 0 (weight 1 by default), desk weighs 0, kiosk has no score.
    assert scores.persona_score == 75.0
    assert scores.persona_weights == {"web": 3, "desk": 0, "phone": 1, "kiosk": 1}


def test_persona_score_with_only_zero_weights_is_none():
    template = definition([question("a", "yes_no")], personas={"nobody": {"desk": 0}})

    scores = score_evaluation(template, persona="nobody", answers=answers(a=True))

    assert scores.total == 100.0 and scores.persona_score is None


def test_unknown_persona_weighs_every_touchpoint_one():
    template = definition(
        [question("a", "yes_no", touchpoint="web"), question("b", "yes_no", touchpoint="desk", weight=5)],
        touchpoints=("web", "desk"),
    )

    scores = score_evaluation(template, persona="stranger", answers=answers(a=True, b=False))

    assert scores.persona_score == 50.0
    assert scores.total == pytest.approx(100 / 6)


@pytest.mark.parametrize(
    ("answer", "knocked_out"),
    [(False, True), (True, False), (NA, False), ("excellent", False)],
)
def test_knockout_only_when_applicable_and_zero(answer, knocked_out):
    template = definition(
        [question("ko", "yes_no", knockout=True, na_allowed=True), question("ok", "yes_no")]
    )

    scores = score_evaluation(template, persona="shopper", answers=answers(ko=answer, ok=True))

    assert (scores.knockouts == ["ko"]) is knocked_out
    assert (scores.total == 0) is knocked_out


def test_knockout_with_partial_points_does_not_knock_out():
    template = definition(
        [question("q", "single_choice", knockout=True, options=options(good=2, fair=1, bad=0))]
    )

    fair = score_evaluation(template, persona="shopper", answers=answers(q="fair"))
    bad = score_evaluation(template, persona="shopper", answers=answers(q="bad"))

    assert fair.total == 50.0 and fair.knockouts == []
    assert bad.knockouts == ["q"]


def test_hidden_knockout_does_not_knock_out():
    template = definition(
        [
            question("gate", "yes_no"),
            question("ko", "yes_no", knockout=True, show_if={"question": "gate", "equals": True}),
        ]
    )

    scores = score_evaluation(template, persona="shopper", answers=answers(gate=False, ko=False))

    assert scores.knockouts == [] and reasons(scores)["ko"] == "hidden"


@pytest.mark.parametrize(
    ("value", "threshold", "passed"),
    [(4, None, True), (3.99, None, False), (5, None, True), (2.5, 50, True), (2.49, 50, False)],
)
def test_pass_threshold_boundary(value, threshold, passed):
    # A scale 0..5 worth 1 point scores 20 times the value; the default threshold is 80.
    settings = {} if threshold is None else {"pass_threshold": threshold}
    template = definition([question("q", "scale", min=0, max=5)], **settings)

    scores = score_evaluation(template, persona="shopper", answers=answers(q=value))

    assert scores.passed is passed


# An evaluation's own emotion per step


def test_emotion_per_step_is_the_mean_of_the_steps_applicable_emotion_answers():
    template = definition(
        [
            question("ok", "yes_no", step="arrival"),
            question("mood_in", "emotion", step="arrival"),
            question("mood_out", "emotion", step="arrival"),
            question("mood_young", "emotion", step="arrival", personas=["young"]),
            question("mood_talk", "emotion", step="consultation", na_allowed=True),
            question("mood_hidden", "emotion", step="closing", show_if={"question": "ok", "equals": False}),
        ],
        steps=("arrival", "consultation", "closing"),
        personas={"young": {}, "business": {}},
    )
    sent = answers(ok=True, mood_in=1, mood_out=5, mood_young=2, mood_talk=NA, mood_hidden=1)

    assert score_evaluation(template, persona="business", answers=sent).emotions == {"arrival": 3.0}
    assert score_evaluation(template, persona="young", answers=sent).emotions == {"arrival": pytest.approx(8 / 3)}
    assert score_evaluation(template, persona="young", answers=answers(ok=False, mood_hidden=4, mood_talk=5)).emotions \
        == {"consultation": 5.0, "closing": 4.0}
    assert score_evaluation(template, persona="young", answers=answers(mood_in=6, mood_out="5")).emotions == {}
