"""The pure rules on top of the SQL means: pain points below the pass threshold, and the NPS formula."""

import pytest

from backend.scoring.aggregates import Aggregate, net_promoter_score, pain_points

TOUCHPOINTS = ["web", "phone", "desk", "kiosk", "checkout", "shelf"]


def test_pain_points_are_the_lowest_three_below_the_threshold_with_ties():
    matrix = {
        "young": {
            "web": Aggregate(40.0, 2),
            "desk": Aggregate(40.0, 5),
            "phone": Aggregate(40.0, 5),
            "kiosk": Aggregate(10.0, 1),
            "checkout": Aggregate(50.0, 9),
            "shelf": Aggregate(None, 0),
        },
        "business": {"web": Aggregate(None, 0), "desk": Aggregate(70.0, 1)},
    }

    assert pain_points(matrix, touchpoints=TOUCHPOINTS, pass_threshold=80) == {
        # kiosk lowest; of the three at 40, more evaluations first, then template order (phone before desk)
        "young": ["kiosk", "phone", "desk"],
        "business": ["desk"],
    }


def test_a_touchpoint_at_or_above_the_threshold_is_never_a_pain_point():
    matrix = {
        "young": {"web": Aggregate(80.0, 3), "phone": Aggregate(100.0, 1), "desk": Aggregate(79.9, 2)},
        "business": {"web": Aggregate(80.0, 1), "phone": Aggregate(95.0, 4), "desk": Aggregate(None, 0)},
    }

    assert pain_points(matrix, touchpoints=TOUCHPOINTS, pass_threshold=80) == {"young": ["desk"], "business": []}
    assert pain_points(matrix, touchpoints=TOUCHPOINTS, pass_threshold=0) == {"young": [], "business": []}
    assert pain_points(matrix, touchpoints=TOUCHPOINTS, pass_threshold=100) == {
        "young": ["desk", "web"], "business": ["web", "phone"]}


def test_a_mean_that_is_the_threshold_but_for_float_noise_is_at_the_threshold():
    # (40.8 + 99.6 + 99.6) / 3 is 80, but summed in floats 79.99999999999999; another order of summing
    # (another database) may give 80.0.
    noisy = (40.8 + 99.6 + 99.6) / 3
    assert noisy < 80
    matrix = {"young": {"web": Aggregate(noisy, 3), "phone": Aggregate(80.0, 1)}}

    assert pain_points(matrix, touchpoints=TOUCHPOINTS, pass_threshold=80) == {"young": []}
    assert pain_points(matrix, touchpoints=TOUCHPOINTS, pass_threshold=80.5) == {"young": ["web", "phone"]}


@pytest.mark.parametrize(
    ("promoters", "detractors", "answered", "score"),
    [(2, 2, 6, 0.0), (3, 0, 4, 75.0), (0, 3, 3, -100.0), (0, 0, 2, 0.0), (2, 1, 3, pytest.approx(100 / 3))],
)
def test_net_promoter_score(promoters, detractors, answered, score):
    nps = net_promoter_score(promoters=promoters, detractors=detractors, answered=answered)

    assert nps.mean == score and nps.n == answered
    assert nps.passives == answered - promoters - detractors


def test_net_promoter_score_of_nothing_is_none():
    nps = net_promoter_score(promoters=0, detractors=0, answered=0)

    assert (nps.mean, nps.n, nps.passives) == (None, 0, 0)
