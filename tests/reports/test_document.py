import pytest
from .factories import project_report, worked_example

from backend.reports.document import HeatMap, NetPromoterScore, ReportClient, ScoreCell, TrendSeries


def test_a_heat_map_has_one_cell_per_persona_and_touchpoint():
    cell = ScoreCell(50.0, 3)
    HeatMap(personas=("a",), touchpoints=("x", "y"), cells=((cell, cell),))
    with pytest.raises(ValueError):
        HeatMap(personas=("a", "b"), touchpoints=("x", "y"), cells=((cell, cell),))
    with pytest.raises(ValueError):
        HeatMap(personas=("a",), touchpoints=("x", "y"), cells=((cell,),))


def test_trend_series_need_a_value_per_wave():
    report = project_report()
    with pytest.raises(ValueError):
        type(report)(**{**report.__dict__, "trend": (TrendSeries("x", (ScoreCell(1.0, 1),)),)})


def test_only_german_and_english_reports():
    with pytest.raises(ValueError):
        ReportClient(name="x", language="fr")


def test_the_photo_keys_are_those_the_answers_show():
    assert worked_example().photo_keys() == {"photo-entrance"}
    assert worked_example(photos=()).photo_keys() == frozenset()


def test_nps_n_is_the_sum_of_its_groups():
    assert NetPromoterScore(score=22.5, promoters=18, passives=13, detractors=9).n == 40
