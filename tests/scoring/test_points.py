"""Points per question type: the SCORING.md table, one row at a time."""

from fractions import Fraction

import pytest

from backend.checklists.template import AnswerIn, Question
from backend.scoring.points import answer_fits, earned_points, exact, max_points
from tests.scoring.factories import options, question


def make(question_type: str, **settings) -> Question:
    return Question.model_validate(question("q", question_type, **settings))


def test_exact_keeps_the_written_decimal():
    assert exact(0.1) + exact(0.2) == exact(0.3) == Fraction(3, 10)
    assert exact(2) == 2


@pytest.mark.parametrize(
    ("settings", "value", "earned", "maximum"),
    [
        ({}, True, 1, 1),
        ({}, False, 0, 1),
        ({"points": 4}, True, 4, 4),
        ({"pass_on": "no"}, False, 1, 1),
        ({"pass_on": "no", "points": 2}, True, 0, 2),
        ({"pass_on": False}, False, 1, 1),
    ],
)
def test_yes_no(settings, value, earned, maximum):
    q = make("yes_no", **settings)
    assert (earned_points(q, value), max_points(q)) == (earned, maximum)


def test_single_choice_earns_the_chosen_option():
    q = make("single_choice", options=options(excellent=3, ok=1.5, poor=0))
    assert [earned_points(q, value) for value in ("excellent", "ok", "poor")] == [3, Fraction(3, 2), 0]
    assert max_points(q) == 3
    assert earned_points(q, "missing") is None


@pytest.mark.parametrize(
    ("max_points_setting", "value", "earned", "maximum"),
    [
        (None, ["a", "b"], 3, 6),
        (None, ["a", "b", "c"], 6, 6),
        (4, ["a", "b", "c"], 4, 4),
        (4, ["c"], 3, 4),
        (4, ["b", "b"], 2, 4),
        (4, ["d"], 0, 4),
    ],
)
def test_multi_choice_sum_is_capped(max_points_setting, value, earned, maximum):
    settings = {"options": options(a=1, b=2, c=3, d=0)}
    if max_points_setting is not None:
        settings["max_points"] = max_points_setting
    q = make("multi_choice", **settings)
    assert (earned_points(q, value), max_points(q)) == (earned, maximum)


@pytest.mark.parametrize(("value", "earned"), [(1, 0), (4, Fraction(3, 2)), (5, 2), (2.5, Fraction(3, 4))])
def test_scale_is_linear(value, earned):
    q = make("scale", min=1, max=5, points=2)
    assert earned_points(q, value) == earned
    assert max_points(q) == 2


@pytest.mark.parametrize("value", [0, 6, True, "3", None, float("inf")])
def test_scale_value_outside_its_range_does_not_fit(value):
    assert earned_points(make("scale", min=1, max=5), value) is None


def test_scale_without_a_range_scores_nothing():
    assert earned_points(make("scale"), 3) is None


BANDS = [
    {"max": 20, "points": 3},
    {"min": 21, "max": 40, "points": 2},
    {"min": 100, "points": 0.5},
    {"max": 60, "points": 1},
]


@pytest.mark.parametrize("question_type", ["number", "duration"])
@pytest.mark.parametrize(
    ("value", "earned"),
    [
        (0, 3), (20, 3), (20.5, 1), (21, 2), (40, 2), (41, 1), (60, 1), (61, 0), (99, 0),
        (100, Fraction(1, 2)), (1e6, Fraction(1, 2)),
    ],
)
def test_first_band_whose_bounds_hold(question_type, value, earned):
    q = make(question_type, bands=BANDS)
    assert earned_points(q, value) == earned
    assert max_points(q) == 3


def test_band_without_bounds_catches_everything():
    q = make("number", bands=[{"max": 5, "points": 2}, {"points": 1}])
    assert [earned_points(q, value) for value in (5, 6, -1e9)] == [2, 1, 2]


def test_number_outside_its_allowed_range_does_not_fit():
    q = make("number", min=0, max=10, bands=[{"max": 5, "points": 1}])
    assert [earned_points(q, value) for value in (-1, 0, 10, 11)] == [None, 1, 0, None]


@pytest.mark.parametrize("question_type", ["text", "photo", "date", "time", "nps", "emotion"])
def test_unscored_types_have_no_points(question_type):
    q = make(question_type)
    assert max_points(q) is None
    assert earned_points(q, 5) is None


@pytest.mark.parametrize(
    ("question_type", "answer", "fits"),
    [
        ("photo", AnswerIn(photos=["a"]), True),
        ("photo", AnswerIn(), False),
        ("photo", AnswerIn(na=True, photos=["a"]), False),
        ("nps", AnswerIn(value=0), True),
        ("nps", AnswerIn(value=10.0), True),
        ("nps", AnswerIn(value=-1), False),
        ("emotion", AnswerIn(value=3), True),
        ("emotion", AnswerIn(value=6), False),
        ("text", AnswerIn(value="ok"), True),
        ("text", AnswerIn(value=""), False),
        ("date", AnswerIn(value="2024-02-29"), True),
        ("date", AnswerIn(value="2023-02-29"), False),
        ("time", AnswerIn(value="23:59"), True),
        ("time", AnswerIn(value="9:00"), False),
        ("yes_no", AnswerIn(value=False), True),
        ("yes_no", AnswerIn(value=False, na=True), False),
    ],
)
def test_answer_fits(question_type, answer, fits):
    assert answer_fits(make(question_type), answer) is fits
