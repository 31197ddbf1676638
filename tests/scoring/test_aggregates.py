"""Aggregates over many evaluations: means with n, the matrix, the journey curve, NPS, pain points."""

import pytest

from backend.scoring.aggregates import (
    Aggregate,
    JourneyPoint,
    group_means,
    journey_curve,
    mean_with_n,
    nps,
    pain_points,
    persona_touchpoint_matrix,
    question_pass_rates,
)


def test_mean_skips_none_and_counts_contributors():
    assert mean_with_n([80.0, None, 50.0, 65.0]) == Aggregate(mean=65.0, n=3)


def test_mean_of_nothing_is_none():
    assert mean_with_n([]) == Aggregate(mean=None, n=0)
    assert mean_with_n([None, None]) == Aggregate(mean=None, n=0)


def test_mean_is_exact():
    # Summed in floats, 0.1 + 0.2 + 0.3 over 3 is 0.20000000000000004.
    assert mean_with_n([0.1, 0.2, 0.3]).mean == 0.2
    assert mean_with_n([100 * 7 / 11] * 3).mean == 100 * 7 / 11


def test_matrix_means_per_persona_and_touchpoint():
    rows = [
        ("young", "entrance", 80.0), ("young", "advisor", 50.0),
        ("young", "entrance", 60.0), ("young", "advisor", None),
        ("business", "advisor", 25.0),
    ]

    matrix = persona_touchpoint_matrix(
        rows, personas=["business", "young"], touchpoints=["entrance", "advisor", "phone"]
    )

    assert matrix == {
        "business": {
            "entrance": Aggregate(None, 0), "advisor": Aggregate(25.0, 1), "phone": Aggregate(None, 0),
        },
        "young": {"entrance": Aggregate(70.0, 2), "advisor": Aggregate(50.0, 1), "phone": Aggregate(None, 0)},
    }
    assert list(matrix) == ["business", "young"]
    assert list(matrix["young"]) == ["entrance", "advisor", "phone"]


def test_matrix_keeps_keys_the_order_does_not_name():
    matrix = persona_touchpoint_matrix([("guest", "kiosk", 10.0)], personas=["young"], touchpoints=["desk"])

    assert matrix == {
        "young": {"desk": Aggregate(None, 0), "kiosk": Aggregate(None, 0)},
        "guest": {"desk": Aggregate(None, 0), "kiosk": Aggregate(10.0, 1)},
    }


def test_journey_curve_in_step_order_with_emotions_where_asked():
    step_rows = [
        ("young", "consultation", 50.0), ("young", "arrival", 70.0),
        ("young", "consultation", 100.0), ("young", "arrival", None),
    ]
    emotion_rows = [("young", "consultation", 4.0), ("young", "consultation", 2.0)]

    curve = journey_curve(
        step_rows,
        emotion_rows,
        steps=["arrival", "consultation", "closing"],
        emotion_steps={"consultation", "closing"},
    )

    assert curve == {
        "young": [
            JourneyPoint("arrival", score=Aggregate(70.0, 1), emotion=None),
            JourneyPoint("consultation", score=Aggregate(75.0, 2), emotion=Aggregate(3.0, 2)),
            JourneyPoint("closing", score=Aggregate(None, 0), emotion=Aggregate(None, 0)),
        ]
    }


@pytest.mark.parametrize(
    ("values", "score"),
    [
        ([10, 9, 8, 7, 6, 0], 0.0),
        ([10, 10, 9, 8], 75.0),
        ([0, 5, 6], -100.0),
        ([9, None, 3, 8], 0.0),
        ([7, 8], 0.0),
        ([10, 6, 8], pytest.approx(0.0)),
        ([10, 9, 0], pytest.approx(100 / 3)),
    ],
)
def test_nps(values, score):
    assert nps(values) == score


def test_nps_of_nothing_is_none():
    assert nps([]) is None
    assert nps([None]) is None


@pytest.mark.parametrize("value", [11, -1, 7.5, "9", True])
def test_nps_refuses_values_outside_the_scale(value):
    with pytest.raises(ValueError):
        nps([9, value])


def test_pain_points_lowest_three_with_ties():
    matrix = {
        "young": {
            "web": Aggregate(40.0, 2),
            "desk": Aggregate(40.0, 5),
            "phone": Aggregate(40.0, 5),
            "kiosk": Aggregate(10.0, 1),
            "checkout": Aggregate(90.0, 9),
            "shelf": Aggregate(None, 0),
        },
        "business": {"web": Aggregate(None, 0), "desk": Aggregate(70.0, 1)},
    }

    assert pain_points(matrix, touchpoints=["web", "phone", "desk", "kiosk", "checkout", "shelf"]) == {
        "young": ["kiosk", "phone", "desk"],
        "business": ["desk"],
    }


def test_question_pass_rates_over_applicable_answers():
    rows = [
        ("q1", 1.0, 1.0), ("q1", 0.0, 1.0), ("q1", None, 1.0), ("q1", 1.0, 1.0),
        ("q2", 1.5, 2.0), ("q3", None, 3.0),
    ]

    rates = question_pass_rates(rows, questions=["q0", "q1", "q2", "q3"])

    assert rates == {
        "q0": Aggregate(None, 0),
        "q1": Aggregate(pytest.approx(200 / 3), 3),
        "q2": Aggregate(0.0, 1),
        "q3": Aggregate(None, 0),
    }


def test_group_means_by_one_or_two_keys():
    rows = [
        {"location": "berlin", "wave": "2026-Q1", "score": 80.0},
        {"location": "berlin", "wave": "2026-Q2", "score": 60.0},
        {"location": "munich", "wave": "2026-Q1", "score": None},
        {"location": "berlin", "wave": "2026-Q1", "score": 90.0},
    ]

    assert group_means(rows, ["location"]) == {
        ("berlin",): Aggregate(pytest.approx(230 / 3), 3),
        ("munich",): Aggregate(None, 0),
    }
    assert group_means(rows, ["location", "wave"]) == {
        ("berlin", "2026-Q1"): Aggregate(85.0, 2),
        ("berlin", "2026-Q2"): Aggregate(60.0, 1),
        ("munich", "2026-Q1"): Aggregate(None, 0),
    }
    assert group_means(rows, []) == {(): Aggregate(pytest.approx(230 / 3), 3)}
    assert group_means([{"step": "arrival", "persona_score": 40.0}], ["step"], value="persona_score") == {
        ("arrival",): Aggregate(40.0, 1)
    }
