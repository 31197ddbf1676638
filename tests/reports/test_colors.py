import pytest

from backend.reports.colors import (
    DEFAULT_BRAND_COLOR, brand_color, contrast_ratio, heat_cell, mix_with_white, readable_text, score_color,
)


@pytest.mark.parametrize("value", ["#0B5394", "#ffffff", "#000000"])
def test_a_hex_brand_color_is_used(value):
    assert brand_color(value) == value.lower()


@pytest.mark.parametrize(
    "value",
    [None, "", "red", "#fff", "#12345g", "#1234567", "#123456; } body { display: none", "url(http://x/)", " #123456"],
)
def test_anything_else_falls_back_to_the_default_color(value):
    assert brand_color(value) == DEFAULT_BRAND_COLOR


def test_every_heat_cell_is_readable():
    for tenth in range(0, 1001, 5):
        cell = heat_cell(tenth / 10)
        assert contrast_ratio(cell.fill, cell.text) >= 4.5, tenth / 10
    missing = heat_cell(None)
    assert contrast_ratio(missing.fill, missing.text) >= 4.5


def test_the_scale_runs_from_red_through_amber_to_green():
    def rgb(color):
        return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))

    red, amber, green = rgb(score_color(0)), rgb(score_color(70)), rgb(score_color(100))
    assert red[0] > red[1] + 80
    assert amber[0] > 200 and amber[1] > 150 and amber[2] < 120
    assert green[1] > green[0] + 60
    assert score_color(-5) == score_color(0) and score_color(105) == score_color(100)


def test_brand_text_contrasts_with_the_brand():
    for brand in ("#0b5394", "#ffd700", "#1f4e79", "#e53935", "#ffffff"):
        assert contrast_ratio(brand, readable_text(brand)) >= 3.0
    assert mix_with_white("#000000", 0.5) == "#808080"
