"""Scores as reports print them."""

import pytest

from backend.scoring.display import format_score


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (63.636, "63.6"),
        (63.64, "63.6"),
        (100 * 7 / 11, "63.6"),
        (84.25, "84.3"),
        (84.35, "84.4"),  # binary 84.35 lies just below 84.35: rounding the repr, not the float, gives 84.4
        (2.675, "2.7"),
        (0.05, "0.1"),
        (0.04, "0.0"),
        (0, "0.0"),
        (100, "100.0"),
        (99.95, "100.0"),
        (-12.25, "-12.3"),  # NPS can be negative: half away from zero
        (-0.04, "0.0"),
    ],
)
def test_one_decimal_half_away_from_zero(value, text):
    assert format_score(value) == text


def test_none_is_na():
    assert format_score(None) == "n/a"
    assert format_score(None, na="–") == "–"


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "63.6"), ("de", "63,6"), ("de-DE", "63,6"), ("de_AT", "63,6"), ("de-CH", "63.6"),
        ("fr", "63,6"), ("xx", "63.6"),
    ],
)
def test_locale_decimal_separator(locale, text):
    assert format_score(63.636, locale=locale) == text


def test_not_a_number_is_refused():
    with pytest.raises(ValueError):
        format_score(float("nan"))
